-- Events alive at an instant, found through the time their lifetimes span instead of every Event
-- ever recorded. Real Events expire an hour after their last write, so a long recording holds
-- millions of them while a few thousand are alive at any instant, and the list-order walk of
-- events_by_name_lifetime read through them all to find those (3.4 M for 19,000 in the bench's
-- 10 M log). An Event's lifetime L (first observation to observed deletion) puts it in class
-- floor(log2(L + 1)), so L < 2^(class + 1): one alive at T was deleted after T and before
-- T + 2^(class + 1), and each class reads only the deletions of a window as long as its own
-- lifetimes. Events not deleted (class NULL) are read by first observation. Computed by SQLite
-- (a virtual column), so every writer of a lifetime keeps it right.
ALTER TABLE events ADD COLUMN lifetime_class INTEGER GENERATED ALWAYS AS (
  CASE WHEN deleted_at IS NOT NULL
    THEN CAST(floor(log2(max(deleted_at - first_seen_at, 0) + 1)) AS INTEGER) END
) VIRTUAL;
CREATE INDEX events_alive ON events (cluster, namespace, lifetime_class, deleted_at, first_seen_at, name, uid);
