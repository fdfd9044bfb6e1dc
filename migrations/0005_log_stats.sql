-- Counts of log entries per cluster, resource and type, with the observed-time range: a read
-- model (rebuilt from the log like the others) so status pages and metrics never scan the log.
CREATE TABLE log_stats (
  cluster TEXT NOT NULL,
  resource TEXT NOT NULL,
  type TEXT NOT NULL,
  entries INTEGER NOT NULL,
  first_observed_at INTEGER NOT NULL,
  last_observed_at INTEGER NOT NULL,
  PRIMARY KEY (cluster, resource, type)
);
