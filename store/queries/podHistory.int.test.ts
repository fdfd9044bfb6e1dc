import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePrepared } from '../../test/support/capturePrepared.ts';
import { tempStoreOfStream } from '../../test/support/tempStore.ts';
import type { NewEntry, Store } from '../index.ts';
import { createPodHistoryQueries } from './podHistory.ts';

type Occurrence = {
  id: number;
  event_uid: string;
  cluster: string;
  namespace: string | null;
  pod_uid: string | null;
  involved_kind: string | null;
  involved_name: string | null;
  at: number;
};
type Pod = { uid: string; cluster: string; namespace: string; name: string };

let store: Store;
let cleanup: () => void;
const start = Date.UTC(2026, 0, 1);

/** An Event about a pod named only by namespace and name (no uid): linked to it by name when read. */
const unlinkedEvent = (pod: Pod, i: number, at: number): NewEntry => ({
  cluster: pod.cluster,
  observedAt: at,
  source: 'watch',
  type: 'ADDED',
  resource: 'events',
  object: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${pod.name}.byname${i}`,
      namespace: pod.namespace,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(900_000 + i),
    },
    involvedObject: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    reason: 'FailedMount',
    message: 'MountVolume.SetUp failed for volume "config"',
    type: 'Warning',
    count: 1,
    firstTimestamp: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
    lastTimestamp: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
    source: { component: 'kubelet' },
  },
});

let pods: Pod[];

beforeAll(() => {
  ({ store, cleanup } = tempStoreOfStream('history.db', {
    seed: 31,
    pods: 120,
    namespaces: 2,
    inFlight: 30,
    versionsPerPod: 12,
    events: true,
    deletePods: true,
    startTime: start,
    meanStepMs: 1_000,
  }));
  pods = store.db
    .prepare<[], Pod>('SELECT uid, cluster, namespace, name FROM pods ORDER BY first_position LIMIT 3')
    .all();
  // A few Events name the first pods without their uid.
  store.writer!.append(pods.flatMap((pod, p) => [0, 1].map((k) => unlinkedEvent(pod, p * 2 + k, start + k))));
});
afterAll(() => cleanup());

describe("a pod's Event occurrences", () => {
  it('are those linked to its uid and those naming it without one, in time order', () => {
    const history = createPodHistoryQueries(store.db);
    const all = store.db.prepare<[], Occurrence>('SELECT * FROM event_occurrences ORDER BY at, id').all();
    let byName = 0;
    for (const pod of pods) {
      const want = all.filter(
        (o) =>
          o.pod_uid === pod.uid ||
          (o.pod_uid === null &&
            o.cluster === pod.cluster &&
            o.namespace === pod.namespace &&
            o.involved_kind === 'Pod' &&
            o.involved_name === pod.name),
      );
      const got = history.events(pod);
      expect(got.map((e) => [e.eventUid, e.at])).toEqual(want.map((o) => [o.event_uid, o.at]));
      expect(got.some((e) => e.linkedBy !== 'name')).toBe(true);
      byName += got.filter((e) => e.linkedBy === 'name').length;
    }
    expect(byName).toBe(pods.length * 2);
  });

  it("are read through the pod's own rows even when only the index by kind lacks statistics", () => {
    // The state of a log analyzed before migration 0018 added that index: the planner then
    // prices an index without statistics as selective, and the kind matches every pod's Event.
    store.db.exec('ANALYZE');
    store.db.exec("DELETE FROM sqlite_stat1 WHERE idx = 'event_occurrences_by_kind'");
    store.db.exec('ANALYZE sqlite_schema');
    try {
      const { db, prepared } = capturePrepared(store.db);
      createPodHistoryQueries(db);
      const sql = prepared.find((s) => s.includes('FROM event_occurrences'));
      expect(sql).toBeDefined();
      const plan = store.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all({ uid: 'x', cluster: 'c1', namespace: 'team-0', name: 'x', until: 0 })
        .map((step) => (step as { detail: string }).detail)
        .join('\n');
      expect(plan).toContain('SEARCH o USING INDEX event_occurrences_by_pod (pod_uid=?');
      expect(plan).toContain(
        'SEARCH o USING INDEX event_occurrences_by_involved (cluster=? AND namespace=? AND involved_name=?',
      );
      expect(plan).not.toContain('event_occurrences_by_kind');
    } finally {
      store.db.exec('DELETE FROM sqlite_stat1');
      store.db.exec('ANALYZE sqlite_schema');
    }
  });
});
