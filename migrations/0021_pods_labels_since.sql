-- Where a pod's newest labels were first observed: its versions from that position on carry the
-- labels the row holds, so a label selector over an instant reads them from the row instead of
-- decoding each pod's version then (a pod relabeled later is still selected as it was labeled
-- then). NULL, for the pods recorded before this migration, means not known: those versions are
-- read from the log, until `kubetrail rebuild` projects them again.
ALTER TABLE pods ADD COLUMN labels_since_position INTEGER;
