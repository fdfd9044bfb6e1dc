import { copyFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { simplePod } from '../test/support/podBuilder.ts';
import { tempDirsPerTest } from '../test/support/tempDb.ts';
import { type NewEntry, openStore } from './index.ts';
import { fallbackAutocheckpointPages, startWalCheckpointer } from './walCheckpointer.ts';

const fresh = tempDirsPerTest();

const versions = (count: number): NewEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    cluster: 'c1',
    observedAt: Date.parse('2026-01-02T03:00:00Z') + i * 1000,
    source: 'watch' as const,
    type: 'MODIFIED' as const,
    resource: 'pods',
    object: simplePod('web', String(100 + i)),
  }));

/**
 * Log entries in the database file alone, as if its WAL were lost: what checkpoints copied. A copy
 * taken while a checkpoint writes may be torn; it then counts as -1 (not yet).
 */
const entriesInMainFile = (path: string, scratch: string): number => {
  copyFileSync(path, scratch);
  const db = new Database(scratch);
  try {
    const hasLog = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'log_entries'`).get();
    return hasLog ? (db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n : 0;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_CORRUPT')) return -1;
    throw error;
  } finally {
    db.close();
  }
};

const until = async (done: () => boolean, ms = 20_000): Promise<boolean> => {
  for (const started = Date.now(); Date.now() - started < ms; ) {
    if (done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return done();
};

describe('checkpoints on a thread of their own', () => {
  it('copies what the writer commits into the database file, where the commits themselves do not', async () => {
    const t = fresh();
    const background = openStore(t.path('bg.db'), { checkpointInBackground: { everyMs: 20 } });
    expect(background.db.pragma('wal_autocheckpoint', { simple: true })).toBe(fallbackAutocheckpointPages);
    expect(background.writer?.append(versions(40)).appended).toBe(40);
    expect(await until(() => entriesInMainFile(t.path('bg.db'), t.path('bg-copy.db')) === 40)).toBe(true);
    background.close();

    // The control: a checkpointer that has not run yet leaves every entry in the WAL.
    const idle = openStore(t.path('idle.db'), { checkpointInBackground: { everyMs: 60_000 } });
    expect(idle.writer?.append(versions(40)).appended).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(entriesInMainFile(t.path('idle.db'), t.path('idle-copy.db'))).toBe(0);
    idle.close();
  });

  it("stops before the writer closes, so the writer's close is the last and removes the WAL", async () => {
    const t = fresh();
    const path = t.path('close.db');
    const store = openStore(path, { checkpointInBackground: { everyMs: 10 } });
    const [first, ...rest] = versions(15);
    store.writer?.append([first as NewEntry]);
    // The thread has its connection open once it has checkpointed something.
    expect(await until(() => entriesInMainFile(path, t.path('close-copy.db')) === 1)).toBe(true);
    store.writer?.append(rest);
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(entriesInMainFile(path, t.path('close-copy.db'))).toBe(15);
  });

  it('reports a log it cannot open, and stops at once', async () => {
    const t = fresh();
    const errors: string[] = [];
    const checkpointer = startWalCheckpointer(t.path('missing.db'), {
      everyMs: 10,
      onError: (message) => errors.push(message),
    });
    expect(await until(() => errors.length > 0)).toBe(true);
    expect(errors[0]).toMatch(/unable to open database file/);
    checkpointer.stop();
    checkpointer.stop();
  });
});
