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

describe("an Event's involved object across its versions", () => {
  const sql = () => readModelStatements(store.db);
  const changed = (uid: string) =>
    store.db
      .prepare<[string], number | null>('SELECT involved_changed FROM events WHERE uid = ?')
      .pluck()
      .get(uid);
  const version = (uid: string, involvedName: string, lastPosition: number): EventRow => ({
    uid,
    cluster: 'c',
    namespace: 'n',
    name: uid,
    podUid: null,
    linkedBy: null,
    involvedKind: 'Pod',
    involvedNamespace: 'n',
    involvedName,
    involvedUid: `${involvedName}-uid`,
    involvedField: null,
    involvedChanged: false,
    reason: 'BackOff',
    type: 'Warning',
    message: null,
    source: null,
    firstAt: 1,
    lastAt: lastPosition,
    count: lastPosition,
    lastPosition,
    seenAt: lastPosition,
    deletedAt: null,
  });

  it('is known unchanged while every version names the first one, changed once one names another', () => {
    sql().writeEvent(version('kept', 'web-1', 1));
    sql().writeEvent(version('kept', 'web-1', 2));
    expect(changed('kept')).toBe(0);
    sql().writeEvent(version('moved', 'web-1', 1));
    sql().writeEvent(version('moved', 'web-2', 2));
    sql().writeEvent(version('moved', 'web-1', 3));
    expect(changed('moved')).toBe(1);
    // The row keeps the first version's object, which the flag says not to trust alone.
    expect(store.db.prepare('SELECT involved_name FROM events WHERE uid = ?').pluck().get('moved')).toBe(
      'web-1',
    );
  });

  it('stays unknown for a row projected before migration 0022', () => {
    sql().writeEvent(version('old', 'web-1', 1));
    store.db.prepare("UPDATE events SET involved_changed = NULL WHERE uid = 'old'").run();
    sql().writeEvent(version('old', 'web-1', 2));
    expect(changed('old')).toBeNull();
  });
});
