import { afterEach, describe, expect, it } from 'vitest';
import { type KubeObject, type NewEntry, openStore, type Store } from '../store/index.ts';
import { simplePod } from '../test/support/podBuilder.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { createLiveObjects } from './liveObjects.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const at = Date.parse('2026-01-02T03:00:00Z');
const change = (type: NewEntry['type'], resource: string, object: KubeObject, i: number): NewEntry => ({
  cluster: 'c1',
  observedAt: at + i * 1000,
  source: 'watch',
  type,
  resource,
  object,
});
/** The same Event as core/v1 or events.k8s.io/v1 shows it (one uid). */
const event = (api: 'core' | 'events.k8s.io', name: string, rv: string): KubeObject => {
  const about = { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'uid-web-1' };
  return {
    apiVersion: api === 'core' ? 'v1' : 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: rv },
    reason: 'Pulled',
    ...(api === 'core'
      ? { involvedObject: about, message: 'pulled', count: 1 }
      : { regarding: about, note: 'pulled' }),
  };
};
const replicaSet = (name: string, rv: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: rv },
});

/** A log of pods, Events seen through both APIs and a ReplicaSet, some of them deleted. */
function recordedStore(): Store {
  const dir = tempDir();
  const store = openStore(dir.path('log.db'));
  cleanups.push(() => {
    store.close();
    dir.cleanup();
  });
  const entries: [NewEntry['type'], string, KubeObject][] = [
    ['ADDED', 'pods', simplePod('web-1', '1')],
    ['ADDED', 'pods', simplePod('web-2', '2')],
    ['ADDED', 'events', event('core', 'ev-1', '3')],
    ['ADDED', 'events.events.k8s.io', event('events.k8s.io', 'ev-1', '3')],
    ['ADDED', 'events', event('core', 'ev-2', '4')],
    ['ADDED', 'replicasets.apps', replicaSet('rs-1', '5')],
    ['MODIFIED', 'pods', simplePod('web-1', '6', { restartCount: 1 })],
    ['DELETED', 'pods', simplePod('web-2', '7')],
    ['DELETED', 'events', event('core', 'ev-2', '8')],
  ];
  store.writer!.append(entries.map(([type, resource, object], i) => change(type, resource, object, i)));
  return store;
}

const resources = ['pods', 'events', 'events.events.k8s.io', 'replicasets.apps'];
const liveOf = (live: ReturnType<typeof createLiveObjects>) =>
  Object.fromEntries(resources.map((r) => [r, [...live.of('c1', r).values()]]));

describe('what the log believes alive, for a relist', () => {
  it('finds the same objects through the read models as through a pass over the log, with each resource its own newest entry', () => {
    const store = recordedStore();
    const position = (resource: string, name: string) =>
      [...store.reader.entriesAfter(0)].filter((e) => e.resource === resource && e.name === name).at(-1)!
        .position;
    const viaReadModels = liveOf(createLiveObjects(store.db, store.reader, store.projections));
    expect(viaReadModels).toEqual({
      pods: [{ uid: 'uid-web-1', position: position('pods', 'web-1'), resourceVersion: '6' }],
      events: [{ uid: 'uid-ev-1', position: position('events', 'ev-1'), resourceVersion: '3' }],
      'events.events.k8s.io': [
        { uid: 'uid-ev-1', position: position('events.events.k8s.io', 'ev-1'), resourceVersion: '3' },
      ],
      'replicasets.apps': [
        { uid: 'uid-rs-1', position: position('replicasets.apps', 'rs-1'), resourceVersion: '5' },
      ],
    });
    expect(liveOf(createLiveObjects(store.db, store.reader))).toEqual(viaReadModels);
  });

  it('takes its candidates from the read models only while they hold the whole log', () => {
    const store = recordedStore();
    // Read models that lost a pod's row: current, they are believed; behind the log, they are not.
    store.db.exec(`DELETE FROM pods WHERE uid = 'uid-web-1'`);
    const current = createLiveObjects(store.db, store.reader, store.projections);
    expect(current.of('c1', 'pods').size).toBe(0);
    const behind = createLiveObjects(store.db, store.reader, {
      isStale: () => false,
      position: () => store.projections.position() - 1,
    });
    expect([...behind.of('c1', 'pods').keys()]).toEqual(['uid-web-1']);
    const stale = createLiveObjects(store.db, store.reader, {
      isStale: () => true,
      position: () => store.projections.position(),
    });
    expect([...stale.of('c1', 'pods').keys()]).toEqual(['uid-web-1']);
  });
});
