-- Pods, and every other kind but Events (`objects`: Jobs, ReplicaSets, …), alive at an instant,
-- found through the time their lifetimes span, as Events are (0015). A long recording holds every
-- pod that rollouts, scaling and Jobs ever made, and every Job a CronJob ran, far more than were
-- alive at any instant; the walks in name or first-seen order read them all to find the living
-- (in the bench's 10 M log, ten dead pods in a namespace for each living one; a CronJob's
-- namespace after a year, thousands). The class is floor(log2(L + 1)) of the lifetime L: a row
-- alive at T was deleted after T and before T + 2^(class + 1); the rows not deleted (class NULL)
-- are read by first observation.
ALTER TABLE pods ADD COLUMN lifetime_class INTEGER GENERATED ALWAYS AS (
  CASE WHEN deleted_at IS NOT NULL
    THEN CAST(floor(log2(max(deleted_at - first_seen_at, 0) + 1)) AS INTEGER) END
) VIRTUAL;
CREATE INDEX pods_alive ON pods (cluster, namespace, lifetime_class, deleted_at, first_seen_at, name, uid);
ALTER TABLE objects ADD COLUMN lifetime_class INTEGER GENERATED ALWAYS AS (
  CASE WHEN deleted_at IS NOT NULL
    THEN CAST(floor(log2(max(deleted_at - first_seen_at, 0) + 1)) AS INTEGER) END
) VIRTUAL;
CREATE INDEX objects_alive
  ON objects (cluster, resource, namespace, lifetime_class, deleted_at, first_seen_at, name, uid);
