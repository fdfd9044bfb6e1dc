-- Indexes for the viewer's bulk timeline read (/api/v1/timelines).

-- Pods alive in a window, in kubectl order, without touching the table: the whole sort key and
-- the lifetime bounds are in the index, so skipping pods deleted long before the window is an
-- index scan even when they outnumber the live ones by hundreds to one.
CREATE INDEX pods_by_name_lifetime ON pods (cluster, namespace, name, first_seen_at, uid, deleted_at);

-- Markers (gaps, relists, reconnects, collector starts and stops) are a sliver of the log: found
-- by kind and time without scanning every entry.
CREATE INDEX log_entries_markers ON log_entries (kind, observed_at) WHERE type = 'MARKER';
