/**
 * prestop-sigkill: the preStop hook hangs; when the 30 s grace period runs out the kubelet gives
 * the one-off 2 s extension, sends SIGTERM (ignored), then SIGKILL: exit 137 reason Error; the
 * hook's exec dies with the container (FailedPreStopHook); phase Failed, then DELETED.
 *
 * Timeline (s): ~3 Running · 120 delete, Killing, preStop starts · 150 SIGTERM · 152 SIGKILL,
 * exit 137, FailedPreStopHook · 153 DELETED · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const preStopSigkill: Scenario = {
  name: 'prestop-sigkill',
  description: 'The grace period runs out during preStop: SIGKILL, exit 137, FailedPreStopHook',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'stubborn',
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'worker',
                image: 'busybox:1.36',
                command: ['sh', '-c', 'trap "" TERM; while true; do sleep 1; done'],
                lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 3600'] } } },
              },
            ],
          },
          behavior: { worker: { runs: [{ preStop: { seconds: 3600 }, onSigterm: null }] } },
        },
        120_000,
        done,
      ),
    ),
};
