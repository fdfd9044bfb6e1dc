import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiStoryDb } from '../../test/support/fixtureDb.ts';
import type { LogEntry, Store } from '../index.ts';
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
