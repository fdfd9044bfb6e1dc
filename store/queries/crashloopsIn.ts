import type Database from 'better-sqlite3';
import { createShapedQuery, whereAll } from './shapedQuery.ts';

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

/** CrashLoopBackOff episodes across the cluster, oldest first (see shapedQuery.ts). */
export function createCrashLoopsQuery(db: Database.Database) {
  const query = createShapedQuery<CrashLoopsFilter, CrashLoopItem>(
    db,
    [
      ['cluster', 'e.cluster = @cluster'],
      ['namespace', 'e.namespace = @namespace'],
      ['uid', 'e.uid = @uid'],
      ['ownerUid', 'e.uid IN (SELECT uid FROM pods WHERE owner_uid = @ownerUid)'],
      ['container', 'e.container = @container'],
      ['until', 'e.started_at <= @until'],
      ['since', '(e.ended_at IS NULL OR e.ended_at >= @since)'],
      ['after', '(e.started_at > @afterAt OR (e.started_at = @afterAt AND e.id > @afterId))'],
    ],
    (conditions) =>
      `SELECT e.id, e.cluster, e.namespace, e.pod, e.uid, e.container, e.started_at AS startedAt,
         e.ended_at AS endedAt, e.end_reason AS endReason, e.restarts, e.last_message AS lastMessage
       FROM crashloop_episodes e ${whereAll(conditions)}
       ORDER BY e.started_at, e.id
       LIMIT @limit`,
  );
  return (filter: CrashLoopsFilter): CrashLoopItem[] =>
    query(filter, { limit: filter.limit ?? -1, afterAt: filter.after?.at, afterId: filter.after?.id });
}
