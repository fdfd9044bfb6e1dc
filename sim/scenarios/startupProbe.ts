/**
 * startup-probe: a slow Java-like service with a startup probe (period 10 s, threshold 4) that holds
 * back liveness. The first run needs 45 s to come up: the startup probe fails at 0, 10, 20, 30 s
 * (Unhealthy "Startup probe failed: … connection refused"), the kubelet kills it ("failed startup
 * probe, will be restarted", exit 143) and starts it again at once; the second run is up after 25 s:
 * started=true at 30 s, then liveness and readiness begin and the pod turns Ready.
 *
 * Timeline (s after first Started): 30 Killing · 30 restart · 60 started=true · ~60 Ready · 300
 * after creation deleted · loops.
 */
import { podForAWhile, repeat } from './repeat.ts';
import type { Scenario } from './types.ts';

export const startupProbe: Scenario = {
  name: 'startup-probe',
  description: 'A startup probe gates liveness; a too-slow start is killed and restarted',
  start: (ctx) =>
    repeat(ctx, (done) =>
      podForAWhile(
        ctx,
        {
          name: 'slow-start',
          spec: {
            containers: [
              {
                name: 'api',
                image: 'europe-west2-docker.pkg.dev/demo/repo/bq-api-service:1.1.1',
                ports: [{ containerPort: 8080, name: 'http8080' }],
                startupProbe: {
                  httpGet: { path: '/actuator/info', port: 8080 },
                  periodSeconds: 10,
                  failureThreshold: 4,
                },
                livenessProbe: {
                  httpGet: { path: '/actuator/health/liveness', port: 8080 },
                  periodSeconds: 10,
                },
                readinessProbe: {
                  httpGet: { path: '/actuator/health/readiness', port: 8080 },
                  periodSeconds: 5,
                },
              },
            ],
          },
          behavior: { api: { runs: [{ warmup: 45 }, { warmup: 25 }] } },
        },
        300_000,
        done,
      ),
    ),
};
