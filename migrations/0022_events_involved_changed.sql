-- Events by the object they are about, for the field selector `kubectl describe` sends
-- (involvedObject.name, .namespace, .uid): the facade read every Event alive in the namespace
-- and decoded each to test it (thousands, where the pod has a handful). An Event row holds its
-- first version's involved object; involved_changed is 1 once a later version named another (a
-- core/v1 update may), 0 while the row held for every version, and NULL for the rows projected
-- before this migration: not known. While a cluster has such rows, the facade tests the row of each
-- Event alive at the instant instead, and decodes those that cannot tell, until `kubetrail rebuild`
-- projects them again (or retention removes them).
ALTER TABLE events ADD COLUMN involved_changed INTEGER;
CREATE INDEX events_by_involved_name ON events (cluster, involved_name, first_seen_at);
CREATE INDEX events_involved_unsure ON events (cluster, namespace, first_seen_at) WHERE involved_changed IS NOT 0;
