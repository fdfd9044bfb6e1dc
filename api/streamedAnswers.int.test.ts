// Answers streamed whole: a facade list without `limit` and /api/v1/changes without `limit` are
// written a chunk at a time (the same bytes as the pages of the paged answer put together), and a
// facade watch that sends no initial objects decodes none unless a selector needs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findResource } from '../sim/index.ts';
import { createQueries, type Store } from '../store/index.ts';
import { countDecodes, tempStoreOfStream } from '../test/support/tempStore.ts';
import type { ApiDeps } from './deps.ts';
import { type ApiApp, createApp } from './index.ts';
import { instantChunk, objectsAtInstant, objectsAtInstantInChunks } from './k8s/objectsAtInstant.ts';
import { maxLimit } from './params.ts';

const start = Date.UTC(2026, 0, 1);
const tableAccept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
let app: ApiApp;
let cleanup: () => void;
let store: Store;
let decodes: { n: number };
let at: number;

type List = { kind: string; apiVersion: string; metadata: Record<string, unknown>; items: unknown[] };
type Table = { columnDefinitions: unknown; metadata: Record<string, unknown>; rows: unknown[] };

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.request(`/k8s/c1/at/${new Date(at).toISOString()}${path}`, { headers });
  expect(res.status).toBe(200);
  return res.text();
};

/** Every page of a paginated list, `limit` at a time, through the continue keys. */
const pages = async <T extends { metadata: Record<string, unknown> }>(
  path: string,
  limit: number,
  headers: Record<string, string> = {},
): Promise<T[]> => {
  const all: T[] = [];
  let next: unknown = '';
  for (let i = 0; i < 100 && next !== undefined; i++) {
    const page = JSON.parse(
      await get(`${path}?limit=${limit}${next ? `&continue=${next as string}` : ''}`, headers),
    ) as T;
    all.push(page);
    next = page.metadata.continue;
  }
  return all;
};

beforeAll(() => {
  const temp = tempStoreOfStream('full.db', {
    seed: 7,
    pods: 1_300,
    namespaces: 3,
    inFlight: 1_300,
    versionsPerPod: 2,
    events: true,
    deletePods: false,
    startTime: start,
    meanStepMs: 100,
  });
  cleanup = temp.cleanup;
  store = temp.store;
  decodes = countDecodes(temp.store);
  app = createApp({ store: temp.store, now: () => start + 86_400_000, pollMs: 50 });
  at = temp.store.db.prepare<[], number>('SELECT max(observed_at) FROM log_entries').pluck().get() ?? start;
});
afterAll(() => {
  app?.close();
  cleanup?.();
});

describe('a list without limit', () => {
  it('answers, byte for byte, what its pages put together hold (pods and Events, several chunks)', async () => {
    for (const path of ['/api/v1/pods', '/api/v1/events', '/api/v1/namespaces/ns-1/pods']) {
      const listed = await pages<List>(path, 300);
      const items = listed.flatMap((p) => p.items);
      const { kind, apiVersion, metadata } = listed[0] as List;
      const whole = JSON.stringify({
        kind,
        apiVersion,
        metadata: { resourceVersion: metadata.resourceVersion },
        items,
      });
      expect(await get(path)).toBe(whole);
    }
    const pods = JSON.parse(await get('/api/v1/pods')) as List;
    expect(pods.items.length).toBeGreaterThan(2 * instantChunk);
  });

  it('answers a Table with the rows of every page, and a selector with what it matches', async () => {
    const listed = await pages<Table>('/api/v1/pods', 400, tableAccept);
    const table = JSON.parse(await get('/api/v1/pods', tableAccept)) as Table;
    expect(table.columnDefinitions).toEqual(listed[0]?.columnDefinitions);
    expect(table.rows).toEqual(listed.flatMap((p) => p.rows));
    expect(table.rows.length).toBeGreaterThan(2 * instantChunk);

    type Pod = { metadata: { name: string; labels?: Record<string, string> } };
    const all = (JSON.parse(await get('/api/v1/pods')) as { items: Pod[] }).items;
    const app0 = all[0]?.metadata.labels?.app as string;
    const selected = (JSON.parse(await get(`/api/v1/pods?labelSelector=app%3D${app0}`)) as { items: Pod[] })
      .items;
    expect(selected.length).toBeGreaterThan(0);
    expect(selected).toEqual(all.filter((p) => p.metadata.labels?.app === app0));
  });

  it('reads the objects a chunk at a time, the same objects in the same order', () => {
    // What objectsAtInstant reads: the log and the read models.
    const deps = { store, queries: createQueries(store.db) } as ApiDeps;
    const info = findResource('', 'v1', 'pods');
    if (!info) throw new Error('pods are not served');
    const chunks = [...objectsAtInstantInChunks(deps, info, 'c1', at, undefined)];
    expect(chunks.length).toBeGreaterThan(2);
    expect(Math.max(...chunks.map((c) => c.length))).toBe(instantChunk);
    expect(chunks.flat().map((i) => i.position)).toEqual(
      objectsAtInstant(deps, info, 'c1', at, undefined).map((i) => i.position),
    );
  });
});

