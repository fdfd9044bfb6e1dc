import { afterEach, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../bench/generate.ts';
import { toNewEntry } from '../bench/ingest.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { deferQueryIndexes, openStore, queryOnlyIndexes, readModelTables, type Store } from './index.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const entries = [
  ...generateTimedWatchStream({
    seed: 21,
    pods: 40,
    namespaces: 2,
    inFlight: 20,
    versionsPerPod: 30,
    deletePods: true,
    startTime: Date.UTC(2026, 0, 1),
  }),
].map((line) => toNewEntry(line, 'c1'));

function load(store: Store) {
  for (let i = 0; i < entries.length; i += 250) store.writer!.append(entries.slice(i, i + 250));
}

const indexes = (store: Store) =>
  store.db.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all();

const readModels = (store: Store) =>
  Object.fromEntries(
    [...readModelTables, 'log_entries'].map((table) => [
      table,
      store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
    ]),
  );

describe('deferQueryIndexes', () => {
  it('a bulk load without the query indexes ends with the same indexes, rows and query answers', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const normal = openStore(t.path('normal.db'));
    cleanups.push(() => normal.close());
    load(normal);

    const bulk = openStore(t.path('bulk.db'));
    cleanups.push(() => bulk.close());
    const schema = indexes(bulk);
    const deferred = deferQueryIndexes(bulk.db);
    const during = indexes(bulk).map((i) => (i as { name: string }).name);
    for (const name of queryOnlyIndexes) expect(during).not.toContain(name);
    load(bulk);
    deferred.restore();

    expect(indexes(bulk)).toEqual(schema);
    expect(readModels(bulk)).toEqual(readModels(normal));
    // The restored indexes serve queries: the planner picks the status-change index again.
    const plan = bulk.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT at, value FROM pod_transitions WHERE uid = ? AND track = 'status' AND at <= ?`,
      )
      .all('x', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/pod_status_changes|pod_transitions_by_uid/);
  });

  it('refuses, naming it, an index the schema no longer has', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = openStore(t.path('renamed.db'));
    cleanups.push(() => store.close());
    store.db.exec('DROP INDEX pod_status_changes');
    expect(() => deferQueryIndexes(store.db)).toThrow(/index pod_status_changes is not in the schema/);
    // Nothing was dropped: the other query indexes are all still there.
    const names = indexes(store).map((i) => (i as { name: string }).name);
    for (const name of queryOnlyIndexes.filter((n) => n !== 'pod_status_changes'))
      expect(names).toContain(name);
  });
});
