import type { KubeObject } from '../../store/index.ts';

/** A minimal but well-formed Pod for store and import tests (lifecycle tests use fixtures). */
export function simplePod(
  name: string,
  resourceVersion: string,
  overrides: {
    uid?: string;
    namespace?: string;
    phase?: string;
    restartCount?: number;
    env?: { name: string; value: string }[];
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: overrides.namespace ?? 'default',
      uid: overrides.uid ?? `uid-${name}`,
      resourceVersion,
      creationTimestamp: '2026-01-02T03:00:00Z',
      labels: { app: name },
    },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'app', image: 'registry.example/app:1', env: overrides.env ?? [] }],
    },
    status: {
      phase: overrides.phase ?? 'Running',
      startTime: '2026-01-02T03:00:01Z',
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          started: true,
          restartCount: overrides.restartCount ?? 0,
          image: 'registry.example/app:1',
          state: { running: { startedAt: '2026-01-02T03:00:02Z' } },
        },
      ],
    },
  };
}
