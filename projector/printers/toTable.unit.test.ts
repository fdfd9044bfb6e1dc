import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../store/types.ts';
import { TABLE_RESOURCES, tableColumns, toTable } from './index.ts';

const NOW = Date.parse('2026-01-02T03:12:00Z');

const finishedJob: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'report-29411520-k7x2p',
    namespace: 'batch',
    uid: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4',
    resourceVersion: '51002',
    creationTimestamp: '2026-01-02T03:00:00Z',
    labels: { 'job-name': 'report-29411520' },
    managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', subresource: 'status' }],
  },
  spec: { containers: [{ name: 'report', image: 'registry.example.com/report:2' }], restartPolicy: 'Never' },
  status: {
    phase: 'Succeeded',
    containerStatuses: [
      {
        name: 'report',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: '2026-01-02T03:01:00Z' } },
      },
    ],
  },
};

const crashed: KubeObject = {
  ...finishedJob,
  metadata: {
    ...finishedJob.metadata,
    name: 'report-29411520-p9d4w',
    uid: '6e7f8091-a2b3-4c4d-9e5f-60718293a4b5',
  },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'report',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 1, reason: 'Error' } },
      },
    ],
  },
};

describe('toTable', () => {
  it('wraps rows in a meta.k8s.io/v1 Table with PartialObjectMetadata by default', () => {
    const table = toTable('pods', [finishedJob], NOW, { resourceVersion: '51040' });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '51040' },
    });
    expect(table.columnDefinitions).toEqual(tableColumns('pods'));
    expect(table.rows).toEqual([
      {
        cells: [
          'report-29411520-k7x2p',
          '0/1',
          'Completed',
          '0',
          '12m',
          '<none>',
          '<none>',
          '<none>',
          '<none>',
        ],
        conditions: [
          {
            type: 'Completed',
            status: 'True',
            reason: 'Succeeded',
            message: 'The pod has completed successfully.',
          },
        ],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: finishedJob.metadata,
        },
      },
    ]);
  });

  it('marks failed pods and leaves running pods without conditions', () => {
    const running: KubeObject = {
      metadata: { name: 'web' },
      spec: { containers: [] },
      status: { phase: 'Running' },
    };
    const rows = toTable('pods', [crashed, running], NOW).rows;
    expect(rows[0]?.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
    expect(rows[1]).not.toHaveProperty('conditions');
    expect(Object.keys(rows[0] ?? {})).toEqual(['cells', 'conditions', 'object']);
  });

  it('returns full objects for includeObject=Object, as kubectl asks with --sort-by', () => {
    const { metadata, spec, status } = finishedJob;
    const row = toTable('pods', [{ metadata, spec, status }], NOW, { includeObject: 'Object' }).rows[0];
    expect(row?.object).toEqual({ metadata, spec, status, apiVersion: 'v1', kind: 'Pod' });
  });

  it('returns null objects for includeObject=None and null headers for noHeaders', () => {
    const table = toTable('namespaces', [{ metadata: { name: 'shop' }, status: { phase: 'Active' } }], NOW, {
      includeObject: 'None',
      noHeaders: true,
    });
    expect(table.columnDefinitions).toBeNull();
    expect(table.rows[0]?.object).toBeNull();
    expect(table.metadata).toEqual({});
  });

  it('carries continue and remainingItemCount of a chunked list', () => {
    const table = toTable('events', [], NOW, {
      resourceVersion: '9',
      continue: 'eyJ2IjoibWV0YS',
      remainingItemCount: 12,
    });
    expect(table.metadata).toEqual({
      resourceVersion: '9',
      continue: 'eyJ2IjoibWV0YS',
      remainingItemCount: 12,
    });
    expect(table.rows).toEqual([]);
  });

  it('serialises pod columns exactly as a real API server does', () => {
    // The first five pod columns of a real `kubectl get pod --v=9` response body (Kubernetes 1.30).
    const serverJson =
      '[{"name":"Name","type":"string","format":"name","description":"Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names","priority":0},{"name":"Ready","type":"string","format":"","description":"The aggregate readiness state of this pod for accepting traffic.","priority":0},{"name":"Status","type":"string","format":"","description":"The aggregate status of the containers in this pod.","priority":0},{"name":"Restarts","type":"string","format":"","description":"The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.","priority":0},{"name":"Age","type":"string","format":"","description":"CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\\n\\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata","priority":0}]';
    expect(JSON.stringify(tableColumns('pods').slice(0, 5))).toBe(serverJson);
    expect(tableColumns('pods').map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
  });

  it.each([
    ['events', 'Last Seen,Type,Reason,Object,Message', 'Subobject,Source,First Seen,Count,Name'],
    ['replicasets.apps', 'Name,Desired,Current,Ready,Age', 'Containers,Images,Selector'],
    ['deployments.apps', 'Name,Ready,Up-to-date,Available,Age', 'Containers,Images,Selector'],
    ['namespaces', 'Name,Status,Age', ''],
    [
      'nodes',
      'Name,Status,Roles,Age,Version',
      'Internal-IP,External-IP,OS-Image,Kernel-Version,Container-Runtime',
    ],
  ] as const)('%s columns: default %s, wide %s', (resource, normal, wide) => {
    const columns = tableColumns(resource);
    const names = (priority: number) =>
      columns
        .filter((c) => c.priority === priority)
        .map((c) => c.name)
        .join(',');
    expect(names(0)).toBe(normal);
    expect(names(1)).toBe(wide);
    expect(columns.every((c) => c.description !== '' && (c.type === 'string' || c.type === 'integer'))).toBe(
      true,
    );
  });

  it('gives each caller its own column copies', () => {
    for (const resource of TABLE_RESOURCES) {
      const first = tableColumns(resource);
      first[0] = { name: 'changed', type: 'string', format: '', description: 'x', priority: 0 };
      expect(tableColumns(resource)[0]?.name).not.toBe('changed');
    }
  });
});
