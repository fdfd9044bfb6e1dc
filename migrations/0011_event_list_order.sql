-- The facade lists Events a page at a time in (namespace, name, uid) order, the order of the API
-- server's lists: this index walks them in that order from a continue key and answers lifetimes
-- from the index alone, where events_by_lifetime made every page sort the namespace's whole
-- history (seconds at 10 million entries for a namespace with 90,000 Events).
DROP INDEX events_by_lifetime;
CREATE INDEX events_by_name_lifetime ON events (cluster, namespace, name, uid, first_seen_at, deleted_at);
