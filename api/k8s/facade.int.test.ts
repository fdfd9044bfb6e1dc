import { describe, expect, it } from 'vitest';
import { appFor, useRecordedApp } from '../apiTestSupport.ts';

const ctx = useRecordedApp();

const at = '/k8s/default/at/2026-01-02T03:10:00Z';
const tableAccept = {
  Accept:
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
};
type Json = Record<string, unknown>;
/** A value deep inside parsed JSON: dig(x, 'items', 0, 'metadata', 'name'). */
const dig = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await ctx.app.request(path, { headers });
  return { status: res.status, body: (await res.json()) as Json };
};
const names = (body: Json) => list(body.items).map((i) => dig(i, 'metadata', 'name'));

describe('discovery', () => {
  it('serves version, core and group documents under the instant', async () => {
    expect((await get(`${at}/version`)).body.major).toBe('1');
    expect((await get(`${at}/api`)).body.versions).toEqual(['v1']);
    expect(
      list((await get(`${at}/apis`)).body.groups)
        .map((g) => String(g.name))
        .sort(),
    ).toEqual(['apps', 'events.k8s.io']);
    expect(
      list((await get(`${at}/api/v1`)).body.resources)
        .map((r) => String(r.name))
        .sort(),
    ).toEqual(['events', 'namespaces', 'nodes', 'pods']);
    expect(
      list((await get(`${at}/apis/apps/v1`)).body.resources)
        .map((r) => String(r.kind))
        .sort(),
    ).toEqual(['Deployment', 'ReplicaSet']);
    expect(dig((await get(`${at}/apis/events.k8s.io/v1`)).body, 'resources', 0, 'verbs')).toEqual([
      'get',
      'list',
      'watch',
    ]);
  });

  it('answers unknown paths, bad times and writes with Status objects', async () => {
    expect((await get(`${at}/apis/batch/v1`)).body).toMatchObject({ kind: 'Status', code: 404 });
    const badTime = await get('/k8s/default/at/yesterday-ish/api/v1/pods');
    expect(badTime.status).toBe(400);
    expect(badTime.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    const write = await ctx.app.request(`${at}/api/v1/namespaces/shop/pods`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(405);
  });
});

describe('list and get at an instant', () => {
  it('lists the objects alive then, with namespace, label and field selectors', async () => {
    expect(names((await get(`${at}/api/v1/pods`)).body)).toEqual([
      'db-0',
      'web-6d4cf56db6-q9m4z',
      'web-6d4cf56db6-x7k2p',
    ]);
    expect(names((await get(`${at}/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb`)).body)).toEqual([
      'web-6d4cf56db6-q9m4z',
      'web-6d4cf56db6-x7k2p',
    ]);
    expect(names((await get(`${at}/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-2`)).body)).toEqual([
      'db-0',
      'web-6d4cf56db6-q9m4z',
    ]);
    const later = await get('/k8s/default/at/2026-01-02T03:30:00Z/api/v1/namespaces/shop/pods');
    expect(later.body).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect(names(later.body)).toEqual(['web-6d4cf56db6-n3b8v', 'web-6d4cf56db6-q9m4z']);
    expect(names((await get(`${at}/apis/apps/v1/namespaces/shop/replicasets`)).body)).toEqual([
      'web-6d4cf56db6',
    ]);
    expect(names((await get(`${at}/apis/apps/v1/deployments`)).body)).toEqual(['web']);
    expect((await get(`${at}/api/v1/pods?labelSelector=a%20in%20(`)).status).toBe(400);
    expect((await get(`${at}/api/v1/pods?fieldSelector=spec.colour%3Dred`)).body).toMatchObject({
      code: 400,
      message: 'field label not supported: spec.colour',
    });
    expect((await get(`${at}/api/v1/pods?limit=-3`)).body).toMatchObject({
      kind: 'Status',
      code: 400,
      message: expect.stringContaining('limit'),
    });
  });

  it('derives namespaces never recorded as objects from what was seen in them', async () => {
    const { body } = await get(`${at}/api/v1/namespaces`);
    expect(names(body)).toEqual(['default', 'shop']);
    expect(dig(body, 'items', 0, 'metadata', 'annotations', 'kubetrail.io/derived')).toBeDefined();
    expect(dig(body, 'items', 1, 'metadata', 'uid')).toBe('ns-shop-0001');
  });

  it('gets one object byte for byte as it was then, and 404 when it did not exist', async () => {
    const res = await ctx.app.request(`${at}/api/v1/namespaces/shop/pods/web-6d4cf56db6-x7k2p`);
    const text = await res.text();
    const object = JSON.parse(text);
    expect(object.metadata.resourceVersion).toBe('1017');
    const position = ctx.recorded.writer.reader.objectAt(
      'pod-web-x7k2p',
      Date.parse('2026-01-02T03:10:00Z'),
    )!.position;
    expect(text).toBe(ctx.recorded.writer.reader.json(position));
    const gone = await get(
      '/k8s/default/at/2026-01-02T03:30:00Z/api/v1/namespaces/shop/pods/web-6d4cf56db6-x7k2p',
    );
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ reason: 'NotFound', message: 'pods "web-6d4cf56db6-x7k2p" not found' });
  });

  it('answers a GET with the text as the API server sent it, kind first and all', async () => {
    // kube-apiserver writes kind before apiVersion; re-serialising would put apiVersion first.
    const text =
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"kind-first","namespace":"shop","uid":"uid-kind-first","resourceVersion":"5000","creationTimestamp":"2026-01-02T03:00:00Z"},"spec":{"containers":[]},"status":{"phase":"Pending"}}';
    ctx.recorded.writer.writer!.append([
      {
        cluster: 'elsewhere',
        observedAt: Date.parse('2026-01-02T03:09:00Z'),
        source: 'watch',
        type: 'ADDED',
        resource: 'pods',
        object: JSON.parse(text),
        text,
      },
    ]);
    const res = await ctx.app.request(
      '/k8s/elsewhere/at/2026-01-02T03:10:00Z/api/v1/namespaces/shop/pods/kind-first',
    );
    expect(await res.text()).toBe(text);
    const listed = await get('/k8s/elsewhere/at/2026-01-02T03:10:00Z/api/v1/pods');
    expect(names(listed.body)).toEqual(['kind-first']);
  });

  it('pages lists with limit and continue', async () => {
    const first = await get(`${at}/api/v1/pods?limit=2`);
    expect(names(first.body)).toEqual(['db-0', 'web-6d4cf56db6-q9m4z']);
    expect(dig(first.body, 'metadata', 'remainingItemCount')).toBe(1);
    const token = String(dig(first.body, 'metadata', 'continue'));
    const second = await get(`${at}/api/v1/pods?limit=2&continue=${token}`);
    expect(names(second.body)).toEqual(['web-6d4cf56db6-x7k2p']);
    expect(dig(second.body, 'metadata', 'continue')).toBeUndefined();
    expect((await get(`${at}/api/v1/pods?continue=garbage`)).body).toMatchObject({
      code: 400,
      message: 'continue key is not valid',
    });
    expect((await get(`/k8s/default/at/2026-01-02T03:11:00Z/api/v1/pods?continue=${token}`)).status).toBe(
      400,
    );
  });

  it('pages Events one at a time through both APIs, every Event once, in the unpaged order', async () => {
    for (const path of [`${at}/api/v1/events`, `${at}/apis/events.k8s.io/v1/events`]) {
      const whole = list((await get(path)).body.items).map((i) => dig(i, 'metadata', 'uid'));
      expect(whole.length).toBeGreaterThan(3);
      const paged: unknown[] = [];
      let token: string | undefined;
      for (let page = 0; page < 100; page++) {
        const res = await get(`${path}?limit=1${token ? `&continue=${token}` : ''}`);
        paged.push(...list(res.body.items).map((i) => dig(i, 'metadata', 'uid')));
        token = dig(res.body, 'metadata', 'continue') as string | undefined;
        if (token === undefined) break;
        expect(dig(res.body, 'metadata', 'remainingItemCount')).toBe(whole.length - paged.length);
        // Every page of one list carries the list's resourceVersion.
        expect(dig(res.body, 'metadata', 'resourceVersion')).toBe(
          dig((await get(path)).body, 'metadata', 'resourceVersion'),
        );
      }
      expect(paged).toEqual(whole);
    }
  });

  it('counts the items after a page from the count its continue key carries, and counts afresh without one', async () => {
    const path = `${at}/api/v1/events`;
    const whole = list((await get(path)).body.items).length;
    const first = await get(`${path}?limit=1`);
    const token = String(dig(first.body, 'metadata', 'continue'));
    const carried = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(carried.remaining).toBe(whole - 1);
    const withCount = (remaining: unknown) =>
      Buffer.from(JSON.stringify({ ...carried, remaining })).toString('base64url');
    const remainingAfter = async (key: string) =>
      dig((await get(`${path}?limit=1&continue=${key}`)).body, 'metadata', 'remainingItemCount');
    expect(await remainingAfter(token)).toBe(whole - 2);
    // The second page subtracts its own item from what the key says follows the first.
    expect(await remainingAfter(withCount(1000))).toBe(999);
    // A key without a count (or with no whole number) has the page count what follows it.
    expect(await remainingAfter(withCount(undefined))).toBe(whole - 2);
    expect(await remainingAfter(withCount(-5))).toBe(whole - 2);
  });

  it('goes on with a list at the instant of its first page when TIME is relative and the clock moved', async () => {
    // "-30m" of a clock that ticks a minute a call: each page's URL names a later instant.
    let now = Date.parse('2026-01-02T03:40:00Z');
    const app = appFor(ctx.recorded, { now: () => (now += 60_000) });
    try {
      const page = async (query: string) =>
        (await (
          await app.request(`/k8s/default/at/-30m/api/v1/namespaces/shop/pods?${query}`)
        ).json()) as Json;
      const paged: unknown[] = [];
      let token: string | undefined;
      for (let i = 0; i < 10; i++) {
        const body = await page(`limit=1${token ? `&continue=${token}` : ''}`);
        expect(body.kind).toBe('PodList');
        paged.push(...names(body));
        token = dig(body, 'metadata', 'continue') as string | undefined;
        if (token === undefined) break;
      }
      // The first page was asked at 03:41, so every page lists the pods of 03:11.
      const then = await get('/k8s/default/at/2026-01-02T03:11:00Z/api/v1/namespaces/shop/pods');
      expect(names(then.body).length).toBeGreaterThan(1);
      expect(paged).toEqual(names(then.body));
    } finally {
      app.close();
    }
  });

  it('fills a page through a selector and leaves remainingItemCount unset, as the API server does', async () => {
    const selector = `fieldSelector=${encodeURIComponent('spec.nodeName=node-2')}`;
    const whole = names((await get(`${at}/api/v1/pods?${selector}`)).body);
    expect(whole.length).toBeGreaterThan(1);
    const first = await get(`${at}/api/v1/pods?${selector}&limit=1`);
    expect(names(first.body)).toEqual(whole.slice(0, 1));
    expect(dig(first.body, 'metadata', 'remainingItemCount')).toBeUndefined();
    const token = String(dig(first.body, 'metadata', 'continue'));
    const rest = await get(`${at}/api/v1/pods?${selector}&limit=10&continue=${token}`);
    expect(names(rest.body)).toEqual(whole.slice(1));
    expect(dig(rest.body, 'metadata', 'continue')).toBeUndefined();
  });

  it('serves Events through both APIs, with the field selectors kubectl describe uses', async () => {
    const selector = encodeURIComponent(
      'involvedObject.name=web-6d4cf56db6-x7k2p,involvedObject.namespace=shop,involvedObject.uid=pod-web-x7k2p',
    );
    const core = await get(`${at}/api/v1/namespaces/shop/events?fieldSelector=${selector}`);
    expect(list(core.body.items).map((e) => e.reason)).toEqual([
      'Scheduled',
      'Started',
      'BackOff',
      'Unhealthy',
    ]);
    expect(list(core.body.items).find((e) => e.reason === 'BackOff')?.count).toBe(3);
    const v1 = await get(`${at}/apis/events.k8s.io/v1/namespaces/shop/events?fieldSelector=reason%3DBackOff`);
    expect(v1.body.items).toMatchObject([
      {
        regarding: { name: 'web-6d4cf56db6-x7k2p' },
        note: expect.stringContaining('Back-off'),
        deprecatedCount: 3,
      },
    ]);
    // The API server expired the BackOff Event at 04:05:20: at 05:00 it is gone from the facade, as it was from the cluster.
    const expired = await get('/k8s/default/at/2026-01-02T05:00:00Z/api/v1/namespaces/shop/events');
    expect(list(expired.body.items).map((e) => e.reason)).not.toContain('BackOff');
  });

  it('prints server-side Tables at the instant for kubectl', async () => {
    const { body } = await get(`${at}/api/v1/namespaces/shop/pods`, tableAccept);
    expect(body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(
      list(body.columnDefinitions)
        .map((c) => c.name)
        .slice(0, 5),
    ).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(list(body.rows).map((r) => list(r.cells).slice(0, 5))).toEqual([
      ['web-6d4cf56db6-q9m4z', '1/1', 'Running', '0', '10m'],
      ['web-6d4cf56db6-x7k2p', '1/1', 'Running', '3 (3m2s ago)', '10m'],
    ]);
    const one = await get(
      `/k8s/default/at/2026-01-02T03:07:10Z/api/v1/namespaces/shop/pods/web-6d4cf56db6-x7k2p`,
      tableAccept,
    );
    expect(list(dig(one.body, 'rows', 0, 'cells')).slice(1, 4)).toEqual([
      '0/1',
      'CrashLoopBackOff',
      '3 (12s ago)',
    ]);
  });
});

