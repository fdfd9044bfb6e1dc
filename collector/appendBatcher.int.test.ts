import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCheckpointStore,
  type KubeObject,
  type NewEntry,
  openStore,
  type Store,
} from '../store/index.ts';
import { simplePod } from '../test/support/podBuilder.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { createAppendBatcher, type LockChange, type Schedule } from './appendBatcher.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A store whose writes fail at once when another connection holds the lock, and that other connection. */
function lockedPair(): { store: Store; other: Database.Database; dir: ReturnType<typeof tempDir> } {
  const dir = tempDir();
  const store = openStore(dir.path('log.db'));
  store.db.pragma('busy_timeout = 0');
  const other = new Database(dir.path('log.db'));
  cleanups.push(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    store.close();
    dir.cleanup();
  });
  return { store, other, dir };
}

const entry = (name: string, rv: number): NewEntry => ({
  cluster: 'c1',
  observedAt: Date.parse('2026-01-02T03:00:00Z') + rv * 1000,
  source: 'watch',
  type: 'MODIFIED',
  resource: 'pods',
  object: simplePod(name, String(rv)),
});

/** Timers run by the test: each `schedule` waits in `due` until `runDue` fires it. */
function manualTimers() {
  const due: { ms: number; run: () => void }[] = [];
  const schedule: Schedule = (ms, run) => {
    const timer = { ms, run };
    due.push(timer);
    return () => {
      const i = due.indexOf(timer);
      if (i >= 0) due.splice(i, 1);
    };
  };
  return {
    schedule,
    due,
    runDue(): void {
      const timer = due.shift();
      if (!timer) throw new Error('no timer due');
      timer.run();
    },
  };
}

