import { describe, expect, it } from 'vitest';
import { appFor, useRecordedApp } from './apiTestSupport.ts';

const ctx = useRecordedApp();

type Json = Record<string, unknown> & { items: Record<string, unknown>[] };
const get = async (path: string, init?: RequestInit) => {
  const res = await ctx.app.request(path, init);
  return { status: res.status, body: (await res.json()) as Json };
};
const X = 'pod-web-x7k2p';

describe('GET /api/v1/pods', () => {
  it('lists the pods of an instant with the get pods -o json item shape', async () => {
    const { status, body } = await get('/api/v1/pods?at=2026-01-02T03:10:00Z&cluster=default');
    expect(status).toBe(200);
    expect(body.at).toBe('2026-01-02T03:10:00Z');
    expect(body.items.map((p) => p.name)).toEqual(['db-0', 'web-6d4cf56db6-q9m4z', 'web-6d4cf56db6-x7k2p']);
    // `deleted` is podJsonItem's (the CLI's) to define; the rest is the contract's shape.
    const { deleted: _deleted, ...item } = body.items[2]!;
    expect(item).toEqual({
      cluster: 'default',
      namespace: 'shop',
      name: 'web-6d4cf56db6-x7k2p',
      uid: X,
      phase: 'Running',
      ready: '1/1',
      status: 'Running',
      restarts: 3,
      restartsText: '3 (3m2s ago)',
      node: 'node-1',
    });
  });

  it('filters by namespace, labels, owner, node and status', async () => {
    const names = async (query: string) =>
      (await get(`/api/v1/pods?at=2026-01-02T03:06:00Z&${query}`)).body.items.map((p) => p.name);
    expect(await names('namespace=default')).toEqual(['db-0']);
    expect(await names('labelSelector=app%3Dweb')).toEqual(['web-6d4cf56db6-q9m4z', 'web-6d4cf56db6-x7k2p']);
    expect(await names('labelSelector=tier%20in%20(storage)')).toEqual(['db-0']);
    expect(await names('ownerUid=rs-web-0001&node=node-1')).toEqual(['web-6d4cf56db6-x7k2p']);
    expect(await names('status=Running')).toEqual(['db-0', 'web-6d4cf56db6-q9m4z', 'web-6d4cf56db6-x7k2p']);
    expect(await names('cluster=staging')).toEqual([]);
  });

  it('shows the pods of each moment: the replacement after the deletion, relative times from now', async () => {
    const later = await get('/api/v1/pods?at=2026-01-02T03:30:00Z&namespace=shop');
    expect(later.body.items.map((p) => p.name)).toEqual(['web-6d4cf56db6-n3b8v', 'web-6d4cf56db6-q9m4z']);
    const crashing = await get('/api/v1/pods?at=2026-01-02T03:07:10Z&status=CrashLoopBackOff');
    expect(crashing.body.items.map((p) => [p.name, p.ready, p.restarts])).toEqual([
      ['web-6d4cf56db6-x7k2p', '0/1', 3],
    ]);
    const relative = await get('/api/v1/pods?at=2h30m%20ago&namespace=shop');
    expect(relative.body.at).toBe('2026-01-02T03:30:00Z');
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/pods?at=yesterday', 'at'],
      ['/api/v1/pods?at=2026-13-45T99:00:00Z', 'at'],
      ['/api/v1/pods?at=0000-01-01T00:00:00Z', 'at'],
      ['/api/v1/pods?labelSelector=a%20in%20(', 'labelSelector'],
      ['/api/v1/pods?colour=blue', 'colour'],
    ];
    for (const [path, field] of cases) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect((body.error as { field: string }).field, path).toBe(field);
    }
  });
});

