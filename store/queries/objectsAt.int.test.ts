import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../collector/index.ts';
import { tempDir } from '../../test/support/tempDb.ts';
import { type LogEntry, openStore, type Store } from '../index.ts';
import { createObjectsAtQuery } from './objectsAt.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/api/${name}`, import.meta.url));

let store: Store;
let entries: LogEntry[];
let cleanup: () => void;
beforeAll(() => {
  const dir = tempDir();
  cleanup = dir.cleanup;
  store = openStore(dir.path('k.db'), { now: () => 0 });
  importFiles(store.writer!, [fixture('shop.ndjson')], { cluster: 'default', now: () => 0 });
  importFiles(store.writer!, [fixture('staging.ndjson')], { cluster: 'staging', now: () => 0 });
  // The story deletes pods only: a ReplicaSet that comes and goes, for the objects read model.
  const replicaSet = (type: 'ADDED' | 'MODIFIED' | 'DELETED', at: string, resourceVersion: string) => ({
    cluster: 'default',
    observedAt: Date.parse(`2026-01-02T${at}Z`),
    source: 'watch' as const,
    type,
    resource: 'replicasets.apps',
    object: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'old-rs', namespace: 'shop', uid: 'uid-old-rs', resourceVersion },
    },
  });
  store.writer!.append([
    replicaSet('ADDED', '03:01:00', '900'),
    replicaSet('MODIFIED', '03:04:00', '901'),
    replicaSet('DELETED', '03:09:30', '902'),
  ]);
  entries = [...store.reader.entriesAfter(0)];
});
afterAll(() => {
  store.close();
  cleanup();
});

/** The rule itself, over every entry: each uid's newest entry at or before `at`, unless a deletion. */
function reference(cluster: string, resource: string, at: number, namespace?: string, name?: string) {
  const newest = new Map<string, LogEntry>();
  for (const e of entries) {
    if (e.cluster !== cluster || e.resource !== resource || e.uid === null || e.observedAt > at) continue;
    const seen = newest.get(e.uid);
    if (
      !seen ||
      seen.observedAt < e.observedAt ||
      (seen.observedAt === e.observedAt && seen.position < e.position)
    )
      newest.set(e.uid, e);
  }
  return [...newest.values()]
    .filter((e) => e.type !== 'DELETED')
    .filter(
      (e) =>
        (namespace === undefined || e.namespace === namespace) && (name === undefined || e.name === name),
    )
    .map((e) => `${e.namespace ?? ''}/${e.name}/${e.uid}@${e.position}`)
    .sort();
}

describe('objects at an instant', () => {
  it('finds, through the read models, exactly what the log says was alive at every instant of the story', () => {
    const query = createObjectsAtQuery(store.db);
    // Each observation's own instant and the millisecond before it: where an object appears,
    // changes or goes, and where an off-by-one in a bound would show.
    const instants = [...new Set(entries.flatMap((e) => [e.observedAt - 1, e.observedAt]))];
    const resources = ['pods', 'replicasets.apps', 'deployments.apps', 'namespaces', 'events'];
    let compared = 0;
    for (const at of instants) {
      for (const resource of resources) {
        for (const [namespace, name] of [
          [undefined, undefined],
          ['shop', undefined],
          ['shop', 'web-6d4cf56db6-x7k2p'],
        ]) {
          const rows = query({ cluster: 'default', resources: [resource], at, namespace, name });
          const found = rows.map((r) => `${r.namespace ?? ''}/${r.name}/${r.uid}@${r.position}`);
          expect(found.slice().sort()).toEqual(reference('default', resource, at, namespace, name));
          compared += found.length;
        }
      }
    }
    // The story has objects of every kind alive at most instants, so the comparison is not vacuous.
    expect(compared).toBeGreaterThan(500);
  });

  it('lists in namespace and name order, and keeps clusters apart', () => {
    const query = createObjectsAtQuery(store.db);
    const at = Date.parse('2026-01-02T03:10:00Z');
    const pods = query({ cluster: 'default', resources: ['pods'], at });
    const keys = pods.map((r) => `${r.namespace}/${r.name}`);
    expect(keys).toEqual(keys.slice().sort());
    expect(pods.length).toBeGreaterThan(1);
    const staging = query({
      cluster: 'staging',
      resources: ['pods'],
      at: Date.parse('2026-01-02T06:00:00Z'),
    });
    expect(staging.map((r) => r.uid)).toEqual(
      reference('staging', 'pods', Date.parse('2026-01-02T06:00:00Z')).map(
        (k) => k.split('/')[2]!.split('@')[0],
      ),
    );
  });

  it('fills the lifetimes of Events projected before migration 0010 as the projection writes them', () => {
    const lifetimes = () =>
      store.db.prepare('SELECT uid, first_seen_at, deleted_at FROM events ORDER BY uid').all() as {
        deleted_at: number | null;
      }[];
    const projected = lifetimes();
    expect(projected.some((e) => e.deleted_at !== null)).toBe(true);
    const migration = readFileSync(
      new URL('../../migrations/0010_event_lifetimes.sql', import.meta.url),
      'utf8',
    );
    const backfill = /UPDATE events SET[\s\S]*?;\n/.exec(migration)?.[0];
    expect(backfill).toBeDefined();
    store.db.exec('UPDATE events SET first_seen_at = 0, deleted_at = NULL');
    store.db.exec(backfill!);
    expect(lifetimes()).toEqual(projected);
  });
});
