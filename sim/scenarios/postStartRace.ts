/**
 * poststart-race: the postStart hook runs alongside the entrypoint for 8 s; the container's process
 * starts at once (Started event, startedAt), but the status shows it waiting (ContainerCreating)
 * until the hook returns, and only then Running and Ready.
 *
 * Timeline (s): ~3 Started (startedAt) · ~11 hook done: Running, Ready · 180 deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const postStartRace: Scenario = {
  name: 'poststart-race',
  description:
    'postStart runs concurrently with the entrypoint; the container is not Running until it is done',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'poststart-demo',
          spec: {
            containers: [
              {
                name: 'app',
                image: 'nginx:1.27',
                lifecycle: {
                  postStart: {
                    exec: { command: ['sh', '-c', 'sleep 8; echo postStart done >> /var/log/testlog.log'] },
                  },
                },
              },
            ],
          },
          behavior: { app: { runs: [{ postStart: { seconds: 8 }, onSigterm: { after: 0, exitCode: 0 } }] } },
        },
        180_000,
        done,
      ),
    ),
};
