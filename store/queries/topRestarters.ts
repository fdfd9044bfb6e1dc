import type Database from 'better-sqlite3';
import { createShapedQuery, whereAll } from './shapedQuery.ts';

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
  // One statement per filter shape (see shapedQuery.ts): a window or a namespace is then read
  // through an index by time instead of grouping every restart ever recorded.
  const query = createShapedQuery<TopRestartersFilter, TopRestarter>(
    db,
    [
      ['cluster', 'r.cluster = @cluster'],
      ['namespace', 'r.namespace = @namespace'],
      ['ownerUid', 'p.owner_uid = @ownerUid'],
      ['reason', 'r.reason = @reason'],
      ['since', 'r.at >= @since'],
      ['until', 'r.at <= @until'],
    ],
    (conditions) =>
      `SELECT r.cluster, r.namespace, r.pod, r.uid, p.owner_kind AS ownerKind, p.owner_name AS ownerName,
         count(*) AS restarts, sum(r.inferred) AS inferred, min(r.at) AS firstAt, max(r.at) AS lastAt
       FROM restarts r LEFT JOIN pods p ON p.uid = r.uid
       ${whereAll(conditions)}
       GROUP BY r.uid
       ORDER BY restarts DESC, lastAt DESC, r.uid
       LIMIT @limit`,
  );
  return (filter: TopRestartersFilter): TopRestarter[] => query(filter, { limit: filter.limit });
}