describe('the append batcher while another process holds the log', () => {
  it('holds observations without a write per arrival, reports the lock once, then writes the backlog in parts with the checkpoint last', () => {
    const { store, other } = lockedPair();
    const timers = manualTimers();
    const changes: LockChange[] = [];
    const errors: unknown[] = [];
    const checkpoints = createCheckpointStore(store.db);
    let attempts = 0;
    const writer = store.writer!;
    const batcher = createAppendBatcher({
      writer: {
        ...writer,
        transaction: (work) => {
          attempts++;
          return writer.transaction(work);
        },
      },
      checkpoints,
      cluster: 'c1',
      now: () => 1_000 + changes.length * 5_000,
      maxBatch: 3,
      schedule: timers.schedule,
      onError: (error) => errors.push(error),
      onLock: (change) => changes.push(change),
    });
    other.exec('BEGIN IMMEDIATE');
    for (let i = 1; i <= 3; i++) batcher.add(entry(`web-${i}`, i));
    batcher.advance('pods', '7');
    for (let i = 4; i <= 7; i++) batcher.add(entry(`web-${i}`, i));

    // The third arrival filled a batch and tried once; the rest wait for the retry timer.
    expect(attempts).toBe(1);
    expect(changes).toEqual([{ locked: true, held: 3 }]);
    expect(errors).toEqual([]);
    expect(batcher.stats()).toMatchObject({ pending: 7, batches: 0 });
    expect(timers.due.map((t) => t.ms)).toEqual([1000]);
    timers.runDue();
    expect(changes).toHaveLength(1);
    expect(batcher.stats().pending).toBe(7);

    other.exec('COMMIT');
    const positions = () => [...store.reader.entriesAfter(0)].map((e) => e.name);
    timers.runDue();
    expect(positions()).toEqual(['web-1', 'web-2', 'web-3']);
    // The checkpoint covers all seven: it waits for the last part.
    expect(checkpoints.get('c1', 'pods')).toBeUndefined();
    expect(timers.due.map((t) => t.ms)).toEqual([0]);
    timers.runDue();
    timers.runDue();
    expect(positions()).toEqual(['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6', 'web-7']);
    expect(checkpoints.get('c1', 'pods')).toMatchObject({ resourceVersion: '7' });
    expect(changes).toEqual([
      { locked: true, held: 3 },
      { locked: false, lockedForMs: 5_000, written: 7, spilled: 0 },
    ]);
    expect(batcher.stats()).toMatchObject({ pending: 0, batches: 3, appended: 7 });
  });

  it('keeps the encoder when the lock refused the transaction: the next version is still a delta', () => {
    const { store, other } = lockedPair();
    const writer = store.writer!;
    writer.append([entry('web', 1)]);
    other.exec('BEGIN IMMEDIATE');
    expect(() => writer.transaction(() => writer.append([entry('web', 2)]))).toThrow(/locked/);
    expect(() => writer.append([entry('web', 2)])).toThrow(/locked/);
    other.exec('COMMIT');
    writer.append([entry('web', 2)]);
    // A delta names the row it applies to; a fresh encoder would have written a full copy.
    const rows = store.db
      .prepare('SELECT resource_version AS rv, base_position AS base FROM log_entries ORDER BY position')
      .all();
    expect(rows).toEqual([
      { rv: '1', base: null },
      { rv: '2', base: 1 },
    ]);
  });

  it('moves what it holds beyond its bound to a file, and writes it all back in order once the lock is free', () => {
    const { store, other, dir } = lockedPair();
    const timers = manualTimers();
    const changes: LockChange[] = [];
    const checkpoints = createCheckpointStore(store.db);
    const batcher = createAppendBatcher({
      writer: store.writer!,
      checkpoints,
      cluster: 'c1',
      now: () => 1_000,
      maxBatch: 3,
      maxHeldInMemory: 4,
      spillDir: dir.path('.'),
      schedule: timers.schedule,
      onLock: (change) => changes.push(change),
    });
    other.exec('BEGIN IMMEDIATE');
    const added: NewEntry[] = [];
    // A pod with text of its own (stored as is), and pods without (serialised by the writer).
    const withText = { ...entry('web-0', 100) };
    withText.text = JSON.stringify(withText.object, null, 1);
    for (const e of [withText, ...Array.from({ length: 20 }, (_, i) => entry(`web-${i + 1}`, i + 1))]) {
      batcher.add(e);
      added.push(e);
      const { pending, spilled } = batcher.stats();
      expect(pending).toBe(added.length);
      expect(pending - spilled).toBeLessThanOrEqual(4);
    }
    expect(batcher.stats().spilled).toBeGreaterThanOrEqual(15);
    batcher.advance('pods', '20');
    // The file is unlinked once open: nothing is left beside the log, even after a crash.
    expect(readdirSync(dir.path('.')).filter((f) => f.includes('held'))).toEqual([]);

    other.exec('COMMIT');
    for (let i = 0; i < 20 && timers.due.length > 0; i++) timers.runDue();
    expect(batcher.stats()).toMatchObject({ pending: 0, spilled: 0, appended: 21 });
    const written = [...store.reader.entriesAfter(0)];
    expect(written.map((e) => e.name)).toEqual(added.map((e) => (e.object as KubeObject).metadata?.name));
    expect(written.map((e) => e.object)).toEqual(added.map((e) => e.object));
    expect(written.map((e) => e.observedAt)).toEqual(added.map((e) => e.observedAt));
    // The object's own text is what was stored, byte for byte; the others as the writer serialises.
    expect(store.reader.json(written[0]!.position)).toBe(withText.text);
    expect(store.reader.json(written[1]!.position)).toBe(JSON.stringify(added[1]!.object));
    expect(checkpoints.get('c1', 'pods')).toMatchObject({ resourceVersion: '20' });
    expect(changes.at(-1)).toMatchObject({ locked: false, written: 21 });
    expect((changes.at(-1) as { spilled: number }).spilled).toBeGreaterThanOrEqual(15);

    // The file starts over once emptied: a second lock spills and reads back as well.
    other.exec('BEGIN IMMEDIATE');
    for (let i = 21; i <= 30; i++) batcher.add(entry(`web-${i}`, i));
    timers.runDue();
    expect(batcher.stats().spilled).toBeGreaterThan(0);
    other.exec('COMMIT');
    for (let i = 0; i < 20 && timers.due.length > 0; i++) timers.runDue();
    expect([...store.reader.entriesAfter(0)].map((e) => e.name).slice(21)).toEqual(
      Array.from({ length: 10 }, (_, i) => `web-${i + 21}`),
    );
    batcher.close();
  });

  it('keeps in memory what the disk refuses, says so once per attempt, and loses nothing', () => {
    const { store, other, dir } = lockedPair();
    const timers = manualTimers();
    const errors: string[] = [];
    const batcher = createAppendBatcher({
      writer: store.writer!,
      checkpoints: createCheckpointStore(store.db),
      cluster: 'c1',
      now: () => 1_000,
      maxBatch: 2,
      maxHeldInMemory: 2,
      spillDir: dir.path('no-such-directory'),
      schedule: timers.schedule,
      onError: (error) => errors.push((error as Error).message),
    });
    other.exec('BEGIN IMMEDIATE');
    for (let i = 1; i <= 12; i++) batcher.add(entry(`web-${i}`, i));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not move held observations to disk, kept in memory: .*ENOENT/);
    expect(batcher.stats()).toMatchObject({ pending: 12, spilled: 0 });
    timers.runDue();
    expect(errors).toHaveLength(2);
    other.exec('COMMIT');
    for (let i = 0; i < 20 && timers.due.length > 0; i++) timers.runDue();
    expect([...store.reader.entriesAfter(0)].map((e) => e.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `web-${i + 1}`),
    );
  });
});
