import type Database from 'better-sqlite3';
import { inScope, lifetimeClasses, namespacesOf, notDeleted } from './lifetimeSql.ts';
import { whereAll } from './shapedQuery.ts';

/**
 * Namespaces that held any recorded object (a pod, an Event, any other kind) observed at or before
 * an instant, with the first such observation. Read from the read models' first observations: the
 * namespaces of pods, Events and each other kind are found by skipping through their indexes one
 * namespace at a time, so the answer costs the number of namespaces, not the length of the log.
 */
export function createNamespacesSeenQuery(db: Database.Database) {
  // Named: pods_alive, covering too, would read the whole namespace for its minimum.
  const firstPod = `SELECT n AS namespace,
       (SELECT min(first_seen_at) FROM pods INDEXED BY pods_by_namespace
        WHERE cluster = @cluster AND namespace = n) AS firstSeen
     FROM ns_pods WHERE n IS NOT NULL`;
  // An Event's first observation is not in an index order (events_alive orders a namespace's
  // Events by lifetime class, then deletion): within a class, lifetimes are under 2^(c+1), so the
  // first seen is among those deleted within that span of the class's first deletion; the Events
  // not deleted are in first-observation order. A few seeks a class, not a pass over the history.
  const firstEvent = `SELECT n AS namespace, (SELECT min(first) FROM (
       SELECT min(x.first_seen_at) AS first FROM (SELECT @cluster AS cl, n) ns CROSS JOIN events x INDEXED BY events_alive ${whereAll([...inScope, ...notDeleted])}
       UNION ALL
       SELECT (SELECT min(x.first_seen_at) FROM events x INDEXED BY events_alive
               WHERE x.cluster = @cluster AND x.namespace = n AND x.lifetime_class = c
                 AND x.deleted_at < (SELECT min(y.deleted_at) FROM events y INDEXED BY events_alive
                                     WHERE y.cluster = @cluster AND y.namespace = n AND y.lifetime_class = c)
                                    + (1 << (c + 1)))
       FROM classes)) AS firstSeen
     FROM ns_events WHERE n IS NOT NULL`;
  // Every other kind (Jobs, ReplicaSets, …) a kind at a time, through (cluster, resource,
  // namespace, first_seen_at): a CronJob leaves a Job a run, which a GROUP BY read all of.
  const objectNamespaces = `kinds(r) AS (
       SELECT (SELECT min(resource) FROM objects WHERE cluster = @cluster)
       UNION ALL
       SELECT (SELECT min(resource) FROM objects WHERE cluster = @cluster AND resource > r) FROM kinds
       WHERE r IS NOT NULL),
     ns_objects(r, n) AS (
       SELECT r, (SELECT min(namespace) FROM objects WHERE cluster = @cluster AND resource = r) FROM kinds
       WHERE r IS NOT NULL
       UNION ALL
       SELECT r, (SELECT min(namespace) FROM objects WHERE cluster = @cluster AND resource = r AND namespace > n)
       FROM ns_objects WHERE n IS NOT NULL)`;
  const firstObject = `SELECT n AS namespace,
       (SELECT min(first_seen_at) FROM objects INDEXED BY objects_by_resource
        WHERE cluster = @cluster AND resource = r AND namespace = n) AS firstSeen
     FROM ns_objects WHERE n IS NOT NULL`;
  const statement = db.prepare<Record<string, unknown>, { namespace: string; firstObservedAt: number }>(
    `WITH RECURSIVE ns_pods(n) AS (${namespacesOf('pods', 'ns_pods')}),
       ns_events(n) AS (${namespacesOf('events', 'ns_events')}), ${lifetimeClasses}, ${objectNamespaces}
     SELECT namespace, min(firstSeen) AS firstObservedAt FROM (
       ${firstPod}
       UNION ALL ${firstEvent}
       UNION ALL ${firstObject})
     WHERE namespace != ''
     GROUP BY namespace HAVING min(firstSeen) <= @at
     ORDER BY namespace`,
  );
  return (filter: { cluster: string; at: number }) => statement.all(filter);
}
