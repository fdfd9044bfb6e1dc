import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type EventRow, mergeEventRows } from '../../projector/index.ts';
import { tempStore } from '../../test/support/tempStore.ts';
import { readModelStatements } from './readModelStatements.ts';

const { store, cleanup } = tempStore('events.db');
afterAll(cleanup);

const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
const word = fc.constantFrom('a', 'b', 'c');
const time = fc.integer({ min: 1, max: 1000 });
const version: fc.Arbitrary<Omit<EventRow, 'uid'>> = fc.record({
  cluster: word,
  namespace: maybe(word),
  name: maybe(word),
  podUid: maybe(word),
  linkedBy: maybe(fc.constantFrom('uid' as const, 'name' as const)),
  involvedKind: maybe(word),
  involvedNamespace: maybe(word),
  involvedName: maybe(word),
  involvedUid: maybe(word),
  involvedField: maybe(word),
  involvedChanged: fc.boolean(),
  reason: maybe(word),
  type: maybe(word),
  message: maybe(word),
  source: maybe(word),
  firstAt: maybe(time),
  lastAt: maybe(time),
  count: fc.integer({ min: 1, max: 9 }),
  lastPosition: fc.integer({ min: 1, max: 1000 }),
  seenAt: time,
  deletedAt: maybe(time),
});

describe('an Event written once per batch', () => {
  it('leaves the same row as writing each of its versions in turn, over a stored row or none', () => {
    const sql = readModelStatements(store.db);
    const read = store.db.prepare('SELECT * FROM events WHERE uid = ?');
    let n = 0;
    fc.assert(
      fc.property(
        fc.option(version, { nil: undefined }),
        fc.array(version, { minLength: 1, maxLength: 5 }),
        (stored, batch) => {
          const one = `one-${n}`;
          const merged = `merged-${n++}`;
          for (const uid of [one, merged]) if (stored) sql.writeEvent({ ...stored, uid });
          for (const row of batch) sql.writeEvent({ ...row, uid: one });
          const rows = batch.map((row) => ({ ...row, uid: merged }));
          sql.writeEvent(rows.reduce(mergeEventRows));
          expect({ ...(read.get(merged) as object), uid: one }).toEqual(read.get(one));
        },
      ),
      { numRuns: 300 },
    );
  });
});
