import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.ts';
import { backoffDelay } from './backoff.ts';
import { listedEntries, vanishedEntries, withType } from './listEntries.ts';
import { parseResources } from './watchedResources.ts';

const podAt = (name: string, uid: string, resourceVersion: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid, resourceVersion },
});

describe('a relist as log entries', () => {
  const live = new Map([
    ['uid-kept', { uid: 'uid-kept', position: 1, resourceVersion: '5' }],
    ['uid-gone', { uid: 'uid-gone', position: 2, resourceVersion: '6' }],
  ]);
  const lastRecorded: Record<number, KubeObject> = { 2: podAt('gone', 'uid-gone', '6') };

  it('lists known objects as MODIFIED, new ones as ADDED, and infers the deletion of the vanished from their last recorded version', () => {
    const context = { cluster: 'prod', resource: 'pods', source: 'relist' as const, live };
    // Two pages: what the first lists is not inferred deleted by the second.
    const entries = [
      ...listedEntries(context, [{ object: podAt('kept', 'uid-kept', '9'), observedAt: 100 }]),
      ...listedEntries(context, [{ object: podAt('new', 'uid-new', '10'), observedAt: 101 }]),
      ...vanishedEntries(context, new Set(['uid-kept', 'uid-new']), (o) => lastRecorded[o.position], 120),
    ];
    expect(
      entries.map((e) => [
        e.type,
        e.source,
        (e.object as KubeObject).metadata?.name,
        e.inferred ?? false,
        e.observedAt,
      ]),
    ).toEqual([
      ['MODIFIED', 'relist', 'kept', false, 100],
      ['ADDED', 'relist', 'new', false, 101],
      ['DELETED', 'relist', 'gone', true, 120],
    ]);
    expect(entries[2]!.object).toEqual(lastRecorded[2]);
  });

  it('puts apiVersion and kind back first on list items, as watch events carry them', () => {
    const typed = withType({ metadata: { name: 'web' }, spec: {} }, 'apps/v1', 'Deployment');
    expect(Object.keys(typed)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(typed).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
  });
});

describe('back-off and resources', () => {
  it('doubles from the initial delay up to the cap, jittered in the upper half', () => {
    const delays = [0, 1, 2, 3, 10].map((a) =>
      backoffDelay(a, { initialMs: 100, maxMs: 1000, random: () => 0 }),
    );
    expect(delays).toEqual([50, 100, 200, 400, 500]);
    expect(backoffDelay(10, { initialMs: 100, maxMs: 1000, random: () => 0.999 })).toBeLessThanOrEqual(1000);
  });

  it('resolves kubectl names and rejects unknown ones', () => {
    expect(parseResources('po,ev,rs,deploy,events.k8s.io').map((r) => r.name)).toEqual([
      'pods',
      'events',
      'replicasets.apps',
      'deployments.apps',
      'events.events.k8s.io',
    ]);
    expect(() => parseResources('pods,widgets')).toThrow(/unknown resource "widgets"/);
  });
});
