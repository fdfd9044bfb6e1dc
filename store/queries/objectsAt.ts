import type Database from 'better-sqlite3';

/** An object alive at an instant: where its newest version at or before then is in the log. */
export type ObjectAtRow = {
  position: number;
  uid: string;
  resource: string;
  namespace: string | null;
  name: string | null;
  observedAt: number;
};

export type ObjectsAtFilter = {
  cluster: string;
  /** Canonical resource names (plural[.group]); both Event APIs may be asked for together. */
  resources: readonly string[];
  at: number;
  namespace?: string | undefined;
};

/**
 * The objects of some resources that existed at an instant, straight from the log: for each
 * uid, its newest entry observed at or before the instant, kept unless that entry is a
 * deletion. Works for every resource, including those no read model covers.
 */
export function createObjectsAtQuery(db: Database.Database) {
  const cache = new Map<number, Database.Statement<Record<string, unknown>, ObjectAtRow>>();
  const statementFor = (count: number) => {
    let statement = cache.get(count);
    if (!statement) {
      const names = Array.from({ length: count }, (_, i) => `@r${i}`).join(', ');
      statement = db.prepare<Record<string, unknown>, ObjectAtRow>(
        `SELECT position, uid, resource, namespace, name, observedAt FROM (
           SELECT position, uid, resource, namespace, name, observed_at AS observedAt, type,
             row_number() OVER (PARTITION BY uid ORDER BY observed_at DESC, position DESC) AS newest
           FROM log_entries
           WHERE cluster = @cluster AND type != 'MARKER' AND uid IS NOT NULL AND observed_at <= @at
             AND resource IN (${names}) AND (@namespace IS NULL OR namespace = @namespace))
         WHERE newest = 1 AND type != 'DELETED'
         ORDER BY coalesce(namespace, ''), name, uid`,
      );
      cache.set(count, statement);
    }
    return statement;
  };
  return (filter: ObjectsAtFilter): ObjectAtRow[] => {
    if (filter.resources.length === 0) return [];
    const params: Record<string, unknown> = {
      cluster: filter.cluster,
      at: filter.at,
      namespace: filter.namespace ?? null,
    };
    filter.resources.forEach((r, i) => {
      params[`r${i}`] = r;
    });
    return statementFor(filter.resources.length).all(params);
  };
}
