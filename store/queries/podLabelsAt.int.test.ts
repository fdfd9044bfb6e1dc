import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/index.ts';
import { type CliIo, main } from '../../cli/index.ts';
import { simplePod } from '../../test/support/podBuilder.ts';
import { tempStore } from '../../test/support/tempStore.ts';
import type { NewEntry, Store } from '../index.ts';
import { createQueries } from './index.ts';
import { podLabelsAt } from './podLabelsAt.ts';

const t0 = Date.parse('2026-01-02T03:00:00Z');
const relabeledAt = t0 + 10 * 60_000;
const before = '2026-01-02T03:05:00Z';
const after = '2026-01-02T03:15:00Z';

let store: Store;
let cleanup: () => void;

const version = (name: string, rv: string, at: number, labels: Record<string, string>): NewEntry => {
  const object = simplePod(name, rv);
  object.metadata = { ...object.metadata, labels };
  return { cluster: 'c1', observedAt: at, source: 'watch', type: 'MODIFIED', resource: 'pods', object };
};

beforeAll(() => {
  ({ store, cleanup } = tempStore('labels.db'));
  store.writer!.append([
    { ...version('web-1', '10', t0, { app: 'web' }), type: 'ADDED' },
    { ...version('web-2', '11', t0, { app: 'web' }), type: 'ADDED' },
    // Taken out of the Service's rotation during the incident: relabeled, still running.
    version('web-1', '20', relabeledAt, { app: 'web-quarantined' }),
    version('web-2', '21', relabeledAt + 1000, { app: 'web' }),
  ]);
});
afterAll(() => cleanup());

const cli = async (...argv: string[]) => {
  let out = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    now: () => t0 + 3_600_000,
    env: {},
  };
  await main([...argv, '--db', store.db.name, '-o', 'json'], io);
  return (JSON.parse(out) as { items: { name: string }[] }).items.map((i) => i.name);
};

describe('a label selector over the past', () => {
  it('reads each pod as it was labeled at the instant', () => {
    const queries = createQueries(store.db);
    const labelsAt = (at: number) =>
      queries
        .podsAt({ at, namespace: 'default' })
        .map((row) => [row.name, podLabelsAt(store.reader, row).app]);
    expect(labelsAt(Date.parse(before))).toEqual([
      ['web-1', 'web'],
      ['web-2', 'web'],
    ]);
    expect(labelsAt(Date.parse(after))).toEqual([
      ['web-1', 'web-quarantined'],
      ['web-2', 'web'],
    ]);
  });

  it('reads the log only for a version older than the labels the row holds', () => {
    const queries = createQueries(store.db);
    let decoded = 0;
    const reader = {
      entry: (position: number) => {
        decoded++;
        return store.reader.entry(position);
      },
    };
    const apps = (at: string) =>
      queries.podsAt({ at: Date.parse(at), namespace: 'default' }).map((row) => podLabelsAt(reader, row).app);
    expect(apps(before)).toEqual(['web', 'web']);
    // web-1's labels changed after the instant; web-2's never did.
    expect(decoded).toBe(1);
    decoded = 0;
    expect(apps(after)).toEqual(['web-quarantined', 'web']);
    expect(decoded).toBe(0);
    // A log projected before the row kept where its labels began: every past version is read.
    store.db.exec('UPDATE pods SET labels_since_position = NULL');
    try {
      expect(apps(before)).toEqual(['web', 'web']);
      expect(decoded).toBe(2);
    } finally {
      store.db.exec('UPDATE pods SET labels_since_position = first_position');
      store.db.exec(`UPDATE pods SET labels_since_position = last_position WHERE name = 'web-1'`);
    }
  });

  it('selects through the CLI and the API as kubectl would have then', async () => {
    expect(await cli('get', 'pods', '-l', 'app=web', '--at', before)).toEqual(['web-1', 'web-2']);
    expect(await cli('get', 'pods', '-l', 'app=web', '--at', after)).toEqual(['web-2']);
    expect(await cli('get', 'pods', '-l', 'app=web-quarantined', '--at', before)).toEqual([]);
    const app = createApp({ store, now: () => t0 + 3_600_000 });
    const names = async (at: string) =>
      (
        (await (await app.request(`/api/v1/pods?at=${at}&labelSelector=app%3Dweb`)).json()) as {
          items: { name: string }[];
        }
      ).items.map((i) => i.name);
    expect(await names(before)).toEqual(['web-1', 'web-2']);
    expect(await names(after)).toEqual(['web-2']);
  });
});
