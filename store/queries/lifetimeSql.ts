// SQL pieces for the read models' lifetimes (first observation to observed deletion), shared by
// the queries that ask what was alive, or first seen, when.

/**
 * The read models indexed by lifetime (migrations 0015 and 0016): a virtual `lifetime_class`,
 * floor(log2(deleted_at - first_seen_at + 1)) once deleted, and an index (cluster, [resource,]
 * namespace, lifetime_class, deleted_at, first_seen_at, name, uid); `objects` holds every other
 * kind, so its rows are read for @resource. A recording holds far more of them than were alive at
 * any instant (Events expire within hours, pods and Jobs churn with every rollout and schedule).
 */
export type LifetimeTable = 'events' | 'pods' | 'objects';

/** The index prefix before the namespace, beyond the cluster: the kind, where rows hold many. */
const kindOf = (table: LifetimeTable, x: string): string[] =>
  table === 'objects' ? [`${x}resource = @resource`] : [];

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
 * A recursive CTE body for `clusters(k)`: the distinct clusters of `table`'s rows (that meet
 * `kind`, SQL starting with AND), then NULL, found by skipping through a (cluster, …) index: a
 * seek a cluster, where DISTINCT or an unbound cluster column read every row without statistics.
 */
export const clustersOf = (table: string, kind = ''): string =>
  `SELECT min(cluster) FROM ${table} WHERE 1${kind}
   UNION ALL
   SELECT (SELECT min(cluster) FROM ${table} WHERE cluster > k${kind}) FROM clusters WHERE k IS NOT NULL`;

/**
 * CTEs of a WITH RECURSIVE: `clusters(k)`, `ns(cl, n)`, the (cluster, namespace) pairs to read,
 * and `classes(c)`. Each pair is @cluster or, unbound, every cluster of `table`; @namespace or,
 * unbound, every namespace of the cluster: both found by skipping through the lifetime index's
 * prefix, a seek each. The last namespace of each cluster is NULL, which `=` matches with no row.
 */
export const lifetimeScopes = (
  table: LifetimeTable,
  bound: { cluster: boolean; namespace: boolean },
): string => {
  const kind = kindOf(table, '')
    .map((condition) => ` AND ${condition}`)
    .join('');
  const clusters = bound.cluster ? 'SELECT @cluster' : clustersOf(table, kind);
  const namespaces = bound.namespace
    ? 'SELECT k, @namespace FROM clusters WHERE k IS NOT NULL'
    : `SELECT k, (SELECT min(namespace) FROM ${table} WHERE cluster = k${kind}) FROM clusters WHERE k IS NOT NULL
       UNION ALL
       SELECT cl, (SELECT min(namespace) FROM ${table} WHERE cluster = cl${kind} AND namespace > n) FROM ns
       WHERE n IS NOT NULL`;
  return `clusters(k) AS (${clusters}), ns(cl, n) AS (${namespaces}), ${lifetimeClasses}`;
};

/**
 * The lifetime classes, as a CTE `classes(c)`: a row deleted after a lifetime L has class
 * floor(log2(L + 1)), so L < 2^(c+1). Every class an int64 of milliseconds can hold, each costing
 * one index seek when empty.
 */
export const lifetimeClasses = 'classes(c) AS (SELECT 0 UNION ALL SELECT c + 1 FROM classes WHERE c < 62)';

/** The conditions on a row `x` of the scope `ns`. */
export const inScope = ['x.cluster = ns.cl', 'x.namespace = ns.n'] as const;

/** The conditions on a row `x` that no deletion was observed for (class NULL). */
export const notDeleted = ['x.lifetime_class IS NULL', 'x.deleted_at IS NULL'] as const;

/**
 * When a row counts as alive: first seen by `seenBy` and deleted `deletedAfter` (SQL for the
 * deletion time's lower bound, such as `> @at`). At an instant, `{ seenBy: '@at', deletedAfter:
 * '> @at' }`; over a range, `{ seenBy: '@to', deletedAfter: '>= @from' }`.
 */
export type AliveSpan = { seenBy: string; deletedAfter: string };
export const aliveAtInstant: AliveSpan = { seenBy: '@at', deletedAfter: '> @at' };

/**
 * A SELECT of the rows `x` of `table` alive in `span` that meet `conditions`, as `x`'s `columns`
 * (named as selected): for each scope and lifetime class c, those deleted in the span and before
 * `seenBy` + 2^(c+1) (a row first seen by then and deleted later lived longer than its class
 * allows), then those not deleted; unless @namespace is bound, the same for the rows without one
 * (cluster-scoped kinds; a pod always has one). A few hundred index seeks and about as many rows
 * as were alive, where a walk in list order reads every row ever recorded.
 */
export const aliveByLifetime = (
  table: LifetimeTable,
  columns: string,
  conditions: readonly string[],
  bound: { cluster: boolean; namespace: boolean },
  span: AliveSpan = aliveAtInstant,
): string => {
  const arm = (from: string, lifetime: readonly string[]) =>
    `SELECT ${columns} FROM ${from} WHERE ${[...lifetime, ...kindOf(table, 'x.'), ...conditions].join(' AND ')}`;
  const deletedInWindow = [
    'x.lifetime_class = classes.c',
    `x.deleted_at ${span.deletedAfter}`,
    `x.deleted_at < ${span.seenBy} + (1 << (classes.c + 1))`,
    `x.first_seen_at <= ${span.seenBy}`,
  ];
  const open = [...notDeleted, `x.first_seen_at <= ${span.seenBy}`];
  // Named: without statistics SQLite took the (…, namespace, first_seen_at) index of `objects`
  // for the classes' windows, and read a namespace's whole history once a class.
  const rows = `${table} x INDEXED BY ${table}_alive`;
  const arms = [
    arm(`ns CROSS JOIN classes CROSS JOIN ${rows}`, [...inScope, ...deletedInWindow]),
    arm(`ns CROSS JOIN ${rows}`, [...inScope, ...open]),
  ];
  if (!bound.namespace && table !== 'pods') {
    const withoutNamespace = ['x.cluster = clusters.k', 'x.namespace IS NULL'];
    arms.push(
      arm(`clusters CROSS JOIN classes CROSS JOIN ${rows}`, [...withoutNamespace, ...deletedInWindow]),
      arm(`clusters CROSS JOIN ${rows}`, [...withoutNamespace, ...open]),
    );
  }
  return `WITH RECURSIVE ${lifetimeScopes(table, bound)}
    SELECT * FROM (${arms.join(' UNION ALL ')}) alive`;
};

/**
 * The uids of `table`'s rows in @cluster (of @resource, in `objects`) that no deletion was
 * observed for, a namespace at a time through the lifetime index: a recording holds millions of
 * Events that expired (a pass over them took 250-375 ms on the bench's 10 M log). Rows without a
 * namespace too.
 */
export const openUids = (table: LifetimeTable): string => {
  const open = [...kindOf(table, 'x.'), ...notDeleted];
  return `WITH RECURSIVE ${lifetimeScopes(table, { cluster: true, namespace: false })}
    SELECT x.uid FROM ns CROSS JOIN ${table} x INDEXED BY ${table}_alive WHERE ${[...inScope, ...open].join(' AND ')}
    UNION ALL
    SELECT x.uid FROM ${table} x INDEXED BY ${table}_alive
    WHERE ${['x.cluster = @cluster', 'x.namespace IS NULL', ...open].join(' AND ')}`;
};
