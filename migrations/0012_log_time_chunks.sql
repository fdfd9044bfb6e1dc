-- The range of observation times in each run of 1,024 positions of a cluster's log (a read model).
-- Observation times only mostly grow with positions (an import of an older file, a clock step), so
-- the entries observed in a window lie in the runs whose range meets it: a replay or a watch from
-- an instant reads those runs, where the time index or a scan in log order read every entry after
-- the instant (seconds at 10 million entries for a minute early in the log).
-- Filled here from the whole log; the projection keeps it (widening a range is idempotent).
CREATE TABLE log_time_chunks (
  cluster TEXT NOT NULL,
  chunk INTEGER NOT NULL,
  first_observed_at INTEGER NOT NULL,
  last_observed_at INTEGER NOT NULL,
  PRIMARY KEY (cluster, chunk)
) WITHOUT ROWID;
INSERT INTO log_time_chunks (cluster, chunk, first_observed_at, last_observed_at)
  SELECT cluster, position / 1024, min(observed_at), max(observed_at) FROM log_entries
  GROUP BY cluster, position / 1024;
