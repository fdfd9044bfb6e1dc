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

/** Restarts in a time window, oldest first, with their termination details where known. */
export function createRestartsQuery(db: Database.Database) {
  const statement = db.prepare<
    Record<string, unknown>,
    Omit<RestartItem, 'inferred'> & { inferred: number; id: number }
  >(
    `SELECT r.id, r.cluster, r.namespace, r.pod, r.uid, r.container, r.container_kind AS containerKind, r.at,
       r.at_source AS atSource, r.exit_code AS exitCode, r.reason, r.signal, r.message,
       r.restart_count AS restartCount, r.inferred, r.position
     FROM restarts r
     WHERE (@cluster IS NULL OR r.cluster = @cluster)
       AND (@namespace IS NULL OR r.namespace = @namespace)
       AND (@uid IS NULL OR r.uid = @uid)
       AND (@ownerUid IS NULL OR r.uid IN (SELECT uid FROM pods WHERE owner_uid = @ownerUid))
       AND (@reason IS NULL OR r.reason = @reason)
       AND (@since IS NULL OR r.at >= @since)
       AND (@until IS NULL OR r.at <= @until)
       AND (@afterAt IS NULL OR r.at > @afterAt OR (r.at = @afterAt AND r.id > @afterId))
     ORDER BY r.at, r.id
     LIMIT @limit`,
  );
  return (filter: RestartsFilter): (RestartItem & { id: number })[] =>
    statement
      .all({
        cluster: filter.cluster ?? null,
        namespace: filter.namespace ?? null,
        uid: filter.uid ?? null,
        ownerUid: filter.ownerUid ?? null,
        reason: filter.reason ?? null,
        since: filter.since ?? null,
        until: filter.until ?? null,
        afterAt: filter.after?.at ?? null,
        afterId: filter.after?.id ?? 0,
        limit: filter.limit ?? -1,
      })
      .map((row) => ({ ...row, inferred: row.inferred === 1 }));
}
