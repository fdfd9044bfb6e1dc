import { ApiException, AppsV1Api, CoreV1Api, EventsV1Api } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimCluster } from './index.ts';
import { pod, recordWatch, startTestCluster } from './simTestSupport.ts';

let running: SimCluster | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const start = async (options: Parameters<typeof startTestCluster>[0] = {}) => {
  const started = await startTestCluster(options);
  running = started.cluster;
  return started;
};

const apiError = async (call: Promise<unknown>): Promise<ApiException<unknown>> => {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

describe('discovery', () => {
  it('serves version, core and group resource lists', async () => {
    const { cluster } = await start();
    const get = async (path: string) =>
      (await fetch(cluster.url + path)).json() as Promise<Record<string, unknown>>;
    expect((await get('/version')).major).toBe('1');
    expect((await get('/api')).versions).toEqual(['v1']);
    const groups = (await get('/apis')).groups as { name: string }[];
    expect(groups.map((g) => g.name).sort()).toEqual(['apps', 'events.k8s.io']);
    const core = (await get('/api/v1')).resources as { name: string; namespaced: boolean; verbs: string[] }[];
    expect(core.map((r) => r.name).sort()).toEqual(['events', 'namespaces', 'nodes', 'pods']);
    expect(core.find((r) => r.name === 'nodes')?.namespaced).toBe(false);
    expect(core.find((r) => r.name === 'pods')?.verbs).toEqual(expect.arrayContaining(['list', 'watch']));
    const apps = (await get('/apis/apps/v1')).resources as { kind: string; shortNames: string[] }[];
    expect(apps.find((r) => r.kind === 'Deployment')?.shortNames).toEqual(['deploy']);
    expect(((await get('/apis/events.k8s.io/v1')).resources as { kind: string }[])[0]?.kind).toBe('Event');
  });

  it('answers a missing object with a 404 Status', async () => {
    const { cluster, kc } = await start();
    const error = await apiError(
      kc.makeApiClient(CoreV1Api).readNamespacedPod({ name: 'nowhere', namespace: 'default' }),
    );
    expect(error.code).toBe(404);
    const body = await (await fetch(`${cluster.url}/api/v1/namespaces/default/pods/nowhere`)).json();
    expect(body).toMatchObject({
      kind: 'Status',
      code: 404,
      reason: 'NotFound',
      message: 'pods "nowhere" not found',
    });
  });
});

describe('list', () => {
  it('pages with limit and continue over a consistent snapshot', async () => {
    const { cluster, kc } = await start();
    for (const name of ['a', 'b', 'c', 'd', 'e']) cluster.store.create('pods', pod(name));
    const core = kc.makeApiClient(CoreV1Api);
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items.map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const snapshotRv = first.metadata?.resourceVersion;
    // Changes after the first page must not show in later pages.
    cluster.store.remove('pods', 'default', 'c');
    cluster.store.create('pods', pod('f'));
    const names = first.items.map((p) => p.metadata?.name);
    let token = first.metadata?._continue;
    for (let i = 0; token && i < 10; i++) {
      const page = await core.listPodForAllNamespaces({ limit: 2, _continue: token });
      expect(page.metadata?.resourceVersion).toBe(snapshotRv);
      names.push(...page.items.map((p) => p.metadata?.name));
      token = page.metadata?._continue;
    }
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    const fresh = await core.listPodForAllNamespaces();
    expect(fresh.items.map((p) => p.metadata?.name)).toEqual(['a', 'b', 'd', 'e', 'f']);
  });

  it('filters by label and field selectors, and rejects unknown field labels', async () => {
    const { cluster, kc } = await start();
    const store = cluster.store;
    store.create('pods', pod('web-1', { labels: { app: 'web', tier: 'front' }, nodeName: 'node-a' }));
    store.create('pods', pod('web-2', { labels: { app: 'web', tier: 'front' }, nodeName: 'node-b' }));
    store.create('pods', pod('api-1', { labels: { app: 'api' }, nodeName: 'node-a', phase: 'Failed' }));
    store.create(
      'pods',
      pod('db-1', { namespace: 'data', labels: { app: 'db', tier: 'back' }, nodeName: 'node-c' }),
    );
    const core = kc.makeApiClient(CoreV1Api);
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await core.listPodForAllNamespaces({ labelSelector, fieldSelector })).items.map(
        (p) => p.metadata?.name,
      );
    // Lists come in key order, namespace first, as etcd returns them.
    expect(await names('app=web')).toEqual(['web-1', 'web-2']);
    expect(await names('app==api')).toEqual(['api-1']);
    expect(await names('app!=web')).toEqual(['db-1', 'api-1']);
    expect(await names('app in (api,db)')).toEqual(['db-1', 'api-1']);
    expect(await names('app notin (web),tier')).toEqual(['db-1']);
    expect(await names('!tier')).toEqual(['api-1']);
    expect(await names(undefined, 'spec.nodeName=node-a')).toEqual(['api-1', 'web-1']);
    expect(await names(undefined, 'status.phase!=Running')).toEqual(['api-1']);
    expect(await names(undefined, 'metadata.namespace=data')).toEqual(['db-1']);
    expect(await names('app=web', 'metadata.name=web-2')).toEqual(['web-2']);
    const error = await apiError(core.listPodForAllNamespaces({ fieldSelector: 'spec.color=red' }));
    expect(error.code).toBe(400);
  });

  it('answers 410 Gone for a resourceVersion older than the window', async () => {
    const { cluster, kc } = await start({ windowSize: 3 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) cluster.store.create('pods', pod(name));
    const core = kc.makeApiClient(CoreV1Api);
    for (const resourceVersionMatch of ['NotOlderThan', 'Exact']) {
      const error = await apiError(
        core.listPodForAllNamespaces({ resourceVersion: '1', resourceVersionMatch }),
      );
      expect(error.code).toBe(410);
    }
    const recent = await core.listPodForAllNamespaces({
      resourceVersion: '4',
      resourceVersionMatch: 'Exact',
    });
    expect(recent.items.map((p) => p.metadata?.name)).toEqual(['a', 'b', 'c', 'd']);
    const rv = cluster.store.revision();
    expect((await core.listPodForAllNamespaces({ resourceVersion: rv })).items).toHaveLength(5);
    cluster.forceExpire();
    expect((await apiError(core.listPodForAllNamespaces({ resourceVersion: rv }))).code).toBe(410);
    expect((await core.listPodForAllNamespaces({ resourceVersion: '0' })).items).toHaveLength(5);
  });
});

describe('watch', () => {
  it('delivers ADDED, MODIFIED and DELETED in order, resuming after a resourceVersion', async () => {
    const { cluster, kc } = await start();
    const store = cluster.store;
    store.create('pods', pod('before'));
    const rv = store.revision();
    store.create('pods', pod('early'));
    const w = await recordWatch(kc, '/api/v1/namespaces/default/pods', { resourceVersion: rv });
    const created = store.create('pods', pod('web'));
    store.update('pods', { ...created, status: { phase: 'Succeeded' } });
    store.remove('pods', 'default', 'web');
    await w.until(() => w.events.length >= 4);
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual([
      'ADDED early',
      'ADDED web',
      'MODIFIED web',
      'DELETED web',
    ]);
    const rvs = w.events.map((e) => Number(e.object.metadata?.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(w.events[3]?.object.metadata?.resourceVersion).toBe(store.revision());
    w.abort();
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    const { cluster, kc } = await start();
    const store = cluster.store;
    const p = store.create('pods', pod('web', { labels: { app: 'web' } }));
    const w = await recordWatch(kc, '/api/v1/pods', {
      labelSelector: 'app=web',
      resourceVersion: store.revision(),
    });
    store.update('pods', { ...p, metadata: { ...p.metadata, labels: { app: 'other' } } });
    store.update('pods', { ...p, metadata: { ...p.metadata, labels: { app: 'web' } } });
    await w.until(() => w.events.length >= 2);
    expect(w.events.map((e) => e.type)).toEqual(['DELETED', 'ADDED']);
    w.abort();
  });

  it('sends bookmarks with only a resourceVersion when asked, and none otherwise', async () => {
    const { cluster, kc } = await start({ bookmarkIntervalMs: 50 });
    cluster.store.create('pods', pod('web'));
    const rv = cluster.store.revision();
    const asked = await recordWatch(kc, '/api/v1/pods', { resourceVersion: rv, allowWatchBookmarks: true });
    const silent = await recordWatch(kc, '/api/v1/pods', { resourceVersion: rv });
    await asked.until(() => asked.events.filter((e) => e.type === 'BOOKMARK').length >= 2);
    const bookmark = asked.events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv } });
    expect(silent.events).toEqual([]);
    asked.abort();
    silent.abort();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const { kc } = await start();
    const began = Date.now();
    const w = await recordWatch(kc, '/api/v1/pods', { timeoutSeconds: 1 });
    await w.until(() => w.ended() !== undefined, 4000);
    expect(w.ended()?.err).toBeNull();
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
  });

  it('sends an ERROR event carrying a 410 Expired Status when the resourceVersion left the window', async () => {
    const { cluster, kc } = await start({ windowSize: 2 });
    for (const name of ['a', 'b', 'c', 'd']) cluster.store.create('pods', pod(name));
    const w = await recordWatch(kc, '/api/v1/pods', { resourceVersion: '1' });
    await w.until(() => w.ended() !== undefined);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]?.type).toBe('ERROR');
    expect(w.events[0]?.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: 410,
      reason: 'Expired',
    });
    expect(w.events[0]?.object.message).toBe('too old resource version: 1 (2)');
    // Inside the window the same resource still resumes.
    const ok = await recordWatch(kc, '/api/v1/pods', { resourceVersion: '2' });
    await ok.until(() => ok.events.length >= 2);
    expect(ok.events.map((e) => e.object.metadata?.name)).toEqual(['c', 'd']);
    ok.abort();
  });

  it('streams the initial state ending in an annotated BOOKMARK with sendInitialEvents', async () => {
    const { cluster, kc } = await start();
    cluster.store.create('pods', pod('a'));
    cluster.store.create('pods', pod('b'));
    const w = await recordWatch(kc, '/api/v1/pods', {
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
    });
    await w.until(() => w.events.length >= 3);
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    expect(w.events[2]?.object.metadata).toEqual({
      resourceVersion: cluster.store.revision(),
      annotations: { 'k8s.io/initial-events-end': 'true' },
    });
    w.abort();
  });

  it('lets dropConnections cut open watches', async () => {
    const { cluster, kc } = await start();
    const w = await recordWatch(kc, '/api/v1/pods', {});
    await new Promise((r) => setTimeout(r, 50));
    cluster.dropConnections('destroy');
    await w.until(() => w.ended() !== undefined);
    const clean = await recordWatch(kc, '/api/v1/pods', {});
    await new Promise((r) => setTimeout(r, 50));
    cluster.dropConnections('end');
    await clean.until(() => clean.ended() !== undefined);
    expect(clean.ended()?.err).toBeNull();
  });
});

