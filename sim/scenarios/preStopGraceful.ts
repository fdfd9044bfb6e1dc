/**
 * prestop-graceful: on deletion the pod gets deletionTimestamp (now + 30 s) and
 * deletionGracePeriodSeconds 30; the kubelet says Killing, runs preStop (`nginx -s quit`, 5 s),
 * sends SIGTERM, nginx exits 0 a second later (Completed), the pod ends Succeeded and is DELETED.
 *
 * Timeline (s): ~3 Running · 120 delete: Terminating, Killing · 125 SIGTERM · 126 exit 0 ·
 * 127 DELETED · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const preStopGraceful: Scenario = {
  name: 'prestop-graceful',
  description: 'preStop then SIGTERM within terminationGracePeriodSeconds, then DELETED',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'graceful',
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                lifecycle: {
                  preStop: {
                    exec: {
                      command: ['/bin/sh', '-c', 'nginx -s quit; while killall -0 nginx; do sleep 1; done'],
                    },
                  },
                },
              },
            ],
          },
          behavior: { web: { runs: [{ preStop: { seconds: 5 }, onSigterm: { after: 1, exitCode: 0 } }] } },
        },
        120_000,
        done,
      ),
    ),
};
