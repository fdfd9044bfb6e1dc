import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../bench/generate.ts';
import { toNewEntry } from '../bench/ingest.ts';
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
        const batch = [...entries];
        expect(() => writer.append([...batch, refused])).toThrow(/CHECK constraint/);
        rolledBack++;
        return writer.append(batch);
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

  it('writers finish a rebuild another process left halfway, and never project an entry twice', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const entries = [
      ...generateTimedWatchStream({
        seed: 12,
        // Long-lived pods: their versions run through every phase of the interleaving below.
        pods: 60,
        namespaces: 2,
        inFlight: 60,
        versionsPerPod: 90,
        deletePods: true,
        startTime: Date.UTC(2026, 0, 1),
      }),
    ].map((line) => toNewEntry(line, 'c1'));
    // More than two catch-up shares (2,000 entries each) behind at half way.
    expect(entries.length).toBeGreaterThan(10_000);
    const appendAll = (store: Store, from: number, to: number, size: number) => {
      for (let i = from; i < to; i += size) store.writer!.append(entries.slice(i, Math.min(to, i + size)));
    };
    const single = openStore(t.path('single.db'));
    cleanups.push(() => single.close());
    appendAll(single, 0, entries.length, 100);

    const recorder = openStore(t.path('shared.db'));
    cleanups.push(() => recorder.close());
    const half = Math.floor(entries.length / 2);
    appendAll(recorder, 0, half, 100);
    const checkpoint = () =>
      (recorder.db.prepare('SELECT position FROM projection_checkpoints').get() as { position: number })
        .position;
    // Another process (`kubetrail rebuild`) empties the read models; its own writes project the
    // first share of the log (and it remembers those pods' states)...
    const other = openStore(t.path('shared.db'));
    other.db.transaction(() => {
      for (const table of readModelTables) other.db.exec(`DELETE FROM ${table}`);
      other.db.prepare("UPDATE projection_checkpoints SET position = 0 WHERE name = 'timelines'").run();
    })();
    appendAll(other, half, half + 50, 50);
    // ...the recorder goes on: each batch projects a share of the backlog, its own entries once
    // caught up...
    appendAll(recorder, half + 50, half + 150, 100);
    expect(checkpoint()).toBeLessThan(half);
    // ...and the other process's catch-up continues where the recorder left it, with the states
    // it remembered forgotten (the recorder projected later versions of those pods meanwhile).
    other.projections.catchUp();
    other.close();
    appendAll(recorder, half + 150, entries.length, 100);
    const end = recorder.db.prepare('SELECT max(position) AS p FROM log_entries').get() as { p: number };
    expect(checkpoint()).toBe(end.p);
    expect(dump(recorder)).toEqual(dump(single));
  });
});
