/**
 * init-failure: the init container (a migration) fails four times before it succeeds: the pod shows
 * Init:Error, then Init:CrashLoopBackOff while the kubelet backs off (restart at once, then 10 s,
 * 20 s, 40 s), phase Pending throughout; the fifth run succeeds and the app starts.
 *
 * Timeline (s): ~3 init-migrate Started · +2 exit 1 (Init:Error) · restart · +2 exit 1 · back-off 10 ·
 * … · ~90 Completed, app Running · 400 deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const initFailure: Scenario = {
  name: 'init-failure',
  description: 'An init container fails and is restarted with back-off (Init:Error → Init:CrashLoopBackOff)',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'migrate-demo',
          labels: { app: 'migrate-demo' },
          spec: {
            initContainers: [
              {
                name: 'init-migrate',
                image: 'migrate/migrate:v4.17.0',
                args: ['-path', '/migrations', 'up'],
              },
            ],
            containers: [{ name: 'app', image: 'nginx:1.27' }],
          },
          behavior: {
            'init-migrate': {
              runs: [
                { exitAfter: 2, exitCode: 1 },
                { exitAfter: 2, exitCode: 1 },
                { exitAfter: 2, exitCode: 1 },
                { exitAfter: 2, exitCode: 1 },
                { exitAfter: 4, exitCode: 0 },
              ],
            },
          },
        },
        400_000,
        done,
      ),
    ),
};
