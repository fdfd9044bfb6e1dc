import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../../bench/generate.ts';
import { toNewEntry } from '../../bench/ingest.ts';
import { tempStore } from '../../test/support/tempStore.ts';
import type { Store } from '../index.ts';
import {
  type ChangedObject,
  type ChangesFilter,
  createChangesQuery,
  objectChangeKeyOf,
  type StatusChange,
  statusChangeKeyOf,
} from './changesBetween.ts';

let store: Store;
let cleanup: () => void;
let start: number;
let end: number;
beforeAll(() => {
  ({ store, cleanup } = tempStore('changes.db'));
  // Pods created and deleted all along, many in the same second (creationTimestamp has seconds
  // only), so the pages must break ties by namespace, name and uid.
  const entries = [
    ...generateTimedWatchStream({
      seed: 3,
      pods: 400,
      namespaces: 3,
      inFlight: 60,
      versionsPerPod: 12,
      deletePods: true,
      startTime: Date.UTC(2026, 0, 1),
      meanStepMs: 20,
    }),
  ].map((line) => toNewEntry(line, 'c1'));
  store.writer!.append(entries);
  start = entries[0]!.observedAt;
  end = entries[entries.length - 1]!.observedAt;
});
afterAll(() => cleanup());

const objectKey = (o: ChangedObject) => [o.at, o.namespace ?? '', o.name, o.uid].join('\u0000');

/** Every page of one list, each page starting after the previous page's last key. */
function allPages<T, K>(read: (after?: K) => T[], limit: number, keyOf: (row: T) => K): T[][] {
  const pages: T[][] = [];
  let after: K | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const rows = read(after);
    pages.push(rows.slice(0, limit));
    if (rows.length <= limit) return pages;
    after = keyOf(rows[limit - 1] as T);
  }
  throw new Error('paging did not end');
}

describe('changes between two instants', () => {
  it('pages every list to exactly the whole window, in order, for any page size', () => {
    const query = createChangesQuery(store.db);
    const third = Math.floor((end - start) / 3);
    const windows: ChangesFilter[] = [
      { from: start - 1, to: end },
      { from: start + third, to: start + 2 * third },
      { from: start + third, to: start + 2 * third, namespace: 'team-1' },
    ];
    for (const window of windows) {
      const whole = {
        created: query.created(window),
        deleted: query.deleted(window),
        statusChanges: query.statusChanges(window),
      };
      expect(whole.created.length).toBeGreaterThan(20);
      expect(whole.deleted.length).toBeGreaterThan(20);
      expect(whole.statusChanges.length).toBeGreaterThan(100);
      const createdKeys = whole.created.map(objectKey);
      expect(createdKeys).toEqual([...createdKeys].sort());
      expect(new Set(createdKeys).size).toBe(createdKeys.length);
      // Ties at one instant (creationTimestamp has seconds only), which pages must break in order.
      const instants = whole.created.map((o) => o.at);
      if (window === windows[0]) expect(new Set(instants).size).toBeLessThan(instants.length / 2);
      for (const o of [...whole.created, ...whole.deleted, ...whole.statusChanges]) {
        expect(o.at).toBeGreaterThan(window.from);
        expect(o.at).toBeLessThanOrEqual(window.to);
        if (window.namespace) expect(o.namespace).toBe(window.namespace);
      }
      for (const limit of [1, 7, 50]) {
        const paged = { ...window, limit: limit + 1 };
        expect(allPages((after) => query.created(paged, after), limit, objectChangeKeyOf).flat()).toEqual(
          whole.created,
        );
        expect(allPages((after) => query.deleted(paged, after), limit, objectChangeKeyOf).flat()).toEqual(
          whole.deleted,
        );
        expect(
          allPages((after) => query.statusChanges(paged, after), limit, statusChangeKeyOf).flat(),
        ).toEqual(whole.statusChanges);
      }
    }
  });

  it("gives each STATUS change the pod's STATUS before it, also when that was before the window", () => {
    const query = createChangesQuery(store.db);
    const history = query.statusChanges({ from: 0, to: end });
    const previous = new Map<string, string>();
    for (const change of history) {
      expect(change.from).toBe(previous.get(change.uid) ?? null);
      expect(change.to).not.toBe(change.from);
      previous.set(change.uid, change.to);
    }
    const byPosition = new Map<number, StatusChange>(history.map((c) => [c.position, c]));
    const middle = start + Math.floor((end - start) / 2);
    const window = query.statusChanges({ from: middle, to: middle + 60_000 });
    expect(window.length).toBeGreaterThan(10);
    expect(window.filter((c) => c.from !== null).length).toBeGreaterThan(0);
    for (const change of window) expect(change).toEqual(byPosition.get(change.position));
  });
});
