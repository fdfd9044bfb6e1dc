// Whole lists at an instant: a list without `limit` is streamed a chunk at a time (the same answer,
// byte for byte, as the pages of a paginated list put together), and a watch that sends no initial
// objects decodes none unless a selector needs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findResource } from '../../sim/index.ts';
import { createQueries, type Store } from '../../store/index.ts';
import { tempStoreOfStream } from '../../test/support/tempStore.ts';
import type { ApiDeps } from '../deps.ts';
import { type ApiApp, createApp } from '../index.ts';
import { instantChunk, objectsAtInstant, objectsAtInstantInChunks } from './objectsAtInstant.ts';

const start = Date.UTC(2026, 0, 1);
const tableAccept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
let app: ApiApp;
let cleanup: () => void;
let store: Store;
let decoded = 0;
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
  // Counts the objects decoded from the log.
  const entry = temp.store.reader.entry;
  temp.store.reader.entry = (position) => {
    decoded++;
    return entry(position);
  };
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
    const before = decoded;
    const lines = (await get(`/api/v1/pods?watch=1&timeoutSeconds=1${query}`)).split('\n').filter(Boolean);
    return { lines: lines.length, decoded: decoded - before };
  };

  it('decodes no initial object when it sends none and selects nothing (kubectl get -w after its list)', async () => {
    const listed = JSON.parse(await get('/api/v1/pods?limit=1')) as List;
    const rv = listed.metadata.resourceVersion as string;
    expect(await watch(`&resourceVersion=${rv}`)).toEqual({ lines: 0, decoded: 0 });
    // A selector looks at each object; initial events send each one.
    expect(
      (await watch(`&resourceVersion=${rv}&fieldSelector=status.phase%3DRunning`)).decoded,
    ).toBeGreaterThan(2 * instantChunk);
    const initial = await watch('');
    expect(initial.lines).toBeGreaterThan(2 * instantChunk);
    expect(initial.decoded).toBeGreaterThanOrEqual(initial.lines);
  });
});
