import type Database from 'better-sqlite3';
import { type Clause, createShapedQuery, whereAll } from './shapedQuery.ts';

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

/**
 * A window wider than this share of the recorded restarts' time span counts its restarts from the
 * per-pod index alone (one pass over every restart, no row read) rather than reading each row in
 * the window through the index by time. On the bench's 10 M log (757,701 restarts over 9 days) a
 * row read costs about 4 times an index entry: 1 day through the time index 72 ms, 9 days 2.4 s;
 * the whole per-pod index 150 ms.
 */
const wideWindowShare = 0.2;

// Per pod, what the restarts in the filter add up to; the ranking is on these columns alone.
const counted = `count(*) AS restarts, sum(r.inferred) AS inferred, min(r.at) AS firstAt, max(r.at) AS lastAt`;
const ranked = 'ORDER BY restarts DESC, lastAt DESC, r.uid';

/** The pods that restarted most in a window, most first (ties: the latest restart first). */
export function createTopRestartersQuery(db: Database.Database) {
  const onRestarts: Clause<TopRestartersFilter>[] = [
    ['cluster', 'r.cluster = @cluster'],
    ['namespace', 'r.namespace = @namespace'],
    ['ownerUid', 'p.owner_uid = @ownerUid'],
    ['reason', 'r.reason = @reason'],
    ['since', 'r.at >= @since'],
    ['until', 'r.at <= @until'],
  ];
  // One statement per filter shape (see shapedQuery.ts): a window or a namespace is then read
  // through an index by time instead of grouping every restart ever recorded.
  const narrow = createShapedQuery<TopRestartersFilter, TopRestarter>(db, onRestarts, (conditions) =>
    conditions.some((c) => c.startsWith('p.'))
      ? // An owner's pods are few: read them first (pods_by_owner), then each one's restarts.
        `SELECT r.cluster, r.namespace, r.pod, r.uid, p.owner_kind AS ownerKind, p.owner_name AS ownerName,
             ${counted}
           FROM restarts r JOIN pods p ON p.uid = r.uid
           ${whereAll(conditions)}
           GROUP BY r.uid ${ranked} LIMIT @limit`
      : // Counted and ranked first, the pods joined to the page only (not to every restart).
        `SELECT g.cluster, g.namespace, g.pod, g.uid, p.owner_kind AS ownerKind, p.owner_name AS ownerName,
             g.restarts, g.inferred, g.firstAt, g.lastAt
           FROM (
             SELECT r.cluster, r.namespace, r.pod, r.uid, ${counted}
             FROM restarts r ${whereAll(conditions)}
             GROUP BY r.uid ${ranked} LIMIT @limit
           ) g LEFT JOIN pods p ON p.uid = g.uid
           ORDER BY g.restarts DESC, g.lastAt DESC, g.uid`,
  );
  // A wide window with no namespace: the per-pod index holds what is counted and the reason; the
  // cluster is the pod's, read from its row once per pod instead of once per restart.
  const inPerPodIndex = onRestarts.filter(([key]) => key === 'reason' || key === 'since' || key === 'until');
  const wide = createShapedQuery<TopRestartersFilter, TopRestarter>(db, inPerPodIndex, (conditions) =>
    countedFrom('restarts r INDEXED BY restarts_by_uid', whereAll(conditions)),
  );
  // A narrow window over every namespace: counted from the index by time, which holds the pod and
  // what is counted, so no restart row is read (cold, a day of restarts is a few hundred pages of
  // the index against thousands of rows).
  const inTimeIndex = onRestarts.filter(([key]) => key === 'since' || key === 'until');
  const recent = createShapedQuery<TopRestartersFilter, TopRestarter>(db, inTimeIndex, (conditions) =>
    countedFrom('restarts r INDEXED BY restarts_by_at', whereAll(conditions)),
  );
  const wideCluster = createShapedQuery<TopRestartersFilter, TopRestarter>(
    db,
    inPerPodIndex,
    (conditions) =>
      // CROSS JOIN keeps the pods looked up by uid, one per counted pod.
      `SELECT p.cluster, p.namespace, p.name AS pod, g.uid, p.owner_kind AS ownerKind,
         p.owner_name AS ownerName, g.restarts, g.inferred, g.firstAt, g.lastAt
       FROM (
         SELECT r.uid, ${counted}
         FROM restarts r INDEXED BY restarts_by_uid ${whereAll(conditions)}
         GROUP BY r.uid
       ) g CROSS JOIN pods p ON p.uid = g.uid
       WHERE p.cluster = @cluster
       ORDER BY g.restarts DESC, g.lastAt DESC, g.uid
       LIMIT @limit`,
  );
  // Each bound alone: SQLite answers a lone min() or max() with one index seek, both together by a scan.
  const span = db.prepare<[], Span>(
    'SELECT (SELECT min(at) FROM restarts) AS first, (SELECT max(at) FROM restarts) AS last',
  );
  const clusterSpan = db.prepare<{ cluster: string }, Span>(
    `SELECT (SELECT min(at) FROM restarts WHERE cluster = @cluster) AS first,
       (SELECT max(at) FROM restarts WHERE cluster = @cluster) AS last`,
  );
  const otherClusters = db.prepare<{ cluster: string }, { found: number }>(
    `SELECT EXISTS (SELECT 1 FROM restarts WHERE cluster < @cluster)
       OR EXISTS (SELECT 1 FROM restarts WHERE cluster > @cluster) AS found`,
  );
  return (filter: TopRestartersFilter): TopRestarter[] => {
    const extra = { limit: filter.limit };
    const cluster = filter.cluster;
    const { first, last } = (cluster === undefined ? span.get() : clusterSpan.get({ cluster })) ?? noSpan;
    if (first === null || last === null) return [];
    const from = Math.max(filter.since ?? first, first);
    const to = Math.min(filter.until ?? last, last);
    const wideWindow = to - from >= (last - first) * wideWindowShare;
    if (filter.namespace !== undefined || filter.ownerUid !== undefined) return narrow(filter, extra);
    // A log of one cluster (the usual one) needs no cluster test at all.
    const clusterTest = cluster !== undefined && otherClusters.get({ cluster })?.found === 1;
    if (!wideWindow)
      return clusterTest || filter.reason !== undefined ? narrow(filter, extra) : recent(filter, extra);
    return clusterTest ? wideCluster(filter, { ...extra, cluster }) : wide(filter, extra);
  };
}

type Span = { first: number | null; last: number | null };
const noSpan: Span = { first: null, last: null };

/**
 * Counted from an index alone (`restarts`, named: the per-pod index or the one by time; what a
 * restart row adds to it is its pod's, and every restart's pod has its row), and only the page
 * joined to pods.
 */
const countedFrom = (restarts: string, where: string): string =>
  `SELECT p.cluster, p.namespace, p.name AS pod, g.uid, p.owner_kind AS ownerKind,
     p.owner_name AS ownerName, g.restarts, g.inferred, g.firstAt, g.lastAt
   FROM (
     SELECT r.uid, ${counted}
     FROM ${restarts} ${where}
     GROUP BY r.uid ${ranked}
     LIMIT @limit
   ) g JOIN pods p ON p.uid = g.uid
   ORDER BY g.restarts DESC, g.lastAt DESC, g.uid`;
