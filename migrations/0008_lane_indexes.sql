-- The viewer's swimlanes, over a long history: a window of 2,000 pods reads each pod's identity,
-- restarts and CrashLoopBackOff episodes from index pages alone, because the columns a lane draws
-- are in the indexes. Without them every restart and episode is one more table row read, each on
-- a page of its own in a log of millions of entries.
DROP INDEX pods_by_name_lifetime;
CREATE INDEX pods_by_name_lifetime ON pods (cluster, namespace, name, first_seen_at, uid, deleted_at, node, created_at);
DROP INDEX restarts_by_uid;
CREATE INDEX restarts_by_uid ON restarts (uid, at, container, exit_code, reason, signal, inferred);
CREATE INDEX crashloop_lanes ON crashloop_episodes (uid, started_at, ended_at, container, restarts);
