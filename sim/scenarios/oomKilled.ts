/**
 * oomkilled: a container with a 128Mi limit that outgrows it 20 s after each start: terminated with
 * exit 137 reason OOMKilled, restarted with the crash-loop back-off.
 *
 * Timeline (s): ~3 Started · 23 OOMKilled · 24 restart · 44 OOMKilled · back-off 10 … · 600 deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const oomKilled: Scenario = {
  name: 'oomkilled',
  description: 'Memory limit exceeded: OOMKilled (exit 137), restarted with back-off',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'memory-hog',
          spec: {
            containers: [
              {
                name: 'app',
                image: 'polinux/stress:1.0.4',
                command: ['stress'],
                args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
                resources: { limits: { memory: '128Mi' }, requests: { memory: '64Mi' } },
              },
            ],
          },
          behavior: { app: { runs: [{ oomAfter: 20 }] } },
        },
        600_000,
        done,
      ),
    ),
};
