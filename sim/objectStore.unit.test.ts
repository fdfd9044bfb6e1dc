import { describe, expect, it } from 'vitest';
import { createObjectStore } from './objectStore.ts';
import type { StoreChange } from './types.ts';

const newStore = (windowSize = 100) => {
  let n = 0;
  return createObjectStore({
    clock: { now: () => Date.parse('2026-01-02T03:04:05.678Z') },
    uid: () => `uid-${++n}`,
    windowSize,
  });
};

describe('createObjectStore', () => {
  it('fills identity on create and keeps it across updates', () => {
    const store = newStore();
    const created = store.create('pods', { metadata: { name: 'web' }, spec: {} });
    expect(created).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', uid: 'uid-1', resourceVersion: '1' },
    });
    expect(created.metadata?.creationTimestamp).toBe('2026-01-02T03:04:05Z');
    const updated = store.update('pods', { metadata: { name: 'web', namespace: 'default', uid: 'forged' } });
    expect(updated.metadata).toMatchObject({ uid: 'uid-1', resourceVersion: '2' });
    expect(() => store.create('pods', { metadata: { name: 'web' } })).toThrow(/already exists/);
    expect(() => store.update('pods', { metadata: { name: 'nope' } })).toThrow(/not found/);
  });

  it('counts one global revision across resources and tells subscribers with the previous object', () => {
    const store = newStore();
    const seen: StoreChange[] = [];
    store.subscribe((c) => seen.push(c));
    store.create('namespaces', { metadata: { name: 'default' } });
    store.create('pods', { metadata: { name: 'web' }, status: { phase: 'Pending' } });
    store.update('pods', { metadata: { name: 'web' }, status: { phase: 'Running' } });
    const gone = store.remove('pods', 'default', 'web');
    expect(seen.map((c) => `${c.type} ${c.resource} ${c.resourceVersion}`)).toEqual([
      'ADDED namespaces 1',
      'ADDED pods 2',
      'MODIFIED pods 3',
      'DELETED pods 4',
    ]);
    expect(seen[2]?.previous?.status).toEqual({ phase: 'Pending' });
    expect(gone?.metadata?.resourceVersion).toBe('4');
    expect(store.get('pods', 'default', 'web')).toBeUndefined();
    expect(store.remove('pods', 'default', 'web')).toBeUndefined();
  });

  it('returns copies, so callers cannot change stored objects', () => {
    const store = newStore();
    const created = store.create('pods', { metadata: { name: 'web', labels: { app: 'web' } } });
    created.metadata!.labels!.app = 'changed';
    expect(store.get('pods', 'default', 'web')?.metadata?.labels).toEqual({ app: 'web' });
  });

  it('keeps a window of changes and reports older resourceVersions as too old', () => {
    const store = newStore(2);
    for (const name of ['a', 'b', 'c']) store.create('pods', { metadata: { name } });
    expect(store.changesSince('1')).toEqual({ ok: true, changes: expect.any(Array) });
    expect(store.changesSince('0')).toEqual({ ok: false, reason: 'tooOld', oldest: '1' });
    const since = store.changesSince('1');
    expect(since.ok && since.changes.map((c) => c.object.metadata?.name)).toEqual(['b', 'c']);
    expect(store.changesSince('x')).toEqual({ ok: false, reason: 'invalid' });
    store.forceExpire();
    expect(store.changesSince('3')).toEqual({ ok: false, reason: 'tooOld', oldest: '4' });
    expect(store.changesSince(store.revision())).toEqual({ ok: true, changes: [] });
  });

  it('rebuilds the state of a resource at an earlier revision', () => {
    const store = newStore();
    store.create('pods', { metadata: { name: 'a' }, status: { phase: 'Pending' } });
    store.create('pods', { metadata: { name: 'b' } });
    const at = store.revision();
    store.update('pods', { metadata: { name: 'a' }, status: { phase: 'Running' } });
    store.remove('pods', 'default', 'b');
    store.create('pods', { metadata: { name: 'c' } });
    const snap = store.snapshotAt('pods', at);
    expect(
      snap.ok && snap.objects.map((o) => `${o.metadata?.name}:${JSON.stringify(o.status ?? {})}`),
    ).toEqual(['a:{"phase":"Pending"}', 'b:{}']);
    expect(store.snapshotAt('pods', '99')).toEqual({ ok: false, reason: 'tooNew' });
  });

  it('stores both Event APIs as one core/v1 Event', () => {
    const store = newStore();
    store.create('events.events.k8s.io', {
      metadata: { name: 'e1', namespace: 'default' },
      regarding: { kind: 'Pod', name: 'web' },
      note: 'Liveness probe failed',
      reportingController: 'kubelet',
      deprecatedCount: 2,
    });
    expect(store.get('events', 'default', 'e1')).toMatchObject({
      apiVersion: 'v1',
      involvedObject: { kind: 'Pod', name: 'web' },
      message: 'Liveness probe failed',
      reportingComponent: 'kubelet',
      count: 2,
    });
    expect(store.list('events.events.k8s.io')[0]).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      note: 'Liveness probe failed',
    });
  });
});
