-- Namespace-wide history without a cluster filter (the common case with one cluster): walk the
-- namespace's rows in time order and stop at the page size, instead of sorting them all.
CREATE INDEX restarts_by_namespace_time ON restarts (namespace, at);
CREATE INDEX crashloop_by_namespace_time ON crashloop_episodes (namespace, started_at);
