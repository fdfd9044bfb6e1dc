import type Database from 'better-sqlite3';

/** Namespaces that held any recorded object observed at or before an instant, with the first such observation. */
export function createNamespacesSeenQuery(db: Database.Database) {
  const statement = db.prepare<Record<string, unknown>, { namespace: string; firstObservedAt: number }>(
    `SELECT namespace, min(observed_at) AS firstObservedAt FROM log_entries
     WHERE cluster = @cluster AND namespace IS NOT NULL AND namespace != '' AND observed_at <= @at
     GROUP BY namespace ORDER BY namespace`,
  );
  return (filter: { cluster: string; at: number }) => statement.all(filter);
}
