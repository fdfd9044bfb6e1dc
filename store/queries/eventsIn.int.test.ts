import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../../bench/generate.ts';
import { toNewEntry } from '../../bench/ingest.ts';
import { capturePrepared } from '../../test/support/capturePrepared.ts';
import { tempDir } from '../../test/support/tempDb.ts';
import { openStore, type Store } from '../index.ts';
import { createEventsQuery, type EventsFilter } from './eventsIn.ts';

type Occurrence = {
  id: number;
  at: number;
  reason: string | null;
  involvedKind: string | null;
  namespace: string | null;
};

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
    .prepare(
      'SELECT id, at, reason, involved_kind AS involvedKind, namespace FROM event_occurrences ORDER BY at, id',
    )
    .all() as Occurrence[];
});
afterAll(() => cleanup());

type Field = 'reason' | 'involvedKind';
const columns = { reason: 'reason', involvedKind: 'involved_kind' } as const;

describe('events of a reason or of a kind of object', () => {
  for (const field of ['reason', 'involvedKind'] as const) {
    it(`are read by ${field} through its index in time order: a rare or absent value reads its own rows only`, () => {
      const { db, prepared } = capturePrepared(store.db);
      const events = createEventsQuery(db);
      const counts = new Map<string, number>();
      for (const o of occurrences) {
        const value = o[field];
        if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const byCount = [...counts].sort((a, b) => a[1] - b[1]).map(([value]) => value);
      expect(byCount.length).toBeGreaterThan(0);
      const middle = occurrences[Math.floor(occurrences.length / 2)]!.at;
      const filters: Omit<EventsFilter, Field>[] = [
        {},
        { since: middle },
        { namespace: 'team-1' },
        { namespace: 'team-2', since: middle, limit: 5 },
        { limit: 3 },
      ];
      let listed = 0;
      for (const value of new Set([byCount[0]!, byCount[byCount.length - 1]!, 'Absent'])) {
        for (const filter of filters) {
          const want = occurrences
            .filter(
              (o) =>
                o[field] === value &&
                (filter.namespace === undefined || o.namespace === filter.namespace) &&
                (filter.since === undefined || o.at >= filter.since),
            )
            .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
            .map((o) => o.id);
          const got = events({ ...filter, [field]: value }).map((o) => o.id);
          expect(got, JSON.stringify({ ...filter, [field]: value })).toEqual(want);
          listed += got.length;
        }
      }
      expect(listed).toBeGreaterThan(100);
      // Every shape starts from the value's own rows, in the order the page wants.
      const shapes = prepared.filter((sql) => sql.includes(`o.${columns[field]} = @${field}`));
      expect(shapes.length).toBe(4); // a limit is bound, not a shape of its own
      for (const sql of shapes) {
        const plan = store.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all({ [field]: 'x', namespace: 'x', since: 0, limit: 1 })
          .map((step) => (step as { detail: string }).detail);
        const first = plan.find((detail) => /^(SEARCH|SCAN) o\b/.test(detail));
        const index = field === 'reason' ? 'event_occurrences_by_reason' : 'event_occurrences_by_kind';
        expect(first, sql).toMatch(new RegExp(`^SEARCH o USING INDEX ${index} \\(${columns[field]}=\\?`));
        expect(plan.join('\n'), sql).not.toContain('TEMP B-TREE FOR ORDER BY');
      }
    });
  }
});
