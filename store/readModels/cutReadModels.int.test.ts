import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../../bench/generate.ts';
import { toNewEntry } from '../../bench/ingest.ts';
import { tempDir } from '../../test/support/tempDb.ts';
import { applyRetention, type NewEntry, openStore, readModelTables, type Store } from '../index.ts';
import { isDerivedRowId } from './rowIds.ts';

const start = Date.UTC(2026, 0, 1);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

type WatchLine = {
  type: string;
  object: {
    kind: string;
    metadata: { uid: string; name: string; namespace: string };
    involvedObject?: { kind: string; uid?: string; name: string };
  };
};

/**
 * A recording that reaches every place where one object's rows depend on another's: pods of two
 * clusters, a fifth of them recreated under two names per namespace (a StatefulSet's: each has a
 * predecessor, often one a cut removes), a third of the Events about pods naming the pod without
 * its uid (linked to it by name), crash loops and restarts, deletions, and the recorder's markers.
 */
function recording(): NewEntry[] {
  const lines = [
    ...generateTimedWatchStream({
      seed: 13,
      pods: 160,
      namespaces: 2,
      inFlight: 12,
      versionsPerPod: 14,
      deletePods: true,
      startTime: start,
      meanStepMs: 60_000,
    }),
  ];
  const names = new Map<string, string>();
  const byName = new Map<string, boolean>();
  const entries: NewEntry[] = [];
  lines.forEach((line, i) => {
    const event = JSON.parse(line.line) as WatchLine;
    const { object } = event;
    const cluster = object.metadata.namespace.endsWith('0') ? 'c1' : 'c2';
    if (object.kind === 'Pod') {
      const seen = names.size;
      const name =
        names.get(object.metadata.uid) ?? (seen % 5 === 0 ? `db-${(seen / 5) % 2}` : object.metadata.name);
      names.set(object.metadata.uid, name);
      object.metadata.name = name;
    } else if (object.involvedObject?.kind === 'Pod') {
      const about = object.involvedObject;
      about.name = names.get(about.uid ?? '') ?? about.name;
      const linkByName = byName.get(object.metadata.uid) ?? byName.size % 3 === 0;
      byName.set(object.metadata.uid, linkByName);
      if (linkByName) delete about.uid;
    }
    entries.push(toNewEntry({ at: line.at, line: JSON.stringify(event) }, cluster));
    if (i % 150 === 0) {
      entries.push({
        cluster,
        observedAt: line.at,
        source: 'collector',
        type: 'MARKER',
        resource: '',
        object: { marker: 'Gap', from: line.at - 5000, to: line.at, reason: 'watch reconnected' },
      });
    }
  });
  return entries;
}

function record(store: Store, entries: readonly NewEntry[]) {
  for (let i = 0; i < entries.length; i += 40) store.writer!.append(entries.slice(i, i + 40));
}

const dump = (store: Store) =>
  Object.fromEntries(
    readModelTables.map((t) => [t, store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]),
  );

/** The read models a rebuild of the log as it is now makes, in a copy of the database. */
function rebuilt(store: Store, path: string) {
  writeFileSync(path, store.db.serialize());
  const copy = openStore(path, { now: () => start });
  try {
    copy.projections.rebuild();
    return dump(copy);
  } finally {
    copy.close();
  }
}

const count = (store: Store, sql: string, ...params: unknown[]) =>
  (store.db.prepare(sql).get(...params) as { n: number }).n;

function opened() {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const store = openStore(dir.path('log.db'), { now: () => start });
  cleanups.push(() => store.close());
  return { store, copy: dir.path('rebuilt.db') };
}

