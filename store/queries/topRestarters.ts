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
      conditions.length === 0
        ? // The whole history: counted from the per-pod index alone (what a restart row adds to it
          // is its pod's, and every restart's pod has its row), and only the page joined to pods.
          `SELECT p.cluster, p.namespace, p.name AS pod, g.uid, p.owner_kind AS ownerKind,
             p.owner_name AS ownerName, g.restarts, g.inferred, g.firstAt, g.lastAt
           FROM (
             SELECT r.uid, count(*) AS restarts, sum(r.inferred) AS inferred, min(r.at) AS firstAt,
               max(r.at) AS lastAt
             FROM restarts r INDEXED BY restarts_by_uid
             GROUP BY r.uid
             ORDER BY restarts DESC, lastAt DESC, r.uid
             LIMIT @limit
           ) g JOIN pods p ON p.uid = g.uid
           ORDER BY g.restarts DESC, g.lastAt DESC, g.uid`
        : `SELECT r.cluster, r.namespace, r.pod, r.uid, p.owner_kind AS ownerKind, p.owner_name AS ownerName,
             count(*) AS restarts, sum(r.inferred) AS inferred, min(r.at) AS firstAt, max(r.at) AS lastAt
           FROM restarts r LEFT JOIN pods p ON p.uid = r.uid
           ${whereAll(conditions)}
           GROUP BY r.uid
           ORDER BY restarts DESC, lastAt DESC, r.uid
           LIMIT @limit`,
  );
  return (filter: TopRestartersFilter): TopRestarter[] => query(filter, { limit: filter.limit });
}
