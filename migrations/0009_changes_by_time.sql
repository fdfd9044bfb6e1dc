-- "What changed between two instants" over a long history: pods' STATUS changes, creations and
-- deletions found through indexes by time, instead of a window function over every version of
-- every pod and a pass over every pod (seconds to tens of seconds at 10 million entries).
CREATE INDEX pod_status_changes_by_time ON pod_transitions (at, uid, value, position) WHERE track = 'status';
CREATE INDEX pods_by_creation ON pods (coalesce(created_at, first_seen_at));
CREATE INDEX pods_by_deletion ON pods (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX objects_by_first_seen ON objects (first_seen_at);
CREATE INDEX objects_by_deletion ON objects (deleted_at) WHERE deleted_at IS NOT NULL;
