import { mkdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { simplePod } from '../test/support/podBuilder.ts';
import { tempDirsPerTest } from '../test/support/tempDb.ts';
import {
  bulkWriterOptions,
  loadMigrations,
  migrate,
  type NewEntry,
  openDatabase,
  openStore,
} from './index.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
const fresh = tempDirsPerTest();

const podEntry = (rv: string, extra: Partial<NewEntry> = {}, podExtra = {}): NewEntry => ({
  cluster: 'c1',
  observedAt: Date.parse('2026-01-02T03:00:00Z') + Number(rv) * 1000,
  source: 'watch',
  type: 'MODIFIED',
  resource: 'pods',
  object: simplePod('web', rv, podExtra),
  ...extra,
});

describe('migrations', () => {
  it('applies every migration to a fresh database, in WAL mode, and records them', () => {
    const t = fresh();
    const db = openDatabase(t.path('a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as {
      name: string;
    }[];
    expect(applied.map((r) => r.name)).toEqual(loadMigrations().map((m) => m.name));
    expect(applied.length).toBeGreaterThanOrEqual(2);
    db.close();
    // Opening again applies nothing new.
    const again = openDatabase(t.path('a.db'));
    expect(migrate(again, loadMigrations(), () => 0)).toEqual({ success: true, applied: [] });
    again.close();
  });

  it("rewrites the log's CHECK constraints as comparisons, rows untouched, for every connection", () => {
    const t = fresh();
    const db = new Database(t.path('checks.db'));
    db.pragma('journal_mode = WAL');
    const all = loadMigrations();
    const before = all.filter((m) => m.name < '0014');
    expect(migrate(db, before, () => 0).success).toBe(true);
    const insert = (on: Database.Database, position: number, source: string) =>
      on
        .prepare(
          `INSERT INTO log_entries (position, cluster, observed_at, source, type, resource, encoding, body)
           VALUES (?, 'c1', 1, ?, 'ADDED', 'pods', 0, x'7b7d')`,
        )
        .run(position, source);
    insert(db, 1, 'watch');
    const rows = () => db.prepare('SELECT * FROM log_entries').all();
    const kept = rows();
    // Another connection that already read the old schema.
    const other = new Database(t.path('checks.db'));
    cleanups.push(() => other.close());
    expect(() => insert(other, 2, 'bogus')).toThrow(/CHECK constraint failed: source IN/);
    // An IN list of more than two constants is a temporary table every INSERT fills anew.
    const temporaryTables = (on: Database.Database) =>
      on
        .prepare(
          `EXPLAIN INSERT INTO log_entries (position, cluster, observed_at, source, type, resource, encoding, body)
           VALUES (3, 'c1', 1, 'watch', 'ADDED', 'pods', 0, x'7b7d')`,
        )
        .all()
        .filter((op) => (op as { opcode: string }).opcode === 'OpenEphemeral').length;
    expect(temporaryTables(db)).toBe(2);

    const upTo0014 = all.filter((m) => m.name < '0015');
    expect(migrate(db, upTo0014, () => 0)).toEqual({
      success: true,
      applied: ['0014_log_checks_as_comparisons.sql'],
    });
    const text = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'log_entries'`).pluck().get();
    expect(text).toContain(`CHECK (source = 'list' OR source = 'watch' OR source = 'relist'`);
    expect(text).toContain(
      `CHECK (type = 'ADDED' OR type = 'MODIFIED' OR type = 'DELETED' OR type = 'MARKER')`,
    );
    expect(text).not.toMatch(/ IN \('list'|IN \('ADDED'/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(rows()).toEqual(kept);
    for (const connection of [db, other]) {
      // Executed (not only explained), a statement meets the new schema version and reads the text.
      expect(() => insert(connection, 4, 'bogus')).toThrow(/CHECK constraint failed: source = 'list'/);
      expect(temporaryTables(connection)).toBe(0);
    }
    insert(other, 4, 'relist');
    expect(rows()).toHaveLength(2);
    // Defensive mode is back: the schema's text cannot be edited any more.
    expect(() => db.exec('PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = sql')).toThrow(
      /may not be modified/,
    );
    db.close();
  });

  it('refuses an out-of-order migration and one it does not know, without throwing', () => {
    const t = fresh();
    mkdirSync(t.path('m'));
    writeFileSync(t.path('m/0001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(t.path('m/0003_c.sql'), 'CREATE TABLE c (x);');
    const db = new Database(t.path('b.db'));
    expect(migrate(db, loadMigrations(t.path('m')), () => 0)).toEqual({
      success: true,
      applied: ['0001_a.sql', '0003_c.sql'],
    });
    writeFileSync(t.path('m/0002_b.sql'), 'CREATE TABLE b (x);');
    const late = migrate(db, loadMigrations(t.path('m')), () => 0);
    expect(late.success).toBe(false);
    expect(late.success === false && late.reason).toMatch(
      /0002_b\.sql sorts before already applied 0003_c\.sql/,
    );
    const older = migrate(
      db,
      loadMigrations(t.path('m')).filter((m) => m.name !== '0003_c.sql'),
      () => 0,
    );
    expect(older.success === false && older.reason).toMatch(/does not know: 0003_c\.sql/);
    db.close();
  });
});

describe('writer budgets', () => {
  it('gives the recorder an 8 MB page cache and a bulk writer (import) the larger one it asks for', () => {
    const t = fresh();
    const recorder = openStore(t.path('r.db'));
    const bulk = openStore(t.path('b.db'), bulkWriterOptions);
    try {
      expect(recorder.db.pragma('cache_size', { simple: true })).toBe(-8192);
      expect(bulk.db.pragma('cache_size', { simple: true })).toBe(-bulkWriterOptions.pageCacheBytes / 1024);
      expect(bulkWriterOptions.pageCacheBytes).toBeGreaterThan(8 * 1024 * 1024);
    } finally {
      recorder.close();
      bulk.close();
    }
  });
});

describe('the log', () => {
  it('refuses UPDATE and DELETE in the schema itself', () => {
    const t = fresh();
    const store = openStore(t.path('log.db'));
    store.writer!.append([podEntry('1')]);
    expect(() => store.db.prepare("UPDATE log_entries SET name = 'x'").run()).toThrow(
      /append-only: UPDATE refused/,
    );
    expect(() => store.db.prepare('DELETE FROM log_entries').run()).toThrow(/append-only: DELETE refused/);
    expect(store.db.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({ n: 1 });
    store.close();
  });

  it('gives positions that only grow, skips versions already recorded, reads back the exact object', () => {
    const t = fresh();
    const store = openStore(t.path('log.db'));
    const first = store.writer!.append([
      podEntry('1'),
      podEntry('2'),
      podEntry('2', { source: 'list', type: 'ADDED' }),
    ]);
    expect(first).toEqual({ appended: 2, skipped: 1, lastPosition: 2 });
    // A deletion of the same version is a distinct observation.
    const deleted = store.writer!.append([
      podEntry('2', { type: 'DELETED', source: 'relist', inferred: true }),
    ]);
    expect(deleted.appended).toBe(1);
    const entries = [...store.reader.entriesAfter(0)];
    expect(entries.map((e) => [e.position, e.type, e.resourceVersion, e.inferred])).toEqual([
      [1, 'MODIFIED', '1', false],
      [2, 'MODIFIED', '2', false],
      [3, 'DELETED', '2', true],
    ]);
    expect(store.reader.json(2)).toBe(JSON.stringify(simplePod('web', '2')));
    store.close();
  });

  it('skips a version recorded by an earlier writer without letting later rows lean on the skipped one', () => {
    const t = fresh();
    const earlier = openStore(t.path('log.db'));
    earlier.writer!.append([podEntry('1', {}, { uid: 'uid-a' })]);
    earlier.close();
    const store = openStore(t.path('log.db'));
    const a = (rv: string) => podEntry(rv, {}, { uid: 'uid-a' });
    const other = (rv: string) => ({ ...podEntry(rv), object: simplePod('db', rv, { namespace: 'other' }) });
    // The duplicate is encoded before the insert finds it recorded: at position 3, which the next
    // row (a delta of another object) takes. Neither the object nor its namespace's family may go
    // on to use it as a keyframe.
    const result = store.writer!.append([other('10'), a('1'), other('11'), a('2'), podEntry('3')]);
    expect(result).toEqual({ appended: 4, skipped: 1, lastPosition: 5 });
    const expected = [
      simplePod('web', '1', { uid: 'uid-a' }),
      simplePod('db', '10', { namespace: 'other' }),
      simplePod('db', '11', { namespace: 'other' }),
      simplePod('web', '2', { uid: 'uid-a' }),
      simplePod('web', '3'),
    ];
    expect([1, 2, 3, 4, 5].map((p) => store.reader.json(p))).toEqual(expected.map((o) => JSON.stringify(o)));
    store.close();
  });

  it('rolls back a whole batch (entries and projection) when one entry fails', () => {
    const t = fresh();
    const store = openStore(t.path('log.db'));
    store.writer!.append([podEntry('1')]);
    const bad = { ...podEntry('2'), source: 'nonsense' } as unknown as NewEntry;
    expect(() => store.writer!.append([podEntry('3'), bad])).toThrow();
    expect(store.db.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({ n: 1 });
    expect(store.db.prepare('SELECT count(*) AS n FROM pod_versions').get()).toEqual({ n: 1 });
    // The writer goes on at the next position.
    expect(store.writer!.append([podEntry('3')]).lastPosition).toBe(2);
    store.close();
  });

  it('decodes the rows written at positions a rolled-back batch used, not the keyframes read in it', () => {
    const t = fresh();
    const store = openStore(t.path('log.db'));
    const other = (rv: string): NewEntry => ({
      ...podEntry(rv),
      object: simplePod('api', rv, { uid: 'uid-api', namespace: 'prod' }),
    });
    function* readInside(): Generator<NewEntry> {
      yield podEntry('1');
      yield podEntry('2');
      // The delta at 2 is read against its keyframe at 1, which the reader then holds decoded.
      expect(store.reader.entry(2)?.object).toEqual(podEntry('2').object);
      throw new Error('unreadable line 3');
    }
    expect(() => store.writer!.append(readInside())).toThrow('unreadable line 3');
    store.writer!.append([other('7'), other('8')]);
    // Another object's keyframe and its delta now sit at 1 and 2.
    expect(
      store.db.prepare('SELECT base_position AS base FROM log_entries WHERE position = 2').get(),
    ).toEqual({
      base: 1,
    });
    expect(store.reader.entry(2)?.object).toEqual(other('8').object);
    store.close();
  });

  it('appends a lazy batch as it is read, and rolls all of it back when reading it fails', () => {
    const t = fresh();
    const store = openStore(t.path('log.db'));
    const count = (table: string) =>
      (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const positionsSeen: number[] = [];
    function* lazy(fail: boolean): Generator<NewEntry> {
      for (const rv of ['1', '2', '2', '3']) {
        // Each entry is produced only after the previous one was written and projected.
        positionsSeen.push(count('pod_versions'));
        yield podEntry(rv);
      }
      if (fail) throw new Error('unreadable line 5');
    }
    expect(() => store.writer!.append(lazy(true))).toThrow('unreadable line 5');
    expect(positionsSeen).toEqual([0, 1, 2, 2]);
    expect([count('log_entries'), count('pod_versions'), count('pods')]).toEqual([0, 0, 0]);
    expect(store.writer!.append(lazy(false))).toEqual({ appended: 3, skipped: 1, lastPosition: 3 });
    expect(count('pod_versions')).toBe(3);
    store.close();
  });

  it('rebuilds the read models on open when they were made by another projection version', () => {
    const t = fresh();
    const first = openStore(t.path('log.db'));
    first.writer!.append([podEntry('1'), podEntry('2')]);
    first.db.prepare('UPDATE projection_checkpoints SET version = version - 1').run();
    first.db.prepare('DELETE FROM pod_versions').run();
    first.close();
    const second = openStore(t.path('log.db'));
    expect(second.db.prepare('SELECT count(*) AS n FROM pod_versions').get()).toEqual({ n: 2 });
    expect(second.projections.isStale()).toBe(false);
    second.close();
  });

  it('refuses to read a database an older kubetrail wrote, naming the migrations it lacks', () => {
    const t = fresh();
    const older = openStore(t.path('log.db'));
    older.writer!.append([podEntry('1')]);
    const [last] = loadMigrations().slice(-1);
    older.db.prepare('DELETE FROM schema_migrations WHERE name = ?').run(last!.name);
    older.close();
    expect(() => openStore(t.path('log.db'), { readonly: true })).toThrow(
      new RegExp(`lacks migrations ${last!.name.replace('.', '\\.')}: open it for writing once`),
    );
  });

  it('opens read-only without creating anything, and names a missing file', () => {
    const t = fresh();
    expect(() => openStore(t.path('missing.db'), { readonly: true })).toThrow(
      /no kubetrail database at .*missing\.db/,
    );
  });
});
