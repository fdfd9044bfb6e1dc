-- Questions about a window of a long history answered through indexes by time, instead of a pass
-- over the whole history (seconds to tens of seconds at 10 million entries): what changed between
-- two instants (pods' STATUS changes, creations, deletions) and which pods restarted most.
CREATE INDEX pod_status_changes_by_time ON pod_transitions (at, uid, value, position) WHERE track = 'status';
CREATE INDEX pods_by_creation ON pods (coalesce(created_at, first_seen_at));
CREATE INDEX pods_by_deletion ON pods (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX objects_by_first_seen ON objects (first_seen_at);
CREATE INDEX objects_by_deletion ON objects (deleted_at) WHERE deleted_at IS NOT NULL;
-- The pods that restarted most in a window, without a cluster named: restarts by time alone.
CREATE INDEX restarts_by_at ON restarts (at);
-- Event occurrences and CrashLoopBackOff episodes across every namespace, oldest first: walked
-- in time order and stopped at the page size, instead of sorting the whole history (a page of
-- Warnings took 12 s at 10 million entries). An episode overlaps a window when it started before
-- its end and ended after its start: with the end in the index, only matches read a row.
CREATE INDEX event_occurrences_by_at ON event_occurrences (at);
CREATE INDEX crashloop_by_start ON crashloop_episodes (started_at, ended_at);
DROP INDEX crashloop_by_namespace_time;
CREATE INDEX crashloop_by_namespace_time ON crashloop_episodes (namespace, started_at, ended_at);
