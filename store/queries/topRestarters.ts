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
  const statement = db.prepare<Record<string, unknown>, TopRestarter>(
    `SELECT r.cluster, r.namespace, r.pod, r.uid, p.owner_kind AS ownerKind, p.owner_name AS ownerName,
       count(*) AS restarts, sum(r.inferred) AS inferred, min(r.at) AS firstAt, max(r.at) AS lastAt
     FROM restarts r LEFT JOIN pods p ON p.uid = r.uid
     WHERE (@cluster IS NULL OR r.cluster = @cluster)
       AND (@namespace IS NULL OR r.namespace = @namespace)
       AND (@ownerUid IS NULL OR p.owner_uid = @ownerUid)
       AND (@reason IS NULL OR r.reason = @reason)
       AND (@since IS NULL OR r.at >= @since)
       AND (@until IS NULL OR r.at <= @until)
     GROUP BY r.uid
     ORDER BY restarts DESC, lastAt DESC, r.uid
     LIMIT @limit`,
  );
  return (filter: TopRestartersFilter): TopRestarter[] =>
    statement.all({
      cluster: filter.cluster ?? null,
      namespace: filter.namespace ?? null,
      ownerUid: filter.ownerUid ?? null,
      reason: filter.reason ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      limit: filter.limit,
    });
}
