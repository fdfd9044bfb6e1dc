import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePrepared } from '../../test/support/capturePrepared.ts';
import { tempStoreOfStream } from '../../test/support/tempStore.ts';
import type { Store } from '../index.ts';
import { createCrashLoopsQuery } from './crashloopsIn.ts';
import { createEventsQuery } from './eventsIn.ts';
import { createRestartsQuery } from './restartsIn.ts';

let store: Store;
let cleanup: () => void;

beforeAll(() => {
  ({ store, cleanup } = tempStoreOfStream('rare.db', {
    seed: 21,
    pods: 200,
    namespaces: 3,
    inFlight: 40,
    versionsPerPod: 14,
    events: true,
    deletePods: true,
    startTime: Date.UTC(2026, 0, 1),
    meanStepMs: 1_000,
  }));
});
afterAll(() => cleanup());

/** A row of a list as its test reads it: its value of the filtered field, and its span in time. */
type Row = { id: number; value: string | null; namespace: string | null; from: number; to: number | null };
type Filter = { namespace?: string; since?: number; limit?: number };

/** A list filtered by one field, its rows in the list's order, and the index that field has. */
type Case = {
  name: string;
  field: string;
  column: string;
  index: string;
  rows: string;
  list: (db: Database.Database) => (filter: Filter & Record<string, unknown>) => { id: number }[];
};

const cases: Case[] = [
  {
    name: 'Event occurrences by reason',
    field: 'reason',
    column: 'o.reason',
    index: 'event_occurrences_by_reason',
    rows: 'SELECT id, reason AS value, namespace, at AS "from", at AS "to" FROM event_occurrences ORDER BY at, id',
    list: (db) => createEventsQuery(db),
  },
  {
    name: 'Event occurrences by the kind of their object',
    field: 'involvedKind',
    column: 'o.involved_kind',
    index: 'event_occurrences_by_kind',
    rows: 'SELECT id, involved_kind AS value, namespace, at AS "from", at AS "to" FROM event_occurrences ORDER BY at, id',
    list: (db) => createEventsQuery(db),
  },
  {
    name: 'restarts by reason',
    field: 'reason',
    column: 'r.reason',
    index: 'restarts_by_reason',
    rows: 'SELECT id, reason AS value, namespace, at AS "from", at AS "to" FROM restarts ORDER BY at, id',
    list: (db) => createRestartsQuery(db),
  },
  {
    name: 'CrashLoopBackOff episodes by container',
    field: 'container',
    column: 'e.container',
    index: 'crashloop_by_container',
    rows: `SELECT id, container AS value, namespace, started_at AS "from", ended_at AS "to"
           FROM crashloop_episodes ORDER BY started_at, id`,
    list: (db) => createCrashLoopsQuery(db),
  },
];

describe('lists filtered by a value, rare or absent', () => {
  for (const c of cases) {
    it(`${c.name}: read through ${c.index} in the list's order, so a rare value reads its own rows only`, () => {
      const { db, prepared } = capturePrepared(store.db);
      const list = c.list(db);
      const rows = store.db.prepare(c.rows).all() as Row[];
      const counts = new Map<string, number>();
      for (const r of rows) if (r.value) counts.set(r.value, (counts.get(r.value) ?? 0) + 1);
      const byCount = [...counts].sort((a, b) => a[1] - b[1]).map(([value]) => value);
      expect(byCount.length).toBeGreaterThan(0);
      const middle = rows[Math.floor(rows.length / 2)]!.from;
      const filters: Filter[] = [
        {},
        { since: middle },
        { namespace: 'team-1' },
        { namespace: 'team-2', since: middle, limit: 5 },
        { limit: 3 },
      ];
      let listed = 0;
      for (const value of new Set([byCount[0]!, byCount[byCount.length - 1]!, 'Absent'])) {
        for (const filter of filters) {
          // A window keeps what overlaps it: an episode that had not ended by `since` too.
          const want = rows
            .filter(
              (r) =>
                r.value === value &&
                (filter.namespace === undefined || r.namespace === filter.namespace) &&
                (filter.since === undefined || r.to === null || r.to >= filter.since),
            )
            .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
            .map((r) => r.id);
          const got = list({ ...filter, [c.field]: value }).map((r) => r.id);
          expect(got, JSON.stringify({ ...filter, [c.field]: value })).toEqual(want);
          listed += got.length;
        }
      }
      expect(listed).toBeGreaterThan(30);
      // Every shape starts from the value's own rows, in the order the page wants.
      const shapes = prepared.filter((sql) => sql.includes(`${c.column} = @${c.field}`));
      expect(shapes.length).toBe(4); // a limit is bound, not a shape of its own
      const alias = c.column.split('.')[0];
      for (const sql of shapes) {
        const plan = store.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all({ [c.field]: 'x', namespace: 'x', since: 0, limit: 1 })
          .map((step) => (step as { detail: string }).detail);
        const first = plan.find((detail) => new RegExp(`^(SEARCH|SCAN) ${alias}\\b`).test(detail));
        expect(first, sql).toMatch(
          new RegExp(`^SEARCH ${alias} USING (COVERING )?INDEX ${c.index} \\(${c.column.split('.')[1]}=\\?`),
        );
        expect(plan.join('\n'), sql).not.toContain('TEMP B-TREE FOR ORDER BY');
      }
    });
  }
});
