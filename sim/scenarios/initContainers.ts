/**
 * init-containers: two init containers run one after the other, each ends Completed (exit 0),
 * then the app container starts.
 *
 * Timeline (s after creation): 0 Scheduled · ~1 sandbox, Pulling busybox · ~3 init-config Started ·
 * +3 init-config Completed · +1 init-wait-db Started · +5 Completed, Initialized=True · app Pulling,
 * Started, Ready · 300 deleted (Killing, exit 0) · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const initContainers: Scenario = {
  name: 'init-containers',
  description: 'Init containers run in order, each Completed, then the app starts',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'init-demo',
          labels: { app: 'init-demo' },
          spec: {
            initContainers: [
              {
                name: 'init-config',
                image: 'busybox:1.36',
                command: ['sh', '-c', 'echo Initializing...; sleep 3'],
              },
              {
                name: 'init-wait-db',
                image: 'busybox:1.36',
                command: ['sh', '-c', 'until nslookup db; do echo waiting for db; sleep 2; done'],
              },
            ],
            containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
          },
          behavior: {
            'init-config': { runs: [{ exitAfter: 3 }] },
            'init-wait-db': { runs: [{ exitAfter: 5 }] },
            app: { runs: [{ onSigterm: { after: 1, exitCode: 0 } }] },
          },
        },
        300_000,
        done,
      ),
    ),
};
