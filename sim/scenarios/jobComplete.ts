/**
 * job-complete: Job-like pods. `report` (restartPolicy OnFailure) fails once (exit 1, restarted),
 * then exits 0: Completed, phase Succeeded, Ready False (PodCompleted). `backup` (restartPolicy Never)
 * exits 0 after 20 s: Succeeded. Both stay until deleted two minutes later.
 *
 * Timeline (s): ~3 report Started · 8 exit 1 · 9 restart · 19 exit 0, Succeeded · ~23 backup exit 0,
 * Succeeded · 180 deleted · loops.
 */
import type { Scenario } from './types.ts';

export const jobComplete: Scenario = {
  name: 'job-complete',
  description: 'restartPolicy OnFailure/Never pods that complete: Succeeded, reason Completed',
  start: (ctx) => {
    const { engine, namespace } = ctx;
    const play = (): void => {
      const report = engine.createPod(namespace, {
        name: 'report',
        labels: { 'batch.kubernetes.io/job-name': 'report', 'job-name': 'report' },
        spec: {
          restartPolicy: 'OnFailure',
          containers: [{ name: 'report', image: 'python:3.12-slim', command: ['python', '/app/report.py'] }],
        },
        behavior: {
          report: {
            runs: [
              { exitAfter: 5, exitCode: 1 },
              { exitAfter: 10, exitCode: 0 },
            ],
          },
        },
      });
      engine.createPod(namespace, {
        name: 'backup',
        labels: { 'batch.kubernetes.io/job-name': 'backup', 'job-name': 'backup' },
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'backup', image: 'postgres:16', command: ['pg_dump', '-f', '/backup/db.sql'] },
          ],
        },
        behavior: { backup: { runs: [{ exitAfter: 20 }] } },
      });
      engine.after(180_000, () => {
        engine.deletePod(namespace, 'report');
        engine.deletePod(namespace, 'backup');
        engine.whenGone(report.metadata?.uid ?? '', () => {
          if (ctx.loop) engine.after(20_000, play);
        });
      });
    };
    play();
  },
};
