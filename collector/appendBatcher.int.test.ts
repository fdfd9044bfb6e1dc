import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpointStore, type NewEntry, openStore, type Store } from '../store/index.ts';
import { simplePod } from '../test/support/podBuilder.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { createAppendBatcher, type LockChange, type Schedule } from './appendBatcher.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A store whose writes fail at once when another connection holds the lock, and that other connection. */
function lockedPair(): { store: Store; other: Database.Database } {
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
  return { store, other };
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
      { locked: false, lockedForMs: 5_000, written: 7 },
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
});
