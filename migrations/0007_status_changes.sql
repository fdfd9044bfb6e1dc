-- The viewer's swimlanes read each pod's STATUS changes in a window and the STATUS at its start:
-- covered by this index (the value is in it), a window of 2,000 pods reads index pages only,
-- instead of one table row per change scattered over a log of millions of entries.
CREATE INDEX pod_status_changes ON pod_transitions (uid, at, value) WHERE track = 'status';
