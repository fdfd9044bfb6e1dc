import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePod } from '../../test/support/podBuilder.ts';
import { tempDir } from '../../test/support/tempDb.ts';
import { createQueries, type NewEntry, openStore, type Store } from '../index.ts';

// One name lived in three clusters (recorded in an order unlike the clusters' names), twice in
// one of them; a namespace exists only in the last cluster, which a skip through the clusters
// must reach.
let store: Store;
let cleanup: () => void;
beforeAll(() => {
  const dir = tempDir();
  cleanup = dir.cleanup;
  store = openStore(dir.path('identity.db'));
  const at = (minute: number) => Date.parse('2026-01-02T03:00:00Z') + minute * 60_000;
  const life = (cluster: string, uid: string, from: number, to: number | null, namespace = 'shop') => {
    const entries: NewEntry[] = [
      {
        cluster,
        observedAt: at(from),
        source: 'watch',
        type: 'ADDED',
        resource: 'pods',
        object: simplePod('web-0', `${from}`, { uid, namespace }),
      },
    ];
    if (to !== null)
      entries.push({
        cluster,
        observedAt: at(to),
        source: 'watch',
        type: 'DELETED',
        resource: 'pods',
        object: simplePod('web-0', `${to}`, { uid, namespace }),
      });
    return entries;
  };
  store.writer!.append([
    ...life('prod', 'uid-prod-1', 1, 5),
    ...life('dev', 'uid-dev', 2, null),
    ...life('prod', 'uid-prod-2', 6, null),
    ...life('staging', 'uid-staging', 3, 4),
    ...life('zeta', 'uid-zeta', 7, null, 'only-in-zeta'),
  ]);
});
afterAll(() => {
  store.close();
  cleanup();
});

describe('pods by name', () => {
  it('finds every life of a name in every cluster, oldest first, or in one cluster', () => {
    const q = createQueries(store.db);
    expect(q.podsNamed('shop', 'web-0').map((p) => p.uid)).toEqual([
      'uid-prod-1',
      'uid-dev',
      'uid-staging',
      'uid-prod-2',
    ]);
    expect(q.podsNamed('shop', 'web-0', 'prod').map((p) => p.uid)).toEqual(['uid-prod-1', 'uid-prod-2']);
    expect(q.podsNamed('shop', 'web-0', 'nowhere')).toEqual([]);
    expect(q.podsNamed('shop', 'web-1')).toEqual([]);
  });

  it('knows a namespace from any cluster, and not one no pod was recorded in', () => {
    const q = createQueries(store.db);
    expect(q.namespaceKnown('shop')).toBe(true);
    expect(q.namespaceKnown('only-in-zeta')).toBe(true);
    expect(q.namespaceKnown('sho')).toBe(false);
    expect(q.namespaceKnown('nowhere')).toBe(false);
  });
});
