import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../../bench/generate.ts';
import { toNewEntry } from '../../bench/ingest.ts';
import { capturePrepared } from '../../test/support/capturePrepared.ts';
import { tempDir } from '../../test/support/tempDb.ts';
import { openStore, type Store } from '../index.ts';
import { createEventsQuery, type EventsFilter } from './eventsIn.ts';

type Occurrence = { id: number; at: number; reason: string | null; namespace: string | null };

let store: Store;
let cleanup: () => void;
let occurrences: Occurrence[];

beforeAll(() => {
  const t = tempDir();
  store = openStore(t.path('events.db'));
  cleanup = () => {
    store.close();
    t.cleanup();
  };
  const stream = generateTimedWatchStream({
    seed: 21,
    pods: 200,
    namespaces: 3,
    inFlight: 40,
    versionsPerPod: 14,
    events: true,
    deletePods: true,
    startTime: Date.UTC(2026, 0, 1),
    meanStepMs: 1_000,
  });
  store.writer!.append([...stream].map((line) => toNewEntry(line, 'c1')));
  occurrences = store.db
    .prepare('SELECT id, at, reason, namespace FROM event_occurrences ORDER BY at, id')
    .all() as Occurrence[];
});
afterAll(() => cleanup());

describe('events of a reason', () => {
  it('are read through the reason index in time order, a rare or absent reason without a pass over the rest', () => {
    const { db, prepared } = capturePrepared(store.db);
    const events = createEventsQuery(db);
    const counts = new Map<string, number>();
    for (const o of occurrences) if (o.reason) counts.set(o.reason, (counts.get(o.reason) ?? 0) + 1);
    const byCount = [...counts].sort((a, b) => a[1] - b[1]).map(([reason]) => reason);
    expect(byCount.length).toBeGreaterThan(3);
    const middle = occurrences[Math.floor(occurrences.length / 2)]!.at;
    const filters: Omit<EventsFilter, 'reason'>[] = [
      {},
      { since: middle },
      { namespace: 'team-1' },
      { namespace: 'team-2', since: middle, limit: 5 },
      { limit: 3 },
    ];
    let listed = 0;
    for (const reason of [byCount[0]!, byCount[byCount.length - 1]!, 'FailedMount']) {
      for (const filter of filters) {
        const want = occurrences
          .filter(
            (o) =>
              o.reason === reason &&
              (filter.namespace === undefined || o.namespace === filter.namespace) &&
              (filter.since === undefined || o.at >= filter.since),
          )
          .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
          .map((o) => o.id);
        const got = events({ ...filter, reason }).map((o) => o.id);
        expect(got, JSON.stringify({ ...filter, reason })).toEqual(want);
        listed += got.length;
      }
    }
    expect(listed).toBeGreaterThan(100);
    // Every shape with a reason starts from the reason's own rows, in the order the page wants.
    const withReason = prepared.filter((sql) => sql.includes('o.reason = @reason'));
    expect(withReason.length).toBe(4); // a limit is bound, not a shape of its own
    for (const sql of withReason) {
      const plan = store.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all({ reason: 'x', namespace: 'x', since: 0, limit: 1 })
        .map((step) => (step as { detail: string }).detail);
      const first = plan.find((detail) => /^(SEARCH|SCAN) o\b/.test(detail));
      expect(first, sql).toMatch(/^SEARCH o USING INDEX event_occurrences_by_reason \(reason=\?/);
      expect(plan.join('\n'), sql).not.toContain('TEMP B-TREE FOR ORDER BY');
    }
  });
});