describe('GET /api/v1/pods/{uid}', () => {
  it('summarises a pod with its owner chain', async () => {
    const { status, body } = await get(`/api/v1/pods/${X}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      uid: X,
      name: 'web-6d4cf56db6-x7k2p',
      createdAt: '2026-01-02T03:00:00.000Z',
      deletedAt: '2026-01-02T03:20:05.000Z',
      deletionRequestedAt: expect.any(String),
      restartCount: 3,
      owners: [
        { kind: 'ReplicaSet', name: 'web-6d4cf56db6', uid: 'rs-web-0001', recorded: true },
        { kind: 'Deployment', name: 'web', uid: 'dep-web-0001', recorded: true },
      ],
    });
    expect(body.columns).toMatchObject({ status: 'Terminating', restarts: 3 });
  });

  it('answers 404 for a uid never recorded', async () => {
    for (const suffix of ['', '/timeline', '/versions', '/object', '/diff?from=1']) {
      const { status, body } = await get(`/api/v1/pods/no-such-uid${suffix}`);
      expect(status, suffix).toBe(404);
      expect((body.error as { reason: string }).reason).toBe('not-found');
    }
  });

  it('gives every timeline with the source of each time', async () => {
    const { body } = await get(`/api/v1/pods/${X}/timeline`);
    const phases = body.phases as { value: string; fromSource: string }[];
    expect(phases.map((p) => p.value)).toEqual(['Pending', 'Running']);
    const statuses = (body.statuses as { value: string }[]).map((s) => s.value);
    expect(statuses).toEqual(
      expect.arrayContaining(['ContainerCreating', 'Running', 'CrashLoopBackOff', 'Terminating']),
    );
    expect(Object.keys(body.conditions as object)).toEqual(expect.arrayContaining(['Ready', 'PodScheduled']));
    expect(Object.keys(body.containers as object)).toEqual(['app']);
    const restarts = body.restarts as {
      exitCode: number | null;
      reason: string | null;
      inferred: boolean;
      atSource: string;
    }[];
    expect(restarts.map((r) => [r.exitCode, r.reason, r.inferred, r.atSource])).toEqual([
      [137, 'OOMKilled', false, 'object'],
      [null, null, true, 'observed'],
      [1, 'Error', false, 'object'],
    ]);
    expect(body.crashLoops).toMatchObject([
      { container: 'app', restarts: 2, startedAt: '2026-01-02T03:05:18.000Z' },
    ]);
    const events = body.events as { reason: string; occurrences: number }[];
    expect(events.map((e) => e.reason)).toEqual([
      'Scheduled',
      'Started',
      'BackOff',
      'Unhealthy',
      'BackOff',
      'Killing',
    ]);
    expect(body.gaps).toEqual([
      {
        from: '2026-01-02T03:13:00.000Z',
        to: '2026-01-02T03:15:00.000Z',
        reason: '410 Gone',
        position: expect.any(Number),
      },
    ]);
  });

  it('lists versions, serves each object byte for byte, and diffs two of them', async () => {
    const versions = (await get(`/api/v1/pods/${X}/versions`)).body.items as {
      position: number;
      type: string;
      status: string | null;
      observedAt: string;
    }[];
    expect(versions.map((v) => v.type)).toEqual([
      'ADDED',
      'MODIFIED',
      'MODIFIED',
      'MODIFIED',
      'MODIFIED',
      'MODIFIED',
      'MODIFIED',
      'DELETED',
    ]);
    expect(versions[2]).toMatchObject({ status: 'CrashLoopBackOff', observedAt: '2026-01-02T03:05:20.000Z' });

    const res = await ctx.app.request(`/api/v1/pods/${X}/object?at=2026-01-02T03:06:00Z`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-kubetrail-position')).toBe(String(versions[3]!.position));
    const text = await res.text();
    expect(text).toBe(ctx.recorded.writer.reader.json(versions[3]!.position));
    expect(JSON.parse(text).metadata.resourceVersion).toBe('1013');

    const byPosition = await ctx.app.request(`/api/v1/pods/${X}/object?position=${versions[0]!.position}`);
    expect(JSON.parse(await byPosition.text()).status.phase).toBe('Pending');
    expect((await get(`/api/v1/pods/${X}/object?at=2026-01-01T00:00:00Z`)).status).toBe(404);
    expect((await get(`/api/v1/pods/${X}/object?position=1`)).status).toBe(404);
    expect((await get(`/api/v1/pods/${X}/object?position=abc`)).status).toBe(400);

    const diff = await get(
      `/api/v1/pods/${X}/diff?from=${versions[1]!.position}&to=${versions[2]!.position}`,
    );
    const changes = diff.body.changes as { op: string; path: string; value?: unknown }[];
    expect(changes).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: '/metadata/resourceVersion', oldValue: '1007', value: '1011' },
        { op: 'replace', path: '/status/containerStatuses/0/restartCount', oldValue: 0, value: 1 },
        expect.objectContaining({ op: 'add', path: '/status/containerStatuses/0/lastState/terminated' }),
      ]),
    );
    const next = await get(`/api/v1/pods/${X}/diff?from=${versions[0]!.position}`);
    expect((next.body.to as { position: number }).position).toBe(versions[1]!.position);
    expect((await get(`/api/v1/pods/${X}/diff?from=${versions[7]!.position}`)).status).toBe(404);
    expect((await get(`/api/v1/pods/${X}/diff`)).body.error).toMatchObject({ field: 'from' });
  });
});

describe('restarts, crash loops and top restarters', () => {
  it('pages restarts with opaque keyset cursors', async () => {
    const first = await get('/api/v1/restarts?namespace=shop&limit=2');
    expect(first.body.items.map((r) => r.at)).toEqual([
      '2026-01-02T03:05:18.000Z',
      '2026-01-02T03:06:20.000Z',
    ]);
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const second = await get(`/api/v1/restarts?namespace=shop&limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(second.body.items.map((r) => [r.exitCode, r.reason])).toEqual([[1, 'Error']]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('filters restarts by reason, owner and window', async () => {
    const reasons = async (q: string) => (await get(`/api/v1/restarts?${q}`)).body.items.map((r) => r.reason);
    expect(await reasons('reason=OOMKilled')).toEqual(['OOMKilled']);
    expect(
      await reasons('ownerUid=rs-web-0001&since=2026-01-02T03:06:00Z&until=2026-01-02T03:07:00Z'),
    ).toEqual([null, 'Error']);
    expect(await reasons('ownerUid=someone-else')).toEqual([]);
  });

  it('refuses bad cursors, huge limits and inverted windows', async () => {
    const bad = async (q: string, field: string) => {
      const { status, body } = await get(`/api/v1/restarts?${q}`);
      expect(status, q).toBe(400);
      expect((body.error as { field: string }).field, q).toBe(field);
    };
    await bad('cursor=not-a-cursor', 'cursor');
    const eventsCursor = Buffer.from(JSON.stringify({ k: 'events', at: 1, id: 1 })).toString('base64url');
    await bad(`cursor=${eventsCursor}`, 'cursor');
    await bad('limit=1000000', 'limit');
    await bad('limit=0', 'limit');
    await bad('limit=ten', 'limit');
    await bad('since=2026-01-02T04:00:00Z&until=2026-01-02T03:00:00Z', 'until');
    await bad('since=soon', 'since');
  });

  it('lists CrashLoopBackOff episodes and the top restarters', async () => {
    const loops = await get('/api/v1/crashloops?since=2026-01-02T03:06:00Z');
    expect(loops.body.items).toMatchObject([
      { pod: 'web-6d4cf56db6-x7k2p', container: 'app', restarts: 2, endReason: 'recovered' },
    ]);
    expect((await get('/api/v1/crashloops?until=2026-01-02T03:00:00Z')).body.items).toEqual([]);
    const top = await get('/api/v1/restarts/top?limit=5');
    expect(top.body.items).toMatchObject([
      { uid: X, restarts: 3, inferred: 1, owner: { kind: 'ReplicaSet', name: 'web-6d4cf56db6' } },
    ]);
    // Each filter counts only the restarts it keeps (the three above: 03:05:18, 03:06:20, then one more).
    const topOf = async (q: string) =>
      (await get(`/api/v1/restarts/top?${q}`)).body.items.map((r) => [r.uid, r.restarts, r.firstAt]);
    expect(await topOf('namespace=shop&since=2026-01-02T03:06:00Z')).toEqual([
      [X, 2, '2026-01-02T03:06:20.000Z'],
    ]);
    expect(await topOf('until=2026-01-02T03:06:00Z&ownerUid=rs-web-0001')).toEqual([
      [X, 1, '2026-01-02T03:05:18.000Z'],
    ]);
    expect(await topOf('reason=OOMKilled')).toEqual([[X, 1, expect.any(String)]]);
    expect(await topOf('namespace=elsewhere&since=2026-01-02T03:00:00Z')).toEqual([]);
  });
});

describe('events, changes, clusters and the collector', () => {
  it('lists event occurrences, including Events the API server expired', async () => {
    const { body } = await get(`/api/v1/events?podUid=${X}&reason=BackOff`);
    expect(body.items.map((e) => [e.occurrences, e.count, e.expired])).toEqual([
      [1, 1, true],
      [2, 3, true],
    ]);
    const warnings = await get('/api/v1/events?type=Warning&since=2026-01-02T03:06:00Z&limit=1');
    expect(warnings.body.items.map((e) => e.reason)).toEqual(['Unhealthy']);
    const rest = await get(
      `/api/v1/events?type=Warning&since=2026-01-02T03:06:00Z&limit=1&cursor=${warnings.body.nextCursor as string}`,
    );
    expect(rest.body.items.map((e) => e.reason)).toEqual(['BackOff']);
    expect((await get('/api/v1/events?type=Normal')).body.items.every((e) => e.expired === false)).toBe(true);
  });

  it('tells what changed between two instants in a namespace', async () => {
    const { body } = await get(
      '/api/v1/changes?from=2026-01-02T03:15:00Z&to=2026-01-02T03:30:00Z&namespace=shop',
    );
    expect((body.created as { name: string }[]).map((o) => o.name)).toEqual(['web-6d4cf56db6-n3b8v']);
    expect((body.deleted as { name: string; inferred: boolean }[]).map((o) => [o.name, o.inferred])).toEqual([
      ['web-6d4cf56db6-x7k2p', false],
    ]);
    expect(
      (body.statusChanges as { name: string; from: string | null; to: string }[]).map((s) => [
        s.name,
        s.from,
        s.to,
      ]),
    ).toEqual([
      ['web-6d4cf56db6-x7k2p', 'Running', 'Terminating'],
      ['web-6d4cf56db6-n3b8v', null, 'ContainerCreating'],
      ['web-6d4cf56db6-n3b8v', 'ContainerCreating', 'Running'],
    ]);
    expect((await get('/api/v1/changes')).body.error).toMatchObject({ field: 'from' });
    expect(
      (await get('/api/v1/changes?from=2026-01-02T04:00:00Z&to=2026-01-02T03:00:00Z')).body.error,
    ).toMatchObject({ field: 'to' });
  });

  it('pages what changed, each list to exactly its whole, in the window of the first page', async () => {
    type Changes = Record<'created' | 'deleted' | 'statusChanges', { uid: string; at: string }[]> & {
      nextCursor: string | null;
      from: string;
      to: string;
    };
    const window = 'from=2026-01-02T03:00:00Z&to=2026-01-02T03:30:00Z';
    const whole = (await get(`/api/v1/changes?${window}`)).body as unknown as Changes;
    expect(whole.nextCursor).toBeNull();
    expect(whole.statusChanges.length).toBeGreaterThan(3);
    const lists = ['created', 'deleted', 'statusChanges'] as const;
    const paged: Changes = { ...whole, created: [], deleted: [], statusChanges: [] };
    let pages = 0;
    // `to=now` on the later pages: they keep the first page's window (as a continue key does).
    let url = `/api/v1/changes?${window}&limit=1`;
    for (; pages < 50; pages++) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      const page = body as unknown as Changes;
      expect([page.from, page.to]).toEqual([whole.from, whole.to]);
      for (const list of lists) {
        expect(page[list].length).toBeLessThanOrEqual(1);
        paged[list].push(...page[list]);
      }
      if (!page.nextCursor) break;
      url = `/api/v1/changes?from=2026-01-02T03:00:00Z&to=now&limit=1&cursor=${page.nextCursor}`;
    }
    expect(pages + 1).toBe(Math.max(...lists.map((list) => whole[list].length)));
    for (const list of lists) expect(paged[list]).toEqual(whole[list]);

    const first = (await get(`/api/v1/changes?${window}&limit=1`)).body as unknown as Changes;
    const cursor = first.nextCursor as string;
    expect(
      (await get(`/api/v1/changes?from=2026-01-02T03:01:00Z&limit=1&cursor=${cursor}`)).body.error,
    ).toMatchObject({ field: 'from' });
    expect(
      (await get(`/api/v1/changes?from=2026-01-02T03:00:00Z&cursor=${cursor}`)).body.error,
    ).toMatchObject({ field: 'limit' });
    expect(
      (await get(`/api/v1/changes?from=2026-01-02T03:00:00Z&limit=1&cursor=bm90LWpzb24`)).body.error,
    ).toMatchObject({ field: 'cursor' });
    const events = (await get('/api/v1/events?limit=1')).body.nextCursor as string;
    expect(
      (await get(`/api/v1/changes?from=2026-01-02T03:00:00Z&limit=1&cursor=${events}`)).body.error,
    ).toMatchObject({ field: 'cursor', message: expect.stringContaining('not a cursor of this list') });
  });

  it('lists clusters and the collector status from the markers and checkpoints', async () => {
    const clusters = await get('/api/v1/clusters');
    expect(clusters.body.items.map((c) => [c.name, c.pods])).toEqual([
      ['default', 4],
      ['staging', 1],
    ]);
    const { body } = await get('/api/v1/collector?cluster=default');
    const [status] = body.clusters as Record<string, unknown>[];
    expect(status).toMatchObject({
      name: 'default',
      lastObservedAt: '2026-01-02T04:05:20.000Z',
      running: true,
      counts: { gaps: 1, relists: 1, watchReconnects: 1, collectorStarts: 1, collectorStops: 0 },
      gaps: [{ from: '2026-01-02T03:13:00.000Z', to: '2026-01-02T03:15:00.000Z', reason: '410 Gone' }],
    });
    expect(body.checkpoints).toEqual([
      {
        cluster: 'default',
        resource: 'pods',
        resourceVersion: '1024',
        position: 24,
        updatedAt: '2026-01-02T04:05:20.000Z',
      },
    ]);
  });
});

describe('operations', () => {
  it('answers healthz, readyz, metrics and the OpenAPI document', async () => {
    expect(await (await ctx.app.request('/healthz')).text()).toBe('ok');
    expect((await get('/readyz')).body).toEqual({ ready: true, reason: 'ok' });
    const fresh = appFor(ctx.recorded);
    await fresh.request('/api/v1/clusters');
    const metrics = await (await fresh.request('/metrics')).text();
    fresh.close();
    expect(metrics).toMatch(/^kubetrail_log_entries 30$/m);
    expect(metrics).toMatch(/^kubetrail_log_entries_by_resource\{cluster="default",resource="pods"\} 13$/m);
    expect(metrics).toMatch(/^kubetrail_watch_reconnects_total\{cluster="default"\} 1$/m);
    expect(metrics).toMatch(/^kubetrail_relists_total\{cluster="default"\} 1$/m);
    expect(metrics).toMatch(/^kubetrail_gaps_total\{cluster="default"\} 1$/m);
    expect(metrics).toMatch(
      /^kubetrail_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/clusters",code="200"\} 1$/m,
    );
    const doc = (await get('/api/openapi.json')).body as unknown as {
      paths: Record<string, { get: { parameters?: { name: string }[] } }>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/pods',
        '/api/v1/pods/{uid}/diff',
        '/api/v1/restarts',
        '/api/v1/replay',
      ]),
    );
    expect(doc.paths['/api/v1/restarts']!.get.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['since', 'cursor', 'limit']),
    );
  });

  it('serves a page linking to the API when no viewer is built', async () => {
    const bare = appFor(ctx.recorded, { webDir: '/nonexistent-kubetrail-web' });
    const res = await bare.request('/');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/api/openapi.json');
    bare.close();
  });

  it('turns readyz false while shutting down', async () => {
    const other = appFor(ctx.recorded);
    other.shutdown();
    const res = await other.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, reason: 'shutting down' });
    other.close();
  });

  it('asks for the bearer token everywhere but healthz and readyz', async () => {
    const locked = appFor(ctx.recorded, { token: 's3cret' });
    expect((await locked.request('/healthz')).status).toBe(200);
    expect((await locked.request('/readyz')).status).toBe(200);
    for (const path of [
      '/api/v1/pods',
      '/metrics',
      '/api/openapi.json',
      '/k8s/default/at/now/api/v1/pods',
      '/',
    ]) {
      const res = await locked.request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(
      (await locked.request('/api/v1/pods', { headers: { Authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    expect(
      (await locked.request('/api/v1/pods', { headers: { Authorization: 'Bearer s3cret' } })).status,
    ).toBe(200);
    expect(
      ((await (await locked.request('/k8s/default/at/now/api/v1/pods')).json()) as { kind: string }).kind,
    ).toBe('Status');
    locked.close();
  });
});
