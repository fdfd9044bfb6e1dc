import { describe, expect, it } from 'vitest';
import { useRecordedApp } from './apiTestSupport.ts';

const ctx = useRecordedApp();

type Lane = {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  createdAt: number | null;
  deletedAt: number | null;
  spans: [number, number, string][];
  restarts: [number, string, number | null, string | null, number | null, boolean][];
  crashLoops: [number, number | null, string, number][];
};
type Body = {
  from: string;
  to: string;
  items: Lane[];
  gaps: { cluster: string; from: number; to: number; reason: string | null }[];
  nextCursor: string | null;
  error?: { field?: string; message: string };
};
const get = async (query: string) => {
  const res = await ctx.app.request(`/api/v1/timelines${query}`);
  return { status: res.status, body: (await res.json()) as Body };
};
const t = (hms: string) => Date.parse(`2026-01-02T${hms}Z`);

describe('GET /api/v1/timelines', () => {
  it('gives the lanes of the pods alive in the window, in kubectl order, with compact spans, restarts and episodes', async () => {
    const { status, body } = await get('?from=2026-01-02T03:00:00Z&to=2026-01-02T04:10:00Z&cluster=default');
    expect(status).toBe(200);
    expect(body.from).toBe('2026-01-02T03:00:00.000Z');
    expect(body.items.map((l) => `${l.namespace}/${l.name}`)).toEqual([
      'default/db-0',
      'shop/web-6d4cf56db6-n3b8v',
      'shop/web-6d4cf56db6-q9m4z',
      'shop/web-6d4cf56db6-x7k2p',
    ]);
    const x = body.items.find((l) => l.name === 'web-6d4cf56db6-x7k2p')!;
    expect(x.deletedAt).toBe(t('03:20:05'));
    expect(x.spans.map((s) => s[2])).toEqual([
      'ContainerCreating',
      'Running',
      'CrashLoopBackOff',
      'Running',
      'CrashLoopBackOff',
      'Running',
      'Terminating',
    ]);
    // Spans tile the pod's life: each ends where the next begins, the last at the deletion.
    for (let i = 1; i < x.spans.length; i++) expect(x.spans[i]![0]).toBe(x.spans[i - 1]![1]);
    expect(x.spans.at(-1)).toEqual([t('03:20:00'), t('03:20:05'), 'Terminating']);
    expect(x.restarts).toEqual([
      [t('03:05:18'), 'app', 137, 'OOMKilled', null, false],
      [t('03:06:20'), 'app', null, null, null, true],
      [t('03:06:58'), 'app', 1, 'Error', null, false],
    ]);
    expect(x.crashLoops).toEqual([[t('03:05:18'), t('03:07:39'), 'app', 2]]);
    // The recorder's blind interval, for the swimlanes' hatching.
    expect(body.gaps).toEqual([
      { cluster: 'default', from: t('03:13:00'), to: t('03:15:00'), reason: '410 Gone' },
    ]);
    expect(body.nextCursor).toBeNull();
  });

  it('clips spans to the window and leaves out what lies outside it', async () => {
    const { body } = await get('?from=2026-01-02T03:05:30Z&to=2026-01-02T03:10:00Z&namespace=shop');
    const x = body.items.find((l) => l.name === 'web-6d4cf56db6-x7k2p')!;
    expect(x.spans.slice(0, 2)).toEqual([
      [t('03:05:30'), t('03:05:31'), 'CrashLoopBackOff'],
      [t('03:05:31'), t('03:07:00'), 'Running'],
    ]);
    expect(x.spans.at(-1)![1]).toBe(t('03:10:00'));
    expect(x.restarts.map((r) => r[0])).toEqual([t('03:06:20'), t('03:06:58')]);
    // The episode began before the window and overlaps it.
    expect(x.crashLoops.length).toBe(1);
    expect(body.items.every((l) => l.namespace === 'shop')).toBe(true);
    // The gap (03:13 to 03:15) is outside this window.
    expect(body.gaps).toEqual([]);
  });

  it('leaves out pods deleted before the window; defaults to the hour before now', async () => {
    const { body } = await get('');
    expect(body.to).toBe('2026-01-02T06:00:00.000Z');
    expect(body.from).toBe('2026-01-02T05:00:00.000Z');
    expect(body.items.some((l) => l.name === 'web-6d4cf56db6-x7k2p')).toBe(false);
    expect(body.items.some((l) => l.name === 'web-6d4cf56db6-q9m4z')).toBe(true);
  });

  it('pages with an opaque cursor, without losing or repeating a pod', async () => {
    const window = '?from=2026-01-02T03:00:00Z&to=2026-01-02T04:10:00Z';
    const whole = (await get(window)).body.items.map((l) => l.uid);
    expect(whole.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const { body }: { body: Body } = await get(
        `${window}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(body.items.length).toBeLessThanOrEqual(2);
      paged.push(...body.items.map((l) => l.uid));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(paged).toEqual(whole);
  });

  it.each([
    ['?from=yesterday-ish', 'from'],
    ['?to=2026-13-45T99:00:00Z', 'to'],
    ['?from=2026-01-02T04:00:00Z&to=2026-01-02T03:00:00Z', 'to'],
    ['?limit=0', 'limit'],
    ['?limit=2001', 'limit'],
    ['?limit=ten', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
    ['?namespace=', 'namespace'],
    ['?pods=all', 'pods'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error?.field).toBe(field);
  });

  it('refuses a cursor of another list', async () => {
    const restarts = await ctx.app.request('/api/v1/restarts?limit=1');
    const { nextCursor } = (await restarts.json()) as { nextCursor: string };
    expect(nextCursor).toBeTruthy();
    const { status, body } = await get(`?cursor=${encodeURIComponent(nextCursor)}`);
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/cursor: not a cursor of this list/);
  });

  it('is documented in the OpenAPI with its parameters', async () => {
    const doc = (await (await ctx.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[]; description?: string } }>;
    };
    const op = doc.paths['/api/v1/timelines']?.get;
    expect(op?.parameters?.map((p) => p.name).sort()).toEqual([
      'cluster',
      'cursor',
      'from',
      'limit',
      'namespace',
      'to',
    ]);
    expect(op?.description).toContain('spans: [[from, to, status]]');
  });
});
