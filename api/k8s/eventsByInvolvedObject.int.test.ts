// The Events `kubectl describe` asks the facade for (involvedObject.name, .namespace, .uid): read
// by the involved object's name instead of decoding every Event alive in the namespace, and still
// exact when a later version of an Event names another object (a core/v1 update may), or when the
// rows were projected before migration 0022 and cannot tell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.ts';
import { countDecodes, tempStoreOfStream } from '../../test/support/tempStore.ts';
import { type ApiApp, createApp } from '../index.ts';

type Reference = { kind?: string; name?: string; namespace?: string; uid?: string };
type Event = {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string };
  involvedObject?: Reference;
  regarding?: Reference;
  count?: number;
};

const start = Date.UTC(2026, 0, 1);
let app: ApiApp;
let store: Store;
let cleanup: () => void;
let decodes: { n: number };
let at: number;
let namespace: string;
let alive: Event[];

const list = async (path: string, query: string, time = at): Promise<Event[]> => {
  const res = await app.request(`/k8s/c1/at/${new Date(time).toISOString()}${path}?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Event[] }).items;
};
const names = (items: Event[]) => items.map((e) => `${e.metadata.namespace}/${e.metadata.name}`);
const selector = (terms: Record<string, string>) =>
  `fieldSelector=${encodeURIComponent(
    Object.entries(terms)
      .map(([field, value]) => `${field}=${value}`)
      .join(','),
  )}`;
const about = (name: string) => (e: Event) => e.involvedObject?.name === name;
const involvedChanged = () =>
  store.db
    .prepare<[], { changed: number | null; n: number }>(
      'SELECT involved_changed AS changed, count(*) AS n FROM events GROUP BY 1 ORDER BY 1',
    )
    .all();

beforeAll(async () => {
  const temp = tempStoreOfStream('involved.db', {
    seed: 23,
    pods: 300,
    namespaces: 2,
    inFlight: 120,
    versionsPerPod: 8,
    events: true,
    deletePods: true,
    startTime: start,
    meanStepMs: 1_000,
  });
  cleanup = temp.cleanup;
  store = temp.store;
  decodes = countDecodes(store);
  app = createApp({ store, now: () => start + 30 * 86_400_000 });
  const last =
    store.db.prepare<[], number>('SELECT max(observed_at) FROM log_entries').pluck().get() ?? start;
  at = start + Math.floor((last - start) / 2);
  const all = await list('/api/v1/events', '');
  namespace = all[0]?.metadata.namespace ?? '';
  alive = all.filter((e) => e.metadata.namespace === namespace);
});
afterAll(() => {
  app?.close();
  cleanup?.();
});

/** The pods named by the namespace's Events alive at `at`, those with the most Events first. */
const podNames = (): string[] => {
  const counts = new Map<string, number>();
  for (const e of alive) {
    const name = e.involvedObject?.name;
    if (e.involvedObject?.kind === 'Pod' && name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
};

describe("a pod's Events through the facade, as kubectl describe asks for them", () => {
  it('are what the decoded Events match, and only those are decoded', async () => {
    expect(involvedChanged()).toEqual([{ changed: 0, n: expect.any(Number) }]);
    const pods = podNames();
    expect(pods.length).toBeGreaterThan(5);
    expect(alive.length).toBeGreaterThan(50);
    for (const pod of pods.slice(0, 6)) {
      const uid = alive.find(about(pod))?.involvedObject?.uid ?? '';
      const want = alive.filter((e) => about(pod)(e) && e.involvedObject?.uid === uid);
      decodes.n = 0;
      const got = await list(
        `/api/v1/namespaces/${namespace}/events`,
        selector({
          'involvedObject.name': pod,
          'involvedObject.namespace': namespace,
          'involvedObject.uid': uid,
        }),
      );
      expect(names(got)).toEqual(names(want));
      expect(decodes.n).toBe(alive.filter(about(pod)).length);
    }
  });

  it('page, name the object through events.k8s.io/v1 and across namespaces alike', async () => {
    const pod = podNames()[0] ?? '';
    const want = names(alive.filter(about(pod)));
    const paged: Event[] = [];
    let next = '';
    for (let i = 0; i < 50; i++) {
      const res = await app.request(
        `/k8s/c1/at/${new Date(at).toISOString()}/api/v1/namespaces/${namespace}/events?limit=2&${selector({ 'involvedObject.name': pod })}${next ? `&continue=${next}` : ''}`,
      );
      const page = (await res.json()) as { items: Event[]; metadata: { continue?: string } };
      paged.push(...page.items);
      next = page.metadata.continue ?? '';
      if (!next) break;
    }
    expect(names(paged)).toEqual(want);
    const v1 = await list(
      `/apis/events.k8s.io/v1/namespaces/${namespace}/events`,
      selector({ 'regarding.name': pod }),
    );
    expect(names(v1)).toEqual(want);
    const everywhere = await list('/api/v1/events', selector({ 'involvedObject.name': pod }));
    const all = await list('/api/v1/events', '');
    expect(names(everywhere)).toEqual(names(all.filter(about(pod))));
  });

  it('are the initial objects of a watch that selects them, then their changes', async () => {
    // Of the changes recorded after the instant, only those of Events about the pod are decoded.
    const later = (about: string) =>
      store.db
        .prepare<[string, number, string], number>(
          `SELECT count(*) FROM log_entries l JOIN events e ON e.uid = l.uid
           WHERE l.resource = 'events' AND l.namespace = ? AND l.observed_at > ? AND e.involved_name = ?`,
        )
        .pluck()
        .get(namespace, at, about) ?? 0;
    const pod = podNames().find((name) => later(name) > 0) ?? '';
    decodes.n = 0;
    const res = await app.request(
      `/k8s/c1/at/${new Date(at).toISOString()}/api/v1/namespaces/${namespace}/events?watch=1&timeoutSeconds=1&${selector({ 'involvedObject.name': pod })}`,
    );
    const lines = (await res.text()).split('\n').filter(Boolean);
    const sent = lines.map((line) => (JSON.parse(line) as { object: Event }).object);
    const initial = alive.filter(about(pod));
    expect(names(sent.slice(0, initial.length))).toEqual(names(initial));
    expect(sent.length).toBeGreaterThan(initial.length);
    expect(sent.slice(initial.length).every(about(pod))).toBe(true);
    expect(decodes.n).toBe(initial.length + later(pod));
  });

  it('are read from the log, exactly, where the rows were projected before migration 0022', async () => {
    const pod = podNames()[2] ?? '';
    const want = names(alive.filter(about(pod)));
    const unknown = store.db
      .prepare<[], string>('SELECT uid FROM events WHERE involved_changed IS NULL')
      .pluck();
    const path = `/api/v1/namespaces/${namespace}/events`;
    try {
      // Every row projected before it: each Event alive then is decoded.
      store.db.exec('UPDATE events SET involved_changed = NULL');
      decodes.n = 0;
      expect(names(await list(path, selector({ 'involvedObject.name': pod })))).toEqual(want);
      expect(decodes.n).toBe(alive.length);
      // A log recorded on since: only the Events about the pod, and those the rows cannot tell.
      store.db.exec('UPDATE events SET involved_changed = 0 WHERE rowid % 2 = 0');
      const cannotTell = new Set(unknown.all());
      decodes.n = 0;
      expect(names(await list(path, selector({ 'involvedObject.name': pod })))).toEqual(want);
      const read = alive.filter((e) => about(pod)(e) || cannotTell.has(e.metadata.uid));
      expect(read.length).toBeLessThan(alive.length);
      expect(decodes.n).toBe(read.length);
    } finally {
      store.db.exec('UPDATE events SET involved_changed = 0');
    }
  });

  it('follow an Event whose later version names another object, at each instant', async () => {
    const last = store.db.prepare<[], number>('SELECT max(observed_at) FROM log_entries').pluck().get() ?? 0;
    const before = (await list(`/api/v1/namespaces/${namespace}/events`, '', last)).find(
      (e) => e.involvedObject?.kind === 'Pod',
    );
    if (!before?.involvedObject?.name) throw new Error('no Event about a pod at the end of the log');
    const was = before.involvedObject.name;
    const changedAt = last + 1_000;
    const { apiVersion: _v, kind: _k, ...rest } = before as Event & { apiVersion?: string; kind?: string };
    const moved = {
      apiVersion: 'v1',
      kind: 'Event',
      ...rest,
      metadata: { ...before.metadata, resourceVersion: '987654321' },
      involvedObject: { ...before.involvedObject, name: 'renamed-pod', uid: 'renamed-uid' },
      count: (before.count ?? 1) + 1,
    };
    store.writer?.append([
      {
        cluster: 'c1',
        observedAt: changedAt,
        source: 'watch',
        type: 'MODIFIED',
        resource: 'events',
        object: moved,
      },
    ]);
    expect(involvedChanged()).toEqual([
      { changed: 0, n: expect.any(Number) },
      { changed: 1, n: 1 },
    ]);
    const path = `/api/v1/namespaces/${namespace}/events`;
    const holds = async (name: string, time: number) =>
      names(await list(path, selector({ 'involvedObject.name': name }), time)).includes(
        `${namespace}/${before.metadata.name}`,
      );
    expect(await holds('renamed-pod', changedAt)).toBe(true);
    expect(await holds(was, changedAt)).toBe(false);
    expect(await holds(was, last)).toBe(true);
    expect(await holds('renamed-pod', last)).toBe(false);
  });
});