describe('read models following a retention cut', () => {
  it('equal a rebuild of what is left after each of several cuts, with recording in between', () => {
    const { store, copy } = opened();
    const entries = recording();
    const end = entries.at(-1)!.observedAt;
    const at = (share: number) => start + Math.floor((end - start) * share);
    const retain = (policy: { olderThan?: number; maxBytes?: number }) =>
      applyRetention(
        { db: store.db, writer: store.writer!, projections: store.projections, now: () => end },
        policy,
      );
    record(store, entries.slice(0, Math.floor(entries.length * 0.7)));
    // The recording reaches what the cut must redo: name links, predecessors, restarts, crash loops.
    expect(count(store, `SELECT count(*) AS n FROM events WHERE linked_by = 'name'`)).toBeGreaterThan(20);
    expect(count(store, 'SELECT count(*) AS n FROM crashloop_episodes')).toBeGreaterThan(0);
    const predecessors = () =>
      store.db.prepare('SELECT uid, predecessor_uid AS p FROM pods ORDER BY uid').all() as {
        uid: string;
        p: string | null;
      }[];
    const before = new Map(predecessors().map((r) => [r.uid, r.p]));

    const first = retain({ olderThan: at(0.3) });
    expect(first.removedEntries).toBeGreaterThan(200);
    expect(first.reprojectedEntries).toBeGreaterThan(50);
    expect(dump(store)).toEqual(rebuilt(store, copy));
    // Kept pods whose predecessor the cut took (or moved) point elsewhere now, as in the rebuild.
    const changed = predecessors().filter((r) => before.has(r.uid) && before.get(r.uid) !== r.p);
    expect(changed.length).toBeGreaterThan(0);
    // The recorder goes on: its remembered states of pods the cut reached must not be used again.
    record(store, entries.slice(Math.floor(entries.length * 0.7)));
    expect(dump(store)).toEqual(rebuilt(store, copy));

    const second = retain({ olderThan: at(0.6) });
    expect(second.reprojectedEntries).toBeGreaterThan(0);
    expect(dump(store)).toEqual(rebuilt(store, copy));

    const size = count(store, 'SELECT sum(length(body)) + count(*) * 400 AS n FROM log_entries');
    const third = retain({ maxBytes: Math.floor(size / 2) });
    expect(third.removedEntries).toBeGreaterThan(0);
    expect(third.reprojectedEntries).not.toBeNull();
    expect(dump(store)).toEqual(rebuilt(store, copy));

    // A cut past every entry leaves only the marker it records.
    const all = retain({ olderThan: end + 1 });
    expect(all.reprojectedEntries).toBe(0);
    expect(count(store, `SELECT count(*) AS n FROM log_entries WHERE type != 'MARKER'`)).toBe(0);
    expect(dump(store)).toEqual(rebuilt(store, copy));
  });

  it('keep the first and last times of what is left when times did not grow with positions', () => {
    const { store, copy } = opened();
    const hour = 3_600_000;
    const gap = (observedAt: number): NewEntry => ({
      cluster: 'c9',
      observedAt,
      source: 'collector',
      type: 'MARKER',
      resource: '',
      object: { marker: 'Gap', from: observedAt - 1000, to: observedAt, reason: 'clock stepped' },
    });
    // A clock ten days ahead first, then the true times: the newest time is the oldest entry's.
    store.writer!.append([gap(start + 240 * hour), ...[0, 1, 2, 3, 4, 5].map((h) => gap(start + h * hour))]);
    const first = store.db
      .prepare('SELECT length(body) + 400 AS n FROM log_entries WHERE position = 1')
      .get() as {
      n: number;
    };
    const size = count(store, 'SELECT sum(length(body)) + count(*) * 400 AS n FROM log_entries');
    const result = applyRetention(
      { db: store.db, writer: store.writer!, projections: store.projections, now: () => start + 6 * hour },
      { maxBytes: size - first.n },
    );
    expect(result).toMatchObject({ belowPosition: 2, removedEntries: 1 });
    expect(result.reprojectedEntries).toBe(0);
    expect(
      store.db
        .prepare(
          `SELECT entries, first_observed_at AS first, last_observed_at AS last FROM log_stats WHERE cluster = 'c9'`,
        )
        .get(),
    ).toEqual({ entries: 6, first: start, last: start + 5 * hour });
    expect(dump(store)).toEqual(rebuilt(store, copy));
  });

  it('rebuild instead when rows predate derived ids or the read models are behind the log', () => {
    const { store, copy } = opened();
    const entries = recording();
    record(store, entries.slice(0, 1500));
    const deps = { db: store.db, writer: store.writer!, projections: store.projections, now: () => start };
    const olderThan = entries[300]!.observedAt;

    // A row projected before ids were derived from positions: the first one's id is its rank.
    store.db.exec('UPDATE pod_transitions SET id = 1 WHERE id = (SELECT min(id) FROM pod_transitions)');
    const older = applyRetention(deps, { olderThan });
    expect(older.removedEntries).toBeGreaterThan(0);
    expect(older.reprojectedEntries).toBeNull();
    expect(dump(store)).toEqual(rebuilt(store, copy));
    const oldest = store.db.prepare('SELECT id, position FROM pod_transitions ORDER BY id LIMIT 1').get() as {
      id: number;
      position: number;
    };
    expect(isDerivedRowId(oldest.id, oldest.position)).toBe(true);

    // Read models behind the log: a rebuild in another process stopped before it projected anything.
    for (const table of readModelTables) store.db.exec(`DELETE FROM ${table}`);
    store.db.exec('UPDATE projection_checkpoints SET position = 0');
    const behind = applyRetention(deps, { olderThan: entries[800]!.observedAt });
    expect(behind.removedEntries).toBeGreaterThan(0);
    expect(behind.reprojectedEntries).toBeNull();
    expect(dump(store)).toEqual(rebuilt(store, copy));
  });

  it('rebuild instead when most of what is left belongs to objects the cut reaches', () => {
    const { store, copy } = opened();
    const entries = recording();
    // The first pods in flight, all of them alive across a cut a little way in.
    record(store, entries.slice(0, 120));
    const result = applyRetention(
      { db: store.db, writer: store.writer!, projections: store.projections, now: () => start },
      { olderThan: entries[30]!.observedAt },
    );
    expect(result.removedEntries).toBeGreaterThan(0);
    expect(result.reprojectedEntries).toBeNull();
    expect(dump(store)).toEqual(rebuilt(store, copy));
  });
});
