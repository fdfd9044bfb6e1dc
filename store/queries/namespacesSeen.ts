import type Database from 'better-sqlite3';

/**
 * Namespaces that held any recorded object (a pod, an Event, any other kind) observed at or before
 * an instant, with the first such observation. Read from the read models' first observations: the
 * namespaces of pods and Events are found by skipping through their indexes one namespace at a
 * time, so the answer costs the number of namespaces, not the length of the log.
 */
export function createNamespacesSeenQuery(db: Database.Database) {
  const distinctIn = (table: string) =>
    `SELECT (SELECT min(namespace) FROM ${table} WHERE cluster = @cluster)
     UNION ALL
     SELECT (SELECT min(namespace) FROM ${table} WHERE cluster = @cluster AND namespace > n) FROM ns_${table}
     WHERE n IS NOT NULL`;
  const firstIn = (table: string) =>
    `SELECT n AS namespace,
       (SELECT min(first_seen_at) FROM ${table} WHERE cluster = @cluster AND namespace = n) AS firstSeen
     FROM ns_${table} WHERE n IS NOT NULL`;
  const statement = db.prepare<Record<string, unknown>, { namespace: string; firstObservedAt: number }>(
    `WITH RECURSIVE ns_pods(n) AS (${distinctIn('pods')}), ns_events(n) AS (${distinctIn('events')})
     SELECT namespace, min(firstSeen) AS firstObservedAt FROM (
       ${firstIn('pods')}
       UNION ALL ${firstIn('events')}
       UNION ALL SELECT namespace, min(first_seen_at) FROM objects
         WHERE cluster = @cluster AND namespace IS NOT NULL GROUP BY namespace)
     WHERE namespace != ''
     GROUP BY namespace HAVING min(firstSeen) <= @at
     ORDER BY namespace`,
  );
  return (filter: { cluster: string; at: number }) => statement.all(filter);
}
