import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../collector/index.ts';
import { fixtureDb, fixturePath } from '../test/support/fixtureDb.ts';
import { tempDir } from '../test/support/tempDb.ts';
import {
  type EntryType,
  type LogWriter,
  type NewEntry,
  openStore,
  readModelTables,
  type Store,
} from './index.ts';

const all = [
  'liveness-exec',
  'init-containers',
  'init-failure',
  'poststart-race',
  'poststart-failure',
  'prestop-graceful',
  'prestop-sigkill',
  'crashloop',
  'readiness-dependency',
];
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Every row of every read model, in a stable order. */
function dump(store: Store): Record<string, unknown[]> {
  return Object.fromEntries(
    readModelTables.map((table) => [
      table,
      store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
    ]),
  );
}

describe('rebuild', () => {
  it('replaying the log gives exactly the rows inline projection gave', () => {
    const f = fixtureDb(...all);
    cleanups.push(f.cleanup);
    const inline = dump(f.store);
    expect((inline.restarts as unknown[]).length).toBeGreaterThan(10);
    expect((inline.event_occurrences as unknown[]).length).toBeGreaterThan(50);
    // The entry counts read model agrees with the log itself.
    expect(
      f.store.db
        .prepare(
          'SELECT cluster, resource, type, sum(entries) AS n FROM log_stats GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
        )
        .all(),
    ).toEqual(
      f.store.db
        .prepare(
          'SELECT cluster, resource, type, count(*) AS n FROM log_entries GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
        )
        .all(),
    );
    const replayed = f.store.projections.rebuild();
    expect(replayed).toBe(
      (f.store.db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n,
    );
    expect(dump(f.store)).toEqual(inline);
  });

  it('projecting across restarts of the writer (empty caches) gives the same rows as one pass', () => {
    const one = fixtureDb('crashloop', 'liveness-exec');
    cleanups.push(one.cleanup);
    const t = tempDir();
    cleanups.push(t.cleanup);
    // Import the same entries with a fresh writer for every few lines: every state comes from the log.
    const lines = ['crashloop', 'liveness-exec'].flatMap((name) =>
      readFileSync(fixturePath(name), 'utf8').trim().split('\n'),
    );
    for (let i = 0; i < lines.length; i += 7) {
      const path = t.path(`part-${i}.ndjson`);
      writeFileSync(path, lines.slice(i, i + 7).join('\n'));
      const store = openStore(t.path('split.db'));
      importFiles(store.writer!, [path], { cluster: 'default', now: () => 0 });
      store.close();
    }
    const split = openStore(t.path('split.db'));
    cleanups.push(() => split.close());
    expect(dump(split)).toEqual(dump(one.store));
  });

  it('a batch that rolls back leaves nothing of itself in the read models, nor in what the writer remembers', () => {
    const one = fixtureDb('crashloop', 'liveness-exec');
    cleanups.push(one.cleanup);
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = openStore(t.path('retried.db'));
    cleanups.push(() => store.close());
    const writer = store.writer!;
    // A last entry the schema refuses: the whole batch rolls back after the entries before it
    // were projected, and is then retried alone (as the collector's batcher does).
    const refused: NewEntry = {
      cluster: 'default',
      observedAt: 0,
      source: 'import',
      type: 'REPLACED' as EntryType,
      resource: 'pods',
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { uid: 'refused', name: 'refused', namespace: 'x' },
      },
    };
    let rolledBack = 0;
    const retrying: LogWriter = {
      ...writer,
      append(entries) {
        expect(() => writer.append([...entries, refused])).toThrow(/CHECK constraint/);
        rolledBack++;
        return writer.append(entries);
      },
    };
    const lines = ['crashloop', 'liveness-exec'].flatMap((name) =>
      readFileSync(fixturePath(name), 'utf8').trim().split('\n'),
    );
    for (let i = 0; i < lines.length; i += 7) {
      const path = t.path(`part-${i}.ndjson`);
      writeFileSync(path, lines.slice(i, i + 7).join('\n'));
      importFiles(retrying, [path], { cluster: 'default', now: () => 0 });
    }
    expect(rolledBack).toBeGreaterThan(5);
    expect(dump(store)).toEqual(dump(one.store));
  });
});
