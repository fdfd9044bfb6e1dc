/**
 * eviction: a log shipper (Deployment, 1 replica) fills the node's disk; the kubelet's eviction
 * manager evicts its pod: Evicted event, Killing, phase Failed, reason Evicted, message "The node was
 * low on resource: ephemeral-storage. …", condition DisruptionTarget (TerminationByKubelet). The
 * ReplicaSet creates a replacement; the evicted pod stays until it is cleaned up.
 *
 * Timeline (s): ~5 logger Running · 120 evicted, replacement created · 240 evicted pod deleted ·
 * 360 replacement evicted · … (loops while looping).
 */
import type { Scenario } from './types.ts';

const MESSAGE =
  'The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 9568Mi. Container logger was using 14Gi, request is 0, has larger consumption of ephemeral-storage. ';

export const eviction: Scenario = {
  name: 'eviction',
  description:
    'A pod evicted for ephemeral-storage: phase Failed, reason Evicted, replaced by its ReplicaSet',
  start: (ctx) => {
    const { engine, namespace } = ctx;
    engine.createDeployment(namespace, {
      name: 'logger',
      replicas: 1,
      template: {
        metadata: { labels: { app: 'logger' } },
        spec: { containers: [{ name: 'logger', image: 'fluent/fluent-bit:3.0' }] },
      },
    });
    const evictOne = (): void => {
      const victim = engine.store
        .list('pods', namespace)
        .find(
          (p) =>
            (p.status as { phase?: string } | undefined)?.phase === 'Running' &&
            !p.metadata?.deletionTimestamp,
        );
      const name = victim?.metadata?.name;
      if (name) {
        engine.evictPod(namespace, name, { message: MESSAGE });
        engine.after(120_000, () => engine.deletePod(namespace, name));
      }
      if (ctx.loop) engine.after(240_000, evictOne);
    };
    engine.after(120_000, evictOne);
  },
};
