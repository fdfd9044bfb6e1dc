// Shared helpers for the sim's integration tests: fixtures that read as sentences and a watch recorder.
import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { KubeObject } from '../store/types.ts';
import { type SimCluster, startSimCluster } from './index.ts';

export const startedAt = Date.parse('2026-01-02T03:00:00Z');

export const startTestCluster = async (
  options: { windowSize?: number; bookmarkIntervalMs?: number } = {},
): Promise<{ cluster: SimCluster; kc: KubeConfig; clock: { now(): number; advance(ms: number): void } }> => {
  let now = startedAt;
  let seq = 0;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const cluster = await startSimCluster({
    clock,
    uid: () => `uid-${++seq}`,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    windowSize: options.windowSize,
  });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return { cluster, kc, clock };
};

export const pod = (
  name: string,
  { namespace = 'default', labels = {}, nodeName = 'node-a', phase = 'Running' } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { nodeName, containers: [{ name: 'main', image: 'nginx:1.27' }] },
  status: { phase },
});

export type Recorded = { type: string; object: KubeObject };

/** Records a client-node watch until it ends; `until` waits (bounded) for a condition on what arrived. */
export const recordWatch = async (
  kc: KubeConfig,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) => {
  const events: Recorded[] = [];
  let ended: { err: unknown } | undefined;
  const controller = await new Watch(kc).watch(
    path,
    query,
    (type, object) => events.push({ type, object: object as KubeObject }),
    (err) => {
      ended = { err };
    },
  );
  const until = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`timed out; got ${JSON.stringify(events.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { events, ended: () => ended, until, abort: () => controller.abort() };
};
