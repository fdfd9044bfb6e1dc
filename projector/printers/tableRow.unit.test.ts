import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../store/types.ts';
import { formatLabelSelector, selectorString, tableColumns, tableRow } from './index.ts';

const NOW = Date.parse('2026-01-02T03:12:00Z');

describe('events', () => {
  const backOff: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: 'web-7d4b9c8f6d-x2x7q.181a2b3c4d5e6f70',
      namespace: 'shop',
      uid: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      resourceVersion: '48990',
      creationTimestamp: '2026-01-02T03:01:00Z',
    },
    involvedObject: {
      kind: 'Pod',
      namespace: 'shop',
      name: 'web-7d4b9c8f6d-x2x7q',
      uid: '3f2b8a6e-1c4d-4e5f-9a7b-2c1d0e9f8a7b',
      apiVersion: 'v1',
      resourceVersion: '48213',
      fieldPath: 'spec.containers{web}',
    },
    reason: 'BackOff',
    message:
      'Back-off restarting failed container web in pod web-7d4b9c8f6d-x2x7q_shop(3f2b8a6e-1c4d-4e5f-9a7b-2c1d0e9f8a7b)\n',
    source: { component: 'kubelet', host: 'worker-1' },
    firstTimestamp: '2026-01-02T03:01:00Z',
    lastTimestamp: '2026-01-02T03:10:30Z',
    count: 7,
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'worker-1',
  };

  it('prints a core/v1 event with its count and both times', () => {
    expect(tableRow('events', backOff, NOW).cells).toEqual([
      '90s',
      'Warning',
      'BackOff',
      'pod/web-7d4b9c8f6d-x2x7q',
      'spec.containers{web}',
      'kubelet, worker-1',
      'Back-off restarting failed container web in pod web-7d4b9c8f6d-x2x7q_shop(3f2b8a6e-1c4d-4e5f-9a7b-2c1d0e9f8a7b)',
      '11m',
      7,
      'web-7d4b9c8f6d-x2x7q.181a2b3c4d5e6f70',
    ]);
  });

  it('prints an events.k8s.io series from its last observed time and series count', () => {
    const series: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: 'web.181a2b3c4d5e7000',
        namespace: 'shop',
        creationTimestamp: '2026-01-02T02:20:00Z',
      },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-7d4b9c8f6d-x2x7q' },
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2026-01-02T02:20:00.123456Z',
      series: { count: 14, lastObservedTime: '2026-01-02T03:02:00.000001Z' },
      action: 'Probe',
      type: 'Warning',
      reportingComponent: 'kubelet',
      reportingInstance: 'worker-2',
    };
    // Go keeps the microseconds: 9m59.999999s is still "9m59s".
    expect(tableRow('events', series, NOW).cells).toEqual([
      '9m59s',
      'Warning',
      'Unhealthy',
      'pod/web-7d4b9c8f6d-x2x7q',
      '',
      'kubelet, worker-2',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      '51m',
      14,
      'web.181a2b3c4d5e7000',
    ]);
  });

  it('counts a singleton event without count as 1 and reuses its first time', () => {
    const singleton: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'scheduled.1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-7d4b9c8f6d-x2x7q' },
      reason: 'Scheduled',
      message: 'Successfully assigned shop/web-7d4b9c8f6d-x2x7q to worker-1',
      eventTime: '2026-01-02T02:00:01.000000Z',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
      type: 'Normal',
    };
    const cells = tableRow('events', singleton, NOW).cells;
    expect([cells[0], cells[5], cells[7], cells[8]]).toEqual([
      '71m',
      'default-scheduler, default-scheduler-control-plane',
      '71m',
      1,
    ]);
  });

  it('prints the kind alone when the involved object has no name, and <unknown> without times', () => {
    const cells = tableRow(
      'events',
      { metadata: { name: 'x' }, involvedObject: { kind: 'Node' }, source: { component: 'kubelet' } },
      NOW,
    ).cells;
    expect([cells[0], cells[3], cells[5], cells[7]]).toEqual(['<unknown>', 'node', 'kubelet', '<unknown>']);
  });
});

describe('replicasets', () => {
  it('prints desired, current and ready replicas with the wide template columns', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-7d4b9c8f6d', namespace: 'shop', creationTimestamp: '2025-12-30T03:12:00Z' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' } },
        template: {
          metadata: { labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' } },
          spec: {
            containers: [
              { name: 'web', image: 'registry.example.com/web:1.4.2' },
              { name: 'metrics', image: 'registry.example.com/metrics:0.9.0' },
            ],
          },
        },
      },
      status: {
        replicas: 3,
        fullyLabeledReplicas: 3,
        readyReplicas: 2,
        availableReplicas: 2,
        observedGeneration: 1,
      },
    };
    expect(tableRow('replicasets.apps', rs, NOW).cells).toEqual([
      'web-7d4b9c8f6d',
      3,
      3,
      2,
      '3d',
      'web,metrics',
      'registry.example.com/web:1.4.2,registry.example.com/metrics:0.9.0',
      'app=web,pod-template-hash=7d4b9c8f6d',
    ]);
  });

  it('prints a scaled-down replica set with zeroes and missing status fields as 0', () => {
    const cells = tableRow(
      'replicasets.apps',
      {
        metadata: { name: 'web-5c6d7e8f9a', creationTimestamp: '2026-01-02T03:00:00Z' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web' } },
          template: { spec: { containers: [] } },
        },
        status: { replicas: 0, observedGeneration: 4 },
      },
      NOW,
    ).cells;
    expect(cells.slice(0, 5)).toEqual(['web-5c6d7e8f9a', 0, 0, 0, '12m']);
  });
});

