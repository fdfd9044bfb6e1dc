/**
 * failed-scheduling: three "reservation" pods take 5Gi of each 8Gi worker, so `analytics` (4Gi)
 * fits nowhere: FailedScheduling "0/4 nodes are available: 1 node(s) had untolerated taint
 * {node-role.kubernetes.io/control-plane: }, 3 Insufficient memory. preemption: …", PodScheduled
 * False (Unschedulable). Two minutes later one reservation is deleted; the scheduler retries and
 * binds the pod (Scheduled). A node added with Engine.addNode works the same way.
 *
 * Timeline (s): 0 reservations Scheduled · 5 analytics FailedScheduling · 120 reservation-0 deleted ·
 * ~122 analytics Scheduled, Running · 300 all deleted · loops.
 */
import type { Scenario } from './types.ts';

export const failedScheduling: Scenario = {
  name: 'failed-scheduling',
  description: 'FailedScheduling (Insufficient memory) then Scheduled when a node frees up',
  start: (ctx) => {
    const { engine, namespace } = ctx;
    const play = (): void => {
      const reservations = [0, 1, 2].map((i) =>
        engine.createPod(namespace, {
          name: `reservation-${i}`,
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: 'pause',
                image: 'registry.k8s.io/pause:3.9',
                resources: { requests: { memory: '5Gi', cpu: '100m' } },
              },
            ],
          },
          behavior: { pause: { runs: [{ onSigterm: { after: 0, exitCode: 0 } }] } },
        }),
      );
      engine.after(5_000, () => {
        const pod = engine.createPod(namespace, {
          name: 'analytics',
          spec: {
            containers: [
              {
                name: 'spark',
                image: 'apache/spark:3.5.1',
                resources: { requests: { memory: '4Gi', cpu: '500m' }, limits: { memory: '4Gi' } },
              },
            ],
          },
        });
        engine.after(115_000, () => engine.deletePod(namespace, 'reservation-0'));
        engine.after(295_000, () => {
          engine.deletePod(namespace, 'analytics');
          for (const r of reservations) engine.deletePod(namespace, r.metadata?.name ?? '');
          engine.whenGone(pod.metadata?.uid ?? '', () => {
            if (ctx.loop) engine.after(30_000, play);
          });
        });
      });
    };
    play();
  },
};
