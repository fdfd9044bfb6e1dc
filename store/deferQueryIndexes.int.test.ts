import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../bench/generate.ts';
import { toNewEntry } from '../bench/ingest.ts';
import { tempDir } from '../test/support/tempDb.ts';
import {
  bulkLoad,
  createQueries,
  deferQueryIndexes,
  indexesNamedByQueries,
  openStore,
  queryOnlyIndexes,
  readModelTables,
  restoreDeferredIndexes,
  type Store,
} from './index.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A path in a directory removed after the test. */
function tempPath(name: string): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.path(name);
}

/** A store in a fresh database, closed after the test. */
function openTemp(name: string): Store {
  const store = openStore(tempPath(name));
  cleanups.push(() => store.close());
  return store;
}

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
    const normal = openTemp('normal.db');
    load(normal);

    const bulk = openTemp('bulk.db');
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
    const store = openTemp('renamed.db');
    store.db.exec('DROP INDEX pod_status_changes');
    expect(() => deferQueryIndexes(store.db)).toThrow(/index pod_status_changes is not in the schema/);
    // Nothing was dropped: the other query indexes are all still there.
    const names = indexes(store).map((i) => (i as { name: string }).name);
    for (const name of queryOnlyIndexes.filter((n) => n !== 'pod_status_changes'))
      expect(names).toContain(name);
  });

  it('leaves no record once restored', () => {
    const store = openTemp('record.db');
    const schema = indexes(store);
    const deferred = deferQueryIndexes(store.db);
    expect(recorded(store)).toEqual([...queryOnlyIndexes].sort());
    // Another writer opening the log meanwhile creates them; restoring again is then harmless.
    expect(restoreDeferredIndexes(store.db)).toBe(queryOnlyIndexes.length);
    deferred.restore();
    expect(indexes(store)).toEqual(schema);
    expect(recorded(store)).toEqual([]);
    // The sorts ran with temporary files on disk; the writer's own setting (memory) is back.
    expect(store.db.pragma('temp_store', { simple: true })).toBe(2);
  });
});

describe('bulkLoad', () => {
  const names = (store: Store) => indexes(store).map((i) => (i as { name: string }).name);
  const deferrable = queryOnlyIndexes.filter(
    (n) => !(indexesNamedByQueries as readonly string[]).includes(n),
  );

  it('loads an empty log without its query-only indexes, keeping those queries name, and ends with them all', () => {
    const normal = openTemp('normal.db');
    load(normal);
    const bulk = openTemp('bulk.db');
    const schema = indexes(bulk);
    const during = bulkLoad(bulk.db, () => {
      load(bulk);
      return names(bulk);
    });
    for (const name of deferrable) expect(during).not.toContain(name);
    for (const name of indexesNamedByQueries) expect(during).toContain(name);
    expect(indexes(bulk)).toEqual(schema);
    expect(recorded(bulk)).toEqual([]);
    expect(readModels(bulk)).toEqual(readModels(normal));
  });

  it('keeps every index when the log already holds entries', () => {
    const store = openTemp('held.db');
    store.writer!.append(entries.slice(0, 1));
    const schema = names(store);
    const during = bulkLoad(store.db, () => {
      store.writer!.append(entries.slice(1, 50));
      return names(store);
    });
    expect(during).toEqual(schema);
  });

  it('a load that fails appends nothing and leaves the indexes as they were', () => {
    const store = openTemp('failed.db');
    const schema = indexes(store);
    expect(() =>
      bulkLoad(store.db, () =>
        store.writer!.append(
          (function* () {
            yield* entries.slice(0, 3);
            throw new Error('line 4: not a Kubernetes object');
          })(),
        ),
      ),
    ).toThrow(/line 4: not a Kubernetes object/);
    expect(indexes(store)).toEqual(schema);
    expect(recorded(store)).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM log_entries').pluck().get()).toBe(0);
  });
});

const recorded = (store: Store) =>
  store.db
    .prepare<[], { name: string }>('SELECT name FROM deferred_indexes ORDER BY name')
    .all()
    .map((r) => r.name);

const named = indexesNamedByQueries as readonly string[];

/** What a rebuild drops: the read models' query-only indexes that no query names. */
const readModelQueryIndexes = (store: Store) =>
  indexes(store)
    .map((i) => i as { name: string; tbl_name: string })
    .filter((i) => (queryOnlyIndexes as readonly string[]).includes(i.name) && !named.includes(i.name))
    .filter((i) => (readModelTables as readonly string[]).includes(i.tbl_name))
    .map((i) => i.name);

it('every index a query names is in the list a rebuild keeps, or not query-only', () => {
  const dir = new URL('./queries/', import.meta.url);
  const inSources = readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.includes('.test.'))
    .flatMap((file) => [...readFileSync(new URL(file, dir), 'utf8').matchAll(/INDEXED BY (\w+)/g)])
    .map((match) => match[1] as string);
  expect(inSources.length).toBeGreaterThan(0);
  for (const name of inSources)
    if ((queryOnlyIndexes as readonly string[]).includes(name)) expect(named).toContain(name);
});

describe("rebuild without the read models' query indexes", () => {
  it('replays the log with them dropped, and ends with the same indexes and rows', () => {
    const store = openTemp('rebuild.db');
    load(store);
    const schema = indexes(store);
    const before = readModels(store);
    const onReadModels = readModelQueryIndexes(store);
    expect(onReadModels.length).toBeGreaterThan(10);

    const seen: string[][] = [];
    const lanes: number[] = [];
    const queries = createQueries(store.db);
    const entriesAfter = store.reader.entriesAfter;
    store.reader.entriesAfter = (from, limit) => {
      seen.push(indexes(store).map((i) => (i as { name: string }).name));
      // A reader meeting the rebuild: the viewer's lanes name their indexes, and still answer.
      lanes.push(queries.timelinesInRange.lanes({ from: 0, to: Date.UTC(2027, 0, 1), limit: 100 }).length);
      return entriesAfter(from, limit);
    };
    expect(store.projections.rebuild()).toBe(before.log_entries?.length);

    // While it replayed, the read models' query indexes were gone, but those queries name; the log's stayed.
    expect(seen.length).toBeGreaterThan(1);
    for (const name of onReadModels) expect(seen[0]).not.toContain(name);
    for (const name of [...named, 'log_entries_by_time']) expect(seen[0]).toContain(name);
    expect(lanes.at(-1)).toBeGreaterThan(0);
    expect(indexes(store)).toEqual(schema);
    expect(recorded(store)).toEqual([]);
    expect(readModels(store)).toEqual(before);
  });

  it('leaves the indexes of a rebuild that stopped halfway to the next writer that opens the log', () => {
    const path = tempPath('stopped.db');
    const store = openStore(path);
    load(store);
    const schema = indexes(store);
    const before = readModels(store);
    const onReadModels = readModelQueryIndexes(store);

    // The process dies after its first batch of the replay.
    const entriesAfter = store.reader.entriesAfter;
    let calls = 0;
    store.reader.entriesAfter = (from, limit) => {
      if (++calls === 2) throw new Error('killed');
      return entriesAfter(from, limit);
    };
    expect(() => store.projections.rebuild()).toThrow('killed');
    expect(recorded(store)).toEqual([...onReadModels].sort());
    store.close();

    const reopened = openStore(path);
    cleanups.push(() => reopened.close());
    expect(indexes(reopened)).toEqual(schema);
    expect(recorded(reopened)).toEqual([]);
    expect(readModels(reopened)).toEqual(before);
  });
});
