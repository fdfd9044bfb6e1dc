/**
 * readiness-dependency: `api` checks redis in its readiness probe (period 5 s, threshold 3). When
 * the redis pod is deleted the probe fails (Unhealthy "Readiness probe failed: HTTP probe failed with
 * statuscode: 503"), after three failures Ready and ContainersReady turn False (ContainersNotReady)
 * while the container keeps running; when redis is back and ready, api is Ready again.
 *
 * Timeline (s): ~10 both Ready · 120 redis deleted · ~135 api Ready=False · 240 redis recreated ·
 * ~250 api Ready=True · every 240 s again while looping.
 */
import type { Scenario } from './types.ts';

export const readinessDependency: Scenario = {
  name: 'readiness-dependency',
  description: 'Readiness lost when a dependency goes away and regained when it returns',
  start: (ctx) => {
    const { engine, namespace } = ctx;
    const startRedis = (): void => {
      const pod = engine.createPod(namespace, {
        name: 'redis',
        labels: { app: 'redis' },
        spec: {
          containers: [
            {
              name: 'redis',
              image: 'redis:7.2',
              ports: [{ containerPort: 6379 }],
              readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 5 },
            },
          ],
        },
        behavior: { redis: { runs: [{ warmup: 2, onSigterm: { after: 0, exitCode: 0 } }] } },
      });
      engine.after(8_000, () => engine.setDependency('redis', true));
      engine.after(120_000, () => {
        engine.deletePod(namespace, 'redis');
        engine.setDependency('redis', false);
        engine.whenGone(pod.metadata?.uid ?? '', () => {
          if (ctx.loop) engine.after(120_000, startRedis);
        });
      });
    };
    engine.setDependency('redis', false);
    startRedis();
    engine.createPod(namespace, {
      name: 'api',
      labels: { app: 'api' },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'quay.io/kubernetes-for-developers/nodejs:0.3.0',
            ports: [{ containerPort: 3000, name: 'http' }],
            livenessProbe: {
              httpGet: { path: '/probes/alive', port: 3000 },
              initialDelaySeconds: 1,
              periodSeconds: 5,
            },
            readinessProbe: {
              httpGet: { path: '/probes/ready', port: 3000 },
              initialDelaySeconds: 5,
              periodSeconds: 5,
            },
          },
        ],
      },
      behavior: { api: { runs: [{ dependsOn: 'redis' }] } },
    });
  },
};
