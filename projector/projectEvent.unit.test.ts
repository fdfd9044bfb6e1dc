import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.ts';
import { eventCategory } from './eventCategory.ts';
import { eventFacts, projectEvent } from './projectEvent.ts';

const coreEvent = (count: number, last: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {
    name: 'web.17f3a',
    namespace: 'shop',
    uid: 'ev-1',
    resourceVersion: String(100 + count),
    creationTimestamp: '2026-01-02T03:00:00Z',
  },
  involvedObject: {
    kind: 'Pod',
    namespace: 'shop',
    name: 'web',
    uid: 'pod-1',
    fieldPath: 'spec.containers{app}',
  },
  reason: 'BackOff',
  message: 'Back-off restarting failed container app in pod web_shop(pod-1)',
  type: 'Warning',
  source: { component: 'kubelet', host: 'node-1' },
  count,
  firstTimestamp: '2026-01-02T03:00:00Z',
  lastTimestamp: last,
  ...extra,
});

// The same stored Event as events.k8s.io/v1 shows it.
const eventsApiEvent = (count: number, last: string): KubeObject => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: {
    name: 'web.17f3a',
    namespace: 'shop',
    uid: 'ev-1',
    resourceVersion: String(100 + count),
    creationTimestamp: '2026-01-02T03:00:00Z',
  },
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web', uid: 'pod-1', fieldPath: 'spec.containers{app}' },
  reason: 'BackOff',
  note: 'Back-off restarting failed container app in pod web_shop(pod-1)',
  type: 'Warning',
  deprecatedSource: { component: 'kubelet', host: 'node-1' },
  deprecatedCount: count,
  deprecatedFirstTimestamp: '2026-01-02T03:00:00Z',
  deprecatedLastTimestamp: last,
  reportingController: 'kubelet',
});

const link = { podUid: 'pod-1', linkedBy: 'uid' as const };

/** Folds a sequence of observed versions the way the runner does, returning the occurrences. */
function fold(versions: KubeObject[]) {
  let count = 0;
  return versions.map((v, i) => {
    const result = projectEvent(
      count,
      eventFacts(v),
      { position: i + 1, observedAt: 0, cluster: 'c', deleted: false },
      link,
    );
    count = result.event.count;
    return result.occurrence?.occurrences ?? 0;
  });
}

describe('Event occurrences', () => {
  it.each([
    ['first sighting with count 3 is three occurrences', [coreEvent(3, '2026-01-02T03:01:00Z')], [3]],
    [
      'count 3 then 5 is two more',
      [coreEvent(3, '2026-01-02T03:01:00Z'), coreEvent(5, '2026-01-02T03:02:00Z')],
      [3, 2],
    ],
    [
      'a MODIFIED with the same count is none',
      [coreEvent(3, '2026-01-02T03:01:00Z'), coreEvent(3, '2026-01-02T03:01:00Z')],
      [3, 0],
    ],
    [
      'the same occurrence seen through both APIs is counted once',
      [
        coreEvent(2, '2026-01-02T03:01:00Z'),
        eventsApiEvent(2, '2026-01-02T03:01:00Z'),
        eventsApiEvent(4, '2026-01-02T03:03:00Z'),
        coreEvent(4, '2026-01-02T03:03:00Z'),
      ],
      [2, 0, 2, 0],
    ],
  ])('%s', (_name, versions, expected) => {
    expect(fold(versions)).toEqual(expected);
  });

  it('counts events.k8s.io series and times the occurrence at series.lastObservedTime', () => {
    const series: KubeObject = {
      ...eventsApiEvent(0, ''),
      deprecatedCount: undefined,
      eventTime: '2026-01-02T03:00:00.123456Z',
      series: { count: 7, lastObservedTime: '2026-01-02T03:20:00.000001Z' },
    };
    const result = projectEvent(
      0,
      eventFacts(series),
      { position: 1, observedAt: 5, cluster: 'c', deleted: false },
      link,
    );
    expect(result.occurrence).toMatchObject({
      occurrences: 7,
      at: Date.parse('2026-01-02T03:20:00.000Z'),
      atSource: 'object',
    });
  });

  it('an Event without count or timestamps is one occurrence at the observed time', () => {
    const bare: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'x', namespace: 'ns', uid: 'e2' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns' },
      reason: 'Scheduled',
      message: 'Successfully assigned ns/p to n1',
    };
    const result = projectEvent(
      0,
      eventFacts(bare),
      { position: 1, observedAt: 42, cluster: 'c', deleted: false },
      { podUid: null, linkedBy: null },
    );
    expect(result.occurrence).toMatchObject({
      occurrences: 1,
      at: 42,
      atSource: 'observed',
      category: 'scheduling',
    });
  });

  it('the expiry of an Event (DELETED) is not an occurrence', () => {
    const result = projectEvent(
      3,
      eventFacts(coreEvent(3, '2026-01-02T03:01:00Z')),
      { position: 9, observedAt: 0, cluster: 'c', deleted: true },
      link,
    );
    expect(result.occurrence).toBeNull();
    expect(result.event.count).toBe(3);
  });
});

describe('eventCategory tells probes, hooks and kills apart', () => {
  it.each([
    ['Unhealthy', "Liveness probe failed: cat: can't open '/tmp/healthy'", 'probe:liveness'],
    ['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'probe:readiness'],
    ['Unhealthy', 'Startup probe failed: Get "http://10.1.0.5:8080/": connection refused', 'probe:startup'],
    [
      'FailedPostStartHook',
      'Exec lifecycle hook ([/bin/false]) for Container "app" in Pod "p" failed',
      'hook:postStart',
    ],
    ['FailedPreStopHook', 'PreStopHook failed', 'hook:preStop'],
    ['Killing', 'Container app failed liveness probe, will be restarted', 'killing'],
    ['BackOff', 'Back-off restarting failed container app in pod p', 'backoff'],
    ['BackOff', 'Back-off pulling image "nope:1"', 'image'],
    ['Failed', 'Failed to pull image "nope:1": not found', 'image'],
    ['FailedScheduling', '0/3 nodes are available: 3 Insufficient memory.', 'scheduling'],
    ['Evicted', 'The node was low on resource: memory.', 'eviction'],
    ['OOMKilling', 'Memory cgroup out of memory: Killed process 1234', 'oom'],
    ['SomethingNew', 'a reason kubetrail has never seen', 'other'],
  ])('%s: %s', (reason, message, category) => {
    expect(eventCategory(reason, message)).toBe(category);
  });
});
