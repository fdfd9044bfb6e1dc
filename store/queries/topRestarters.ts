import type Database from 'better-sqlite3';

export type TopRestarter = {
  cluster: string;
  namespace: string;
  pod: string;
  uid: string;
  ownerKind: string | null;
  ownerName: string | null;
  restarts: number;
  inferred: number;
  firstAt: number;
  lastAt: number;
};

export type TopRestartersFilter = {
  cluster?: string | undefined;
  namespace?: string | undefined;
  ownerUid?: string | undefined;
  reason?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  limit: number;
};

/** The pods that restarted most in a window, most first (ties: the latest restart first). */
export function createTopRestartersQuery(db: Database.Database) {
  // One statement per filter shape: `@x IS NULL OR …` would keep SQLite off the indexes by
  // namespace and time, and make it group every restart ever recorded (seconds at 10 million entries).
  const statements = new Map<string, Database.Statement<Record<string, unknown>, TopRestarter>>();
  const terms = {
    cluster: 'r.cluster = @cluster',
    namespace: 'r.namespace = @namespace',
    ownerUid: 'p.owner_uid = @ownerUid',
    reason: 'r.reason = @reason',
    since: 'r.at >= @since',
    until: 'r.at <= @until',
  } as const;
  const statementFor = (names: readonly (keyof typeof terms)[]) => {
    const key = names.join(',');
    let statement = statements.get(key);
    if (!statement) {
      const where = names.length > 0 ? `WHERE ${names.map((name) => terms[name]).join(' AND ')}` : '';
      statement = db.prepare<Record<string, unknown>, TopRestarter>(
        `SELECT r.cluster, r.namespace, r.pod, r.uid, p.owner_kind AS ownerKind, p.owner_name AS ownerName,
           count(*) AS restarts, sum(r.inferred) AS inferred, min(r.at) AS firstAt, max(r.at) AS lastAt
         FROM restarts r LEFT JOIN pods p ON p.uid = r.uid
         ${where}
         GROUP BY r.uid
         ORDER BY restarts DESC, lastAt DESC, r.uid
         LIMIT @limit`,
      );
      statements.set(key, statement);
    }
    return statement;
  };
  return (filter: TopRestartersFilter): TopRestarter[] => {
    const names = (Object.keys(terms) as (keyof typeof terms)[]).filter((name) => filter[name] !== undefined);
    const params: Record<string, unknown> = { limit: filter.limit };
    for (const name of names) params[name] = filter[name];
    return statementFor(names).all(params);
  };
}
