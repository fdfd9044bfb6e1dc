import type Database from 'better-sqlite3';

export type CrashLoopItem = {
  id: number;
  cluster: string;
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
  restarts: number;
  lastMessage: string | null;
};

export type CrashLoopsFilter = {
  cluster?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  ownerUid?: string | undefined;
  container?: string | undefined;
  /** Episodes that overlap [since, until]. */
  since?: number | undefined;
  until?: number | undefined;
  /** Keyset pagination: items strictly after this (startedAt, id). */
  after?: { at: number; id: number } | undefined;
  limit?: number | undefined;
};

/** CrashLoopBackOff episodes across the cluster, oldest first. */
export function createCrashLoopsQuery(db: Database.Database) {
  const statement = db.prepare<Record<string, unknown>, CrashLoopItem>(
    `SELECT e.id, e.cluster, e.namespace, e.pod, e.uid, e.container, e.started_at AS startedAt, e.ended_at AS endedAt,
       e.end_reason AS endReason, e.restarts, e.last_message AS lastMessage
     FROM crashloop_episodes e
     WHERE (@cluster IS NULL OR e.cluster = @cluster)
       AND (@namespace IS NULL OR e.namespace = @namespace)
       AND (@uid IS NULL OR e.uid = @uid)
       AND (@ownerUid IS NULL OR e.uid IN (SELECT uid FROM pods WHERE owner_uid = @ownerUid))
       AND (@container IS NULL OR e.container = @container)
       AND (@until IS NULL OR e.started_at <= @until)
       AND (@since IS NULL OR e.ended_at IS NULL OR e.ended_at >= @since)
       AND (@afterAt IS NULL OR e.started_at > @afterAt OR (e.started_at = @afterAt AND e.id > @afterId))
     ORDER BY e.started_at, e.id
     LIMIT @limit`,
  );
  return (filter: CrashLoopsFilter): CrashLoopItem[] =>
    statement.all({
      cluster: filter.cluster ?? null,
      namespace: filter.namespace ?? null,
      uid: filter.uid ?? null,
      ownerUid: filter.ownerUid ?? null,
      container: filter.container ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      afterAt: filter.after?.at ?? null,
      afterId: filter.after?.id ?? 0,
      limit: filter.limit ?? -1,
    });
}