describe('watch at an instant', () => {
  const lines = async (path: string, headers: Record<string, string> = {}) => {
    const res = await ctx.app.request(path, { headers });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    return (await res.text())
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { type: string; object: Json });
  };

  it('sends ADDED for each object then, and the recorded changes after it', async () => {
    const events = await lines(`${at}/api/v1/namespaces/shop/pods?watch=true&timeoutSeconds=1`);
    expect(
      events.map((e) => [
        e.type,
        dig(e.object, 'metadata', 'name'),
        dig(e.object, 'metadata', 'resourceVersion'),
      ]),
    ).toEqual([
      ['ADDED', 'web-6d4cf56db6-q9m4z', '1008'],
      ['ADDED', 'web-6d4cf56db6-x7k2p', '1017'],
      ['MODIFIED', 'web-6d4cf56db6-x7k2p', '1020'],
      ['ADDED', 'web-6d4cf56db6-n3b8v', '1022'],
      ['DELETED', 'web-6d4cf56db6-x7k2p', '1023'],
      ['MODIFIED', 'web-6d4cf56db6-n3b8v', '1024'],
    ]);
    expect(events[0]!.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
  });

  it('skips the initial state after a list resourceVersion, and honours selectors', async () => {
    const events = await lines(
      `${at}/api/v1/namespaces/shop/pods?watch=1&resourceVersion=20&timeoutSeconds=1&fieldSelector=spec.nodeName%3Dnode-2`,
    );
    expect(events.map((e) => [e.type, dig(e.object, 'metadata', 'name')])).toEqual([
      ['ADDED', 'web-6d4cf56db6-n3b8v'],
      ['MODIFIED', 'web-6d4cf56db6-n3b8v'],
    ]);
    const streaming = await lines(
      `${at}/api/v1/namespaces/default/pods?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`,
    );
    expect(streaming.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(dig(streaming[1], 'object', 'metadata', 'annotations')).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });

  it('sends Tables to kubectl get -w: column definitions with the first event only', async () => {
    const events = await lines(`${at}/api/v1/namespaces/shop/pods?watch=true&timeoutSeconds=1`, tableAccept);
    expect(events[0]!.object.kind).toBe('Table');
    expect(events[0]!.object.columnDefinitions).not.toBeNull();
    expect(events[1]!.object.columnDefinitions).toBeNull();
    expect(list(dig(events.at(-1), 'object', 'rows', 0, 'cells')).slice(0, 3)).toEqual([
      'web-6d4cf56db6-n3b8v',
      '1/1',
      'Running',
    ]);
  });
});
