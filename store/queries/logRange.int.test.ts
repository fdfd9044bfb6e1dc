import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiStoryDb } from '../../test/support/fixtureDb.ts';
import { tempDir } from '../../test/support/tempDb.ts';
import { type LogEntry, type NewEntry, openStore, type Store } from '../index.ts';
import { createLogRangeQuery, type LogRangeFilter } from './logRange.ts';

let store: Store;
let entries: LogEntry[];
let cleanup: () => void;
beforeAll(() => {
  ({ store, cleanup } = apiStoryDb());
  entries = [...store.reader.entriesAfter(0)];
});
afterAll(() => cleanup());

describe('log ranges', () => {
  it('scans what was observed after each instant from the time index start, in pages, to the end', () => {
    const range = createLogRangeQuery(store.db);
    const end = Math.max(...entries.map((e) => e.position));
    let compared = 0;
    for (const at of [...new Set(entries.map((e) => e.observedAt))]) {
      for (const cluster of ['default', 'staging', undefined]) {
        const expected = entries
          .filter(
            (e) =>
              (cluster === undefined || e.cluster === cluster) &&
              e.observedAt > at &&
              e.resource === 'pods' &&
              e.namespace === 'shop',
          )
          .map((e) => e.position);
        const filter: LogRangeFilter = {
          cluster,
          resources: ['pods'],
          namespace: 'shop',
          afterTime: at,
          limit: 3,
        };
        let afterPosition = range.startAfter(cluster, at);
        // The start skips the entries observed up to the instant, and no entry observed after it.
        expect(
          entries.filter(
            (e) =>
              e.position <= afterPosition &&
              e.observedAt > at &&
              (cluster === undefined || e.cluster === cluster),
          ),
        ).toEqual([]);
        const found: number[] = [];
        for (let pages = 0; pages < 100; pages++) {
          const { rows, next } = range.page({ ...filter, afterPosition });
          found.push(...rows.map((r) => r.position));
          afterPosition = next;
          if (rows.length < 3) break;
        }
        expect(found).toEqual(expected);
        // A caught-up scan stands at the log's end: the next poll reads only what is appended.
        expect(afterPosition).toBe(end);
        compared += found.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('entries observed in a window, over many runs of positions', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  /** Observation times that mostly grow, with an import of older entries and a clock step ahead. */
  const observedAt = (i: number): number => {
    if (i >= 2500 && i < 2900) return 1_000 + (i - 2500) * 3;
    if (i >= 4100 && i < 4110) return 500_000 + i;
    return 10_000 + i * 10;
  };
  const marker = (i: number): NewEntry => ({
    cluster: i % 3 === 0 ? 'b' : 'a',
    observedAt: observedAt(i),
    source: 'collector',
    type: 'MARKER',
    resource: '',
    object: { marker: 'WatchStarted', n: i },
  });
  const entries = Array.from({ length: 6000 }, (_, i) => marker(i));
  // 20,229 and 30,469: the first entry after them opens a run (positions 1,024 and 2,048).
  const instants = [
    0, 999, 1_000, 1_500, 2_199, 9_999, 10_000, 20_000, 20_229, 30_469, 34_990, 35_000, 40_010, 69_990,
    70_000, 499_999, 541_000, 1e9,
  ];
  const expectedFirst = (logged: LogEntry[], cluster: string | undefined, at: number): number | null => {
    const after = logged.filter((e) => (cluster === undefined || e.cluster === cluster) && e.observedAt > at);
    return after.length > 0 ? Math.min(...after.map((e) => e.position)) : null;
  };
  const compareAll = (s: Store): number => {
    const logged = [...s.reader.entriesAfter(0)];
    const range = createLogRangeQuery(s.db);
    const end = Math.max(...logged.map((e) => e.position));
    let found = 0;
    for (const at of instants)
      for (const cluster of ['a', 'b', undefined]) {
        const expected = expectedFirst(logged, cluster, at);
        expect(range.firstAfter(cluster, at), `${cluster ?? 'any'} after ${at}`).toBe(expected);
        if (expected !== null) found++;
      }
    // Windows walked in pages of 37 from the log's start: exactly the entries observed in them.
    const windows: [number | undefined, number | undefined][] = [
      [undefined, 1_500],
      [1_200, 1_260],
      [20_229, 20_300],
      [40_000, 40_500],
      // Ends at the first time of the run from 3,072: that run holds the only entry.
      [40_700, 40_710],
      [45_000, 510_000],
      [69_000, undefined],
      [540_000, 600_000],
    ];
    for (const [afterTime, untilTime] of windows)
      for (const cluster of ['a', undefined]) {
        const expected = logged
          .filter(
            (e) =>
              (cluster === undefined || e.cluster === cluster) &&
              (afterTime === undefined || e.observedAt > afterTime) &&
              (untilTime === undefined || e.observedAt <= untilTime),
          )
          .map((e) => e.position);
        const pages: number[] = [];
        let afterPosition = 0;
        for (let n = 0; n < 200; n++) {
          const { rows, next } = range.page({ cluster, afterTime, untilTime, afterPosition, limit: 37 });
          pages.push(...rows.map((r) => r.position));
          afterPosition = next;
          if (rows.length < 37) break;
        }
        expect(pages, `${cluster ?? 'any'} in (${afterTime}, ${untilTime}]`).toEqual(expected);
        expect(afterPosition).toBe(end);
        found += pages.length;
      }
    return found;
  };

  it('equals a pass over every entry, with the read models current or a rebuild half way', () => {
    const s = openStore(t.path('runs.db'));
    try {
      for (let i = 0; i < entries.length; i += 250) s.writer?.append(entries.slice(i, i + 250));
      // Six runs of 1,024 positions, two clusters, times out of log order.
      expect(s.db.prepare('SELECT count(*) AS n FROM log_time_chunks').get()).toEqual({ n: 12 });
      expect(compareAll(s)).toBeGreaterThan(3000);

      // A rebuild in progress has projected the log up to 3,000 only: past it, entries are read.
      s.db.exec(`DELETE FROM log_time_chunks;
        UPDATE projection_checkpoints SET position = 3000;
        INSERT INTO log_time_chunks SELECT cluster, position / 1024, min(observed_at), max(observed_at)
          FROM log_entries WHERE position <= 3000 GROUP BY 1, 2;`);
      expect(compareAll(s)).toBeGreaterThan(3000);
    } finally {
      s.close();
    }
  });

  it('is what migration 0012 fills for a log written before it', () => {
    const s = openStore(t.path('runs.db'));
    try {
      const projected = s.db.prepare('SELECT * FROM log_time_chunks ORDER BY cluster, chunk').all();
      s.db.exec(`DELETE FROM log_time_chunks`);
      s.db.exec(
        readFileSync(new URL('../../migrations/0012_log_time_chunks.sql', import.meta.url), 'utf8').replace(
          /CREATE TABLE[^;]*;/,
          '',
        ),
      );
      expect(s.db.prepare('SELECT * FROM log_time_chunks ORDER BY cluster, chunk').all()).toEqual(projected);
    } finally {
      s.close();
    }
  });
});
