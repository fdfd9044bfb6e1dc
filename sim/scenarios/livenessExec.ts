/**
 * liveness-exec: the documentation's liveness example. The container creates /tmp/healthy, removes
 * it after 30 s; the exec probe (`cat /tmp/healthy`, delay 5 s, period 5 s, threshold 3) fails at
 * 30, 35, 40 s (Unhealthy), the kubelet says Killing ("failed liveness probe, will be restarted");
 * the shell ignores SIGTERM, so SIGKILL comes after the 30 s grace period: exit 137 reason Error.
 * The kubelet starts it again at once (a liveness restart is not backed off): one restart every 70 s.
 *
 * Timeline (s after Started): 30/35/40 Unhealthy · 40 Killing · 70 exit 137, restartCount 1,
 * Started · 140 restartCount 2 · … · 600 after creation deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const livenessExec: Scenario = {
  name: 'liveness-exec',
  description: 'A failing liveness exec probe restarts the container (Unhealthy, Killing, exit 137)',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'liveness-exec',
          labels: { test: 'liveness' },
          spec: {
            containers: [
              {
                name: 'liveness',
                image: 'registry.k8s.io/busybox:1.27.2',
                args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
                livenessProbe: {
                  exec: { command: ['cat', '/tmp/healthy'] },
                  initialDelaySeconds: 5,
                  periodSeconds: 5,
                },
              },
            ],
          },
          behavior: {
            liveness: {
              runs: [{ unhealthyAfter: 30, onSigterm: null }],
              probeOutput: { liveness: "cat: can't open '/tmp/healthy': No such file or directory" },
            },
          },
        },
        600_000,
        done,
      ),
    ),
};