describe('events', () => {
  it('shows one stored Event through core/v1 and events.k8s.io/v1, converted', async () => {
    const { cluster, kc } = await start();
    cluster.store.create('events', {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'pod-uid' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container main',
      source: { component: 'kubelet', host: 'node-a' },
      count: 7,
      firstTimestamp: '2026-01-02T03:00:00Z',
      lastTimestamp: '2026-01-02T03:05:00Z',
      type: 'Warning',
    });
    cluster.store.create('events.events.k8s.io', {
      metadata: { name: 'web.2', namespace: 'default' },
      eventTime: '2026-01-02T03:06:00.000000Z',
      series: { count: 3, lastObservedTime: '2026-01-02T03:09:00.000000Z' },
      reportingController: 'kubelet',
      reportingInstance: 'node-a',
      action: 'Probing',
      reason: 'Unhealthy',
      regarding: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'pod-uid' },
      note: 'Liveness probe failed',
      type: 'Warning',
    });
    const core = (await kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'default' })).items;
    const v1 = (await kc.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: 'default' })).items;
    expect(core.map((e) => e.metadata?.name)).toEqual(['web.1', 'web.2']);
    expect(v1.map((e) => e.metadata?.uid)).toEqual(core.map((e) => e.metadata?.uid));
    expect(core[0]).toMatchObject({ count: 7, message: 'Back-off restarting failed container main' });
    expect(v1[0]).toMatchObject({
      deprecatedCount: 7,
      note: 'Back-off restarting failed container main',
      regarding: { name: 'web', uid: 'pod-uid' },
      deprecatedSource: { component: 'kubelet', host: 'node-a' },
    });
    expect(v1[0]?.deprecatedLastTimestamp?.toISOString()).toBe('2026-01-02T03:05:00.000Z');
    expect(core[1]).toMatchObject({
      involvedObject: { name: 'web', uid: 'pod-uid' },
      message: 'Liveness probe failed',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-a',
      series: { count: 3 },
    });
    expect(v1[1]).toMatchObject({
      reportingController: 'kubelet',
      note: 'Liveness probe failed',
      series: { count: 3 },
    });

    const rawV1 = await (
      await fetch(`${cluster.url}/apis/events.k8s.io/v1/namespaces/default/events/web.1`)
    ).json();
    expect(rawV1).toMatchObject({ apiVersion: 'events.k8s.io/v1', kind: 'Event', deprecatedCount: 7 });
    const byRegarding = await kc
      .makeApiClient(EventsV1Api)
      .listEventForAllNamespaces({ fieldSelector: 'regarding.name=web,reason=BackOff' });
    expect(byRegarding.items.map((e) => e.metadata?.name)).toEqual(['web.1']);
    const byInvolved = await kc
      .makeApiClient(CoreV1Api)
      .listEventForAllNamespaces({ fieldSelector: 'involvedObject.uid=pod-uid,type=Warning' });
    expect(byInvolved.items).toHaveLength(2);
  });

  it('watches events.k8s.io/v1 in its own shape', async () => {
    const { cluster, kc } = await start();
    const w = await recordWatch(kc, '/apis/events.k8s.io/v1/events', {
      resourceVersion: cluster.store.revision(),
    });
    cluster.store.create('events', {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Pulled',
      message: 'Container image "nginx" already present on machine',
      count: 1,
    });
    await w.until(() => w.events.length >= 1);
    expect(w.events[0]).toMatchObject({
      type: 'ADDED',
      object: { apiVersion: 'events.k8s.io/v1', regarding: { name: 'web' }, deprecatedCount: 1 },
    });
    w.abort();
  });
});

describe('apps/v1', () => {
  it('lists deployments and replicasets', async () => {
    const { cluster, kc } = await start();
    cluster.store.create('deployments.apps', {
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
    });
    cluster.store.create('replicasets.apps', {
      metadata: { name: 'web-6d4cf56db6', namespace: 'default' },
      spec: { replicas: 2 },
      status: { replicas: 2 },
    });
    const apps = kc.makeApiClient(AppsV1Api);
    expect((await apps.listDeploymentForAllNamespaces()).items.map((d) => d.metadata?.name)).toEqual(['web']);
    const rs = await apps.readNamespacedReplicaSet({ name: 'web-6d4cf56db6', namespace: 'default' });
    expect(rs.kind).toBe('ReplicaSet');
    const none = await apps.listReplicaSetForAllNamespaces({ fieldSelector: 'status.replicas=3' });
    expect(none.items).toEqual([]);
  });
});