describe('deployments', () => {
  it('prints READY as ready/desired and the selector string', () => {
    const deploy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2025-12-20T03:12:00Z' },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['frontend', 'edge'] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        },
        template: { spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.4.2' }] } },
      },
      status: { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 },
    };
    expect(tableRow('deployments.apps', deploy, NOW).cells).toEqual([
      'web',
      '3/3',
      1,
      3,
      '13d',
      'web',
      'registry.example.com/web:1.4.2',
      'app=web,!canary,tier in (edge,frontend)',
    ]);
  });

  it('prints 0/N while nothing is ready', () => {
    const cells = tableRow(
      'deployments.apps',
      {
        metadata: { name: 'api', creationTimestamp: '2026-01-02T03:11:30Z' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'api' } },
          template: { spec: { containers: [] } },
        },
        status: {},
      },
      NOW,
    ).cells;
    expect(cells.slice(0, 5)).toEqual(['api', '0/2', 0, 0, '30s']);
  });
});

describe('label selectors', () => {
  it.each([
    [undefined, '', '<none>'],
    [{}, '', '<none>'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2', 'a=1,b=2'],
    [
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      'env notin (prod)',
      'env notin (prod)',
    ],
    [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, 'gpu', 'gpu'],
    [{ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['1'] }] }, null, '<error>'],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, null, '<error>'],
  ])('%j', (selector, asString, formatted) => {
    expect(selectorString(selector)).toBe(asString);
    expect(formatLabelSelector(selector)).toBe(formatted);
  });
});

describe('namespaces', () => {
  it.each([
    ['Active', undefined, 'Active'],
    ['Terminating', '2026-01-02T03:11:00Z', 'Terminating'],
  ])('prints phase %s', (phase, deletionTimestamp, expected) => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        creationTimestamp: '2025-11-01T00:00:00Z',
        ...(deletionTimestamp === undefined ? {} : { deletionTimestamp }),
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase },
    };
    expect(tableRow('namespaces', ns, NOW).cells).toEqual(['shop', expected, '62d']);
  });
});

describe('nodes', () => {
  const node = (conditions: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'worker-1',
      creationTimestamp: '2025-12-01T00:00:00Z',
      labels: {
        'kubernetes.io/hostname': 'worker-1',
        'node-role.kubernetes.io/worker': '',
        'node-role.kubernetes.io/ingress': '',
        'kubernetes.io/role': 'edge',
      },
    },
    spec: { podCIDR: '10.244.1.0/24', ...extra },
    status: {
      conditions,
      addresses: [
        { type: 'InternalIP', address: '10.0.0.11' },
        { type: 'Hostname', address: 'worker-1' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.34.1',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-26-amd64',
        containerRuntimeVersion: 'containerd://1.7.22',
      },
    },
  });

  it('prints a ready node with its roles and wide columns', () => {
    expect(
      tableRow(
        'nodes',
        node([
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ]),
        NOW,
      ).cells,
    ).toEqual([
      'worker-1',
      'Ready',
      'edge,ingress,worker',
      '32d',
      'v1.34.1',
      '10.0.0.11',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0-26-amd64',
      'containerd://1.7.22',
    ]);
  });

  it.each([
    [[{ type: 'Ready', status: 'Unknown' }], {}, 'NotReady'],
    [[{ type: 'Ready', status: 'False' }], { unschedulable: true }, 'NotReady,SchedulingDisabled'],
    [[], { unschedulable: true }, 'Unknown,SchedulingDisabled'],
  ])('prints status %#', (conditions, spec, expected) => {
    expect(tableRow('nodes', node(conditions, spec), NOW).cells[1]).toBe(expected);
  });
});

describe('rows match their columns', () => {
  it.each([
    ['pods', { metadata: { name: 'p' } }],
    ['events', { metadata: { name: 'e' } }],
    ['replicasets.apps', { metadata: { name: 'r' } }],
    ['deployments.apps', { metadata: { name: 'd' } }],
    ['namespaces', { metadata: { name: 'n' } }],
    ['nodes', { metadata: { name: 'n' } }],
  ] as const)('%s', (resource, obj) => {
    expect(tableRow(resource, obj, NOW).cells).toHaveLength(tableColumns(resource).length);
  });
});
