/**
 * crashloop: the container exits 1 three seconds after every start. The kubelet restarts it at once
 * the first time, then backs off 10, 20, 40, 80, 160 s and 300 s from then on; between runs the
 * container waits in CrashLoopBackOff ("back-off 40s restarting failed container=app pod=…") and
 * BackOff events repeat.
 *
 * Timeline (s): ~3 Started · 6 exit 1 · 7 restart · 10 exit 1 · 20 restart · … · 1500 deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const crashLoop: Scenario = {
  name: 'crashloop',
  description: 'Exit 1 on every start → CrashLoopBackOff with growing back-off',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'crasher',
          spec: {
            containers: [
              {
                name: 'app',
                image: 'busybox:1.36',
                command: ['sh', '-c', 'echo "config missing"; sleep 3; exit 1'],
              },
            ],
          },
          behavior: { app: { runs: [{ exitAfter: 3, exitCode: 1 }] } },
        },
        1_500_000,
        done,
      ),
    ),
};
