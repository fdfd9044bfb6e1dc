import { afterEach, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../bench/generate.ts';
import { toNewEntry } from '../bench/ingest.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { applyRetention, openStore, readModelTables, type Store } from './index.ts';

const start = Date.UTC(2026, 0, 1);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A store holding a few hundred pod and Event versions spread over about two days. */
function recordedStore(): { store: Store; texts: Map<number, string>; path: string } {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const path = dir.path('log.db');
  const store = openStore(path, { now: () => start });
  cleanups.push(() => store.close());
  const texts = new Map<number, string>();
  const lines = [
    ...generateTimedWatchStream({
      seed: 9,
      pods: 60,
      namespaces: 3,
      inFlight: 20,
      versionsPerPod: 12,
      deletePods: true,
      startTime: start,
      meanStepMs: 120_000,
    }),
  ];
  for (let i = 0; i < lines.length; i += 50) {
    const batch = lines.slice(i, i + 50).map((line) => toNewEntry(line, 'c1'));
    const first = store.writer!.append(batch);
    // Positions are consecutive inside a batch: remember each object's exact text.
    let position = (first.lastPosition ?? 0) - first.appended + 1;
    for (const entry of batch) texts.set(position++, JSON.stringify(entry.object));
  }
  return { store, texts, path };
}

const dump = (store: Store) =>
  Object.fromEntries(
    readModelTables.map((t) => [t, store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]),
  );

describe('retention', () => {
  it('removes entries older than an instant, keeps every kept entry decodable, and records the run', () => {
    const { store, texts } = recordedStore();
    const total = texts.size;
    const olderThan = start + 86_400_000;
    const result = applyRetention(
      {
        db: store.db,
        writer: store.writer!,
        projections: store.projections,
        now: () => start + 3 * 86_400_000,
      },
      { olderThan },
    );
    expect(result.removedEntries).toBeGreaterThan(100);
    expect(result.retainedBases).toBeGreaterThan(0);
    const oldest = store.db.prepare('SELECT min(position) AS p FROM log_entries').get() as { p: number };
    expect(oldest.p).toBe(result.belowPosition);
    // Whole old range: everything older went, nothing newer did.
    const older = store.db
      .prepare('SELECT count(*) AS n FROM log_entries WHERE observed_at < ?')
      .get(olderThan) as {
      n: number;
    };
    expect(older.n).toBe(0);
    expect(texts.size - result.removedEntries).toBe(
      (
        store.db.prepare("SELECT count(*) AS n FROM log_entries WHERE type != 'MARKER'").get() as {
          n: number;
        }
      ).n,
    );
    // Every kept object reads back exactly as observed.
    let kept = 0;
    for (const [position, text] of texts) {
      if (position < result.belowPosition) continue;
      expect(store.reader.json(position)).toBe(text);
      kept++;
    }
    expect(kept + result.removedEntries).toBe(total);
    const marker = store.reader.entry(result.markerPosition!);
    expect(marker?.object).toMatchObject({ marker: 'RetentionApplied', belowPosition: result.belowPosition });
    expect(store.db.prepare('SELECT below_position, removed_entries FROM retention_runs').all()).toEqual([
      { below_position: result.belowPosition, removed_entries: result.removedEntries },
    ]);
    // The schema's guard is back: no other delete gets through.
    expect(() =>
      store.db.prepare('DELETE FROM log_entries WHERE position = ?').run(result.belowPosition),
    ).toThrow(/append-only/);
  });

  it('leaves read models equal to a rebuild of what is left, and later appends still decode', () => {
    const { store } = recordedStore();
    const result = applyRetention(
      { db: store.db, writer: store.writer!, projections: store.projections, now: () => start },
      { olderThan: start + 86_400_000 },
    );
    const minVersion = store.db.prepare('SELECT min(position) AS p FROM pod_versions').get() as { p: number };
    expect(minVersion.p).toBeGreaterThanOrEqual(result.belowPosition);
    const after = dump(store);
    store.projections.rebuild();
    expect(dump(store)).toEqual(after);
    // New versions of objects whose keyframes were removed are written and read back whole.
    const more = [
      ...generateTimedWatchStream({
        seed: 9,
        pods: 5,
        namespaces: 3,
        inFlight: 5,
        versionsPerPod: 4,
        startTime: start + 5 * 86_400_000,
      }),
    ].map((line) => toNewEntry(line, 'c1'));
    const appended = store.writer!.append(more);
    expect(appended.appended).toBeGreaterThan(0);
    for (const entry of store.reader.entriesAfter(result.belowPosition - 1))
      expect(entry.object).toBeTruthy();
  });

  it('keeps a recorder in another connection writing decodable entries and true read models', () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const path = dir.path('log.db');
    const recorder = openStore(path, { now: () => start });
    cleanups.push(() => recorder.close());
    const lines = [
      ...generateTimedWatchStream({
        seed: 4,
        pods: 40,
        namespaces: 2,
        inFlight: 12,
        versionsPerPod: 16,
        deletePods: true,
        startTime: start,
        meanStepMs: 240_000,
      }),
    ];
    const texts = new Map<number, string>();
    const record = (from: number, to: number) => {
      for (let i = from; i < to; i += 25) {
        const batch = lines.slice(i, Math.min(to, i + 25)).map((line) => toNewEntry(line, 'c1'));
        const result = recorder.writer!.append(batch);
        let position = (result.lastPosition ?? 0) - result.appended + 1;
        for (const entry of batch) texts.set(position++, JSON.stringify(entry.object));
      }
    };
    const split = Math.floor(lines.length * 0.7);
    record(0, split);
    // `kubetrail retention` from a shell while the recorder runs: another connection, its own writer.
    const shell = openStore(path, { now: () => start });
    const result = applyRetention(
      { db: shell.db, writer: shell.writer!, projections: shell.projections, now: () => start },
      { olderThan: start + 86_400_000 },
    );
    shell.close();
    expect(result.removedEntries).toBeGreaterThan(50);
    // The recorder's remembered keyframes may be removed rows, and the positions moved on.
    record(split, lines.length);
    expect(texts.size).toBe(lines.length);
    for (const [position, text] of texts) {
      if (position >= result.belowPosition) expect(recorder.reader.json(position)).toBe(text);
    }
    expect(recorder.db.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({
      n: lines.length - result.removedEntries + 1,
    });
    const inline = dump(recorder);
    recorder.projections.rebuild();
    expect(dump(recorder)).toEqual(inline);
  });

  it('by size: removes the oldest entries until the estimate fits, or says nothing to do', () => {
    const { store } = recordedStore();
    const deps = { db: store.db, writer: store.writer!, projections: store.projections, now: () => start };
    const size = () =>
      (
        store.db.prepare('SELECT sum(length(body)) + count(*) * 400 AS b FROM log_entries').get() as {
          b: number;
        }
      ).b;
    const before = size();
    const result = applyRetention(deps, { maxBytes: Math.floor(before / 2) });
    expect(result.removedEntries).toBeGreaterThan(0);
    expect(size()).toBeLessThan(before);
    expect(applyRetention(deps, { maxBytes: before * 10 }).removedEntries).toBe(0);
  });
});
