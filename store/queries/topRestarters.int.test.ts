import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../../bench/generate.ts';
import { toNewEntry } from '../../bench/ingest.ts';
import { capturePrepared } from '../../test/support/capturePrepared.ts';
import { tempStore } from '../../test/support/tempStore.ts';
import type { Store } from '../index.ts';
import { createTopRestartersQuery, type TopRestarter, type TopRestartersFilter } from './topRestarters.ts';

type RestartRow = {
  uid: string;
  cluster: string;
  namespace: string;
  pod: string;
  reason: string | null;
  at: number;
  inferred: number;
  ownerUid: string | null;
  ownerKind: string | null;
  ownerName: string | null;
};

let store: Store;
let cleanup: () => void;
let rows: RestartRow[];
let first: number;
let last: number;
const hour = 3_600_000;

beforeAll(() => {
  ({ store, cleanup } = tempStore('top.db'));
  // Two clusters recorded in one log, their pods restarting all along.
  for (const [cluster, seed] of [
    ['c1', 11],
    ['c2', 12],
  ] as const) {
    const stream = generateTimedWatchStream({
      seed,
      pods: 300,
      namespaces: 3,
      inFlight: 60,
      versionsPerPod: 16,
      deletePods: true,
      startTime: Date.UTC(2026, 0, 1),
      meanStepMs: 10_000,
    });
    store.writer!.append([...stream].map((line) => toNewEntry(line, cluster)));
  }
  rows = store.db
    .prepare(
      `SELECT r.uid, r.cluster, r.namespace, r.pod, r.reason, r.at, r.inferred, p.owner_uid AS ownerUid,
         p.owner_kind AS ownerKind, p.owner_name AS ownerName
       FROM restarts r LEFT JOIN pods p ON p.uid = r.uid`,
    )
    .all() as RestartRow[];
  first = Math.min(...rows.map((r) => r.at));
  last = Math.max(...rows.map((r) => r.at));
});
afterAll(() => cleanup());

/** The ranking by its definition: every restart the filter keeps, counted per pod. */
function expected(filter: TopRestartersFilter): TopRestarter[] {
  const kept = rows.filter(
    (r) =>
      (filter.cluster === undefined || r.cluster === filter.cluster) &&
      (filter.namespace === undefined || r.namespace === filter.namespace) &&
      (filter.ownerUid === undefined || r.ownerUid === filter.ownerUid) &&
      (filter.reason === undefined || r.reason === filter.reason) &&
      (filter.since === undefined || r.at >= filter.since) &&
      (filter.until === undefined || r.at <= filter.until),
  );
  const byPod = new Map<string, TopRestarter>();
  for (const r of kept) {
    const pod = byPod.get(r.uid);
    if (pod) {
      pod.restarts++;
      pod.inferred += r.inferred;
      pod.firstAt = Math.min(pod.firstAt, r.at);
      pod.lastAt = Math.max(pod.lastAt, r.at);
    } else {
      byPod.set(r.uid, {
        cluster: r.cluster,
        namespace: r.namespace,
        pod: r.pod,
        uid: r.uid,
        ownerKind: r.ownerKind,
        ownerName: r.ownerName,
        restarts: 1,
        inferred: r.inferred,
        firstAt: r.at,
        lastAt: r.at,
      });
    }
  }
  return [...byPod.values()]
    .sort((a, b) => b.restarts - a.restarts || b.lastAt - a.lastAt || (a.uid < b.uid ? -1 : 1))
    .slice(0, filter.limit);
}

describe('top restarters', () => {
  it('has restarts of both clusters over a long span to rank', () => {
    expect(new Set(rows.map((r) => r.cluster))).toEqual(new Set(['c1', 'c2']));
    expect(rows.length).toBeGreaterThan(200);
    // Long enough that the last hour is a narrow window (read by time) and half of it a wide one.
    expect(last - first).toBeGreaterThan(10 * hour);
  });

  it('ranks as counting every kept restart does, for windows narrow and wide and every filter', () => {
    const top = createTopRestartersQuery(store.db);
    const span = last - first;
    const owner = rows.find((r) => r.ownerUid !== null)?.ownerUid ?? undefined;
    const reason = rows.find((r) => r.reason !== null)?.reason ?? undefined;
    const windows: Pick<TopRestartersFilter, 'since' | 'until'>[] = [
      {},
      { since: first + span / 2 },
      { until: first + span / 3 },
      { since: first + span / 4, until: first + (3 * span) / 4 },
      { since: last - hour, until: last },
      { since: first + span / 2, until: first + span / 2 + span / 20 },
      { since: last + hour },
    ];
    const scopes: Omit<TopRestartersFilter, 'limit'>[] = [
      {},
      { cluster: 'c1' },
      { cluster: 'c2' },
      { cluster: 'elsewhere' },
      { namespace: 'team-1' },
      { cluster: 'c2', namespace: 'team-0' },
      { reason },
      { cluster: 'c1', reason },
      { ownerUid: owner },
    ];
    let ranked = 0;
    for (const scope of scopes) {
      for (const window of windows) {
        for (const limit of [1, 7, 1_000]) {
          const filter = { ...scope, ...window, limit };
          const want = expected(filter);
          expect(top(filter), JSON.stringify(filter)).toEqual(want);
          ranked += want.length;
        }
      }
    }
    expect(ranked).toBeGreaterThan(1_000);
  });

  it('counts a narrow window over every namespace from the index by time, reading no restart row', () => {
    const { db, prepared } = capturePrepared(store.db);
    const top = createTopRestartersQuery(db);
    const filter = { since: last - 2 * hour, until: last, limit: 5 };
    expect(top(filter)).toEqual(expected(filter));
    const plans = prepared
      .filter((sql) => /GROUP BY/.test(sql))
      .map((sql) =>
        store.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all({ since: 0, until: 0, limit: 1 })
          .map((step) => (step as { detail: string }).detail),
      );
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('SEARCH r USING COVERING INDEX restarts_by_at (at>? AND at<?)');
    expect(plans[0]!.filter((detail) => /^(SEARCH|SCAN) r /.test(detail))).toHaveLength(1);
  });
});