describe('a watch at an instant', () => {
  /** The watch's lines and the objects decoded meanwhile (it ends after a second: nothing follows). */
  const watch = async (query: string) => {
    const before = decodes.n;
    const lines = (await get(`/api/v1/pods?watch=1&timeoutSeconds=1${query}`)).split('\n').filter(Boolean);
    return { lines: lines.length, decoded: decodes.n - before };
  };

  it('decodes no initial object when it sends none and selects nothing (kubectl get -w after its list)', async () => {
    const listed = JSON.parse(await get('/api/v1/pods?limit=1')) as List;
    const rv = listed.metadata.resourceVersion as string;
    expect(await watch(`&resourceVersion=${rv}`)).toEqual({ lines: 0, decoded: 0 });
    // A selector that the read model cannot decide looks at each object; initial events send each one.
    expect(
      (await watch(`&resourceVersion=${rv}&fieldSelector=spec.restartPolicy%3DAlways`)).decoded,
    ).toBeGreaterThan(2 * instantChunk);
    // One it decides decodes none it rejects: no pod of this stream runs yet.
    expect(await watch(`&resourceVersion=${rv}&fieldSelector=status.phase%3DRunning`)).toEqual({
      lines: 0,
      decoded: 0,
    });
    const initial = await watch('');
    expect(initial.lines).toBeGreaterThan(2 * instantChunk);
    expect(initial.decoded).toBeGreaterThanOrEqual(initial.lines);
  });
});

describe('/api/v1/changes without limit', () => {
  type Changes = Record<'created' | 'deleted' | 'statusChanges', unknown[]> & { nextCursor: string | null };

  it('answers, byte for byte, what its pages put together hold, past a page of each list', async () => {
    const window = `from=${new Date(start - 1).toISOString()}&to=${new Date(at).toISOString()}`;
    const text = async (url: string) => {
      const res = await app.request(url);
      expect(res.status).toBe(200);
      return res.text();
    };
    const lists = ['created', 'deleted', 'statusChanges'] as const;
    const first = JSON.parse(await text(`/api/v1/changes?${window}&limit=${maxLimit}`)) as Changes;
    const paged: Changes = { ...first, created: [], deleted: [], statusChanges: [], nextCursor: null };
    let page = first;
    for (let i = 0; i < 20; i++) {
      for (const list of lists) paged[list].push(...page[list]);
      if (!page.nextCursor) break;
      page = JSON.parse(
        await text(`/api/v1/changes?${window}&limit=${maxLimit}&cursor=${page.nextCursor}`),
      ) as Changes;
    }
    expect(paged.created.length).toBeGreaterThan(maxLimit);
    expect(paged.statusChanges.length).toBeGreaterThan(maxLimit);
    expect(await text(`/api/v1/changes?${window}`)).toBe(JSON.stringify(paged));
  });
});
