/**
 * poststart-failure: the postStart hook fails after 2 s on every run: FailedPostStartHook, then
 * Killing (message FailedPostStartHook), the container exits 0 on SIGTERM (nginx), waits with
 * PostStartHookError, and is restarted with the crash-loop back-off.
 *
 * Timeline (s): ~3 Started · +2 FailedPostStartHook, Killing · +1 exit 0 · restart · … back-off 10,
 * 20, 40 … · 360 deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

const COMMAND = ['sh', '-c', 'curl -sf http://config-server/register'];

export const postStartFailure: Scenario = {
  name: 'poststart-failure',
  description: 'A failing postStart hook: FailedPostStartHook, container killed and restarted',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'poststart-fail',
          spec: {
            containers: [
              { name: 'app', image: 'nginx:1.27', lifecycle: { postStart: { exec: { command: COMMAND } } } },
            ],
          },
          behavior: {
            app: {
              runs: [
                {
                  postStart: {
                    seconds: 2,
                    error: `command '${COMMAND.join(' ')}' exited with 7: `,
                    output: '',
                  },
                  onSigterm: { after: 1, exitCode: 0 },
                },
              ],
            },
          },
        },
        360_000,
        done,
      ),
    ),
};
