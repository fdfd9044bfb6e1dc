// SQL pieces for the read models' lifetimes (first observation to observed deletion), shared by
// the queries that ask what was alive, or first seen, when.

/**
 * A recursive CTE body: the distinct namespaces of `table`'s rows in @cluster, as `n` (its last
 * row NULL), found by skipping through a (cluster, namespace, …) index one namespace at a time:
 * the cost is the number of namespaces, not of rows. `cte` is the CTE's own name.
 */
export const namespacesOf = (table: string, cte: string): string =>
  `SELECT (SELECT min(namespace) FROM ${table} WHERE cluster = @cluster)
   UNION ALL
   SELECT (SELECT min(namespace) FROM ${table} WHERE cluster = @cluster AND namespace > n) FROM ${cte}
   WHERE n IS NOT NULL`;

/**
 * The lifetime classes of Events (migration 0015), as a CTE `classes(c)`: an Event deleted after
 * a lifetime L has class floor(log2(L + 1)), so L < 2^(c+1). Every class an int64 of milliseconds
 * can hold, each costing one index seek when empty.
 */
export const lifetimeClasses = 'classes(c) AS (SELECT 0 UNION ALL SELECT c + 1 FROM classes WHERE c < 62)';

/** The conditions on an Event `x` of namespace `ns.n` that no deletion was observed for (class NULL). */
export const openEvent = [
  'x.cluster = @cluster',
  'x.namespace = ns.n',
  'x.lifetime_class IS NULL',
  'x.deleted_at IS NULL',
] as const;

/**
 * The uids of the Events of @cluster that no deletion was observed for, a namespace at a time
 * through events_alive: a recording holds millions that expired (a pass over them took 250-375 ms
 * on the bench's 10 M log). Events without a namespace, which Kubernetes does not make, too.
 */
export const openEventUids = `WITH RECURSIVE ns(n) AS (${namespacesOf('events', 'ns')})
  SELECT x.uid FROM ns CROSS JOIN events x WHERE ${openEvent.join(' AND ')}
  UNION ALL
  SELECT uid FROM events WHERE cluster = @cluster AND namespace IS NULL AND deleted_at IS NULL`;
