import type Database from 'better-sqlite3';

export type RestartItem = {
  cluster: string;
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  containerKind: string;
  at: number;
  atSource: 'object' | 'observed';
  exitCode: number | null;
  reason: string | null;
  signal: number | null;
  message: string | null;
  restartCount: number;
  inferred: boolean;
  position: number;
};

export type RestartsFilter = {
  cluster?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  ownerUid?: string | undefined;
  reason?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** Keyset pagination: items strictly after this (at, id). */
  after?: { at: number; id: number } | undefined;
  limit?: number | undefined;
};

type Row = Omit<RestartItem, 'inferred'> & { inferred: number; id: number };

/**
 * Restarts in a time window, oldest first, with their termination details where known. One
 * statement per combination of filters, so SQLite can pick the index that fits (an
 * `(@x IS NULL OR col = @x)` clause would hide the namespace and uid indexes from it).
 */
export function createRestartsQuery(db: Database.Database) {
  const statements = new Map<string, Database.Statement<Record<string, unknown>, Row>>();
  const clauses: [keyof RestartsFilter | 'after', string][] = [
    ['cluster', 'r.cluster = @cluster'],
    ['namespace', 'r.namespace = @namespace'],
    ['uid', 'r.uid = @uid'],
    ['ownerUid', 'r.uid IN (SELECT uid FROM pods WHERE owner_uid = @ownerUid)'],
    ['reason', 'r.reason = @reason'],
    ['since', 'r.at >= @since'],
    ['until', 'r.at <= @until'],
    ['after', '(r.at > @afterAt OR (r.at = @afterAt AND r.id > @afterId))'],
  ];
  const statementFor = (filter: RestartsFilter) => {
    const used = clauses.filter(([key]) => filter[key] !== undefined);
    const key = used.map(([name]) => name).join(',');
    let statement = statements.get(key);
    if (!statement) {
      const where = used.length > 0 ? `WHERE ${used.map(([, sql]) => sql).join(' AND ')}` : '';
      statement = db.prepare<Record<string, unknown>, Row>(
        `SELECT r.id, r.cluster, r.namespace, r.pod, r.uid, r.container, r.container_kind AS containerKind, r.at,
           r.at_source AS atSource, r.exit_code AS exitCode, r.reason, r.signal, r.message,
           r.restart_count AS restartCount, r.inferred, r.position
         FROM restarts r ${where}
         ORDER BY r.at, r.id
         LIMIT @limit`,
      );
      statements.set(key, statement);
    }
    return statement;
  };
  return (filter: RestartsFilter): (RestartItem & { id: number })[] => {
    const params: Record<string, unknown> = { limit: filter.limit ?? -1 };
    for (const [key] of clauses) if (key !== 'after' && filter[key] !== undefined) params[key] = filter[key];
    if (filter.after) {
      params.afterAt = filter.after.at;
      params.afterId = filter.after.id;
    }
    return statementFor(filter)
      .all(params)
      .map((row) => ({ ...row, inferred: row.inferred === 1 }));
  };
}
