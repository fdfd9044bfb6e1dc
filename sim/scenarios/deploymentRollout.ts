/**
 * deployment-rollout: Deployment `shop` (4 replicas, nginx:1.26) with readiness and a preStop hook.
 * After two minutes its image becomes nginx:1.27: a new ReplicaSet (revision 2) is scaled up within
 * maxSurge 25%, old pods are deleted gracefully as new ones turn Ready (ScalingReplicaSet,
 * SuccessfulCreate, SuccessfulDelete, Killing), until every pod runs the new template. Three minutes
 * later the Deployment is deleted (its ReplicaSets and pods follow) and the play starts over.
 *
 * Timeline (s): ~5 four pods Ready · 120 rollout starts · ~160 rollout done · 300 deleted · 330 again.
 */
import type { PodTemplate } from '../engine/index.ts';
import type { Scenario } from './types.ts';

const template = (image: string): PodTemplate => ({
  metadata: { labels: { app: 'shop' } },
  spec: {
    containers: [
      {
        name: 'web',
        image,
        ports: [{ containerPort: 80 }],
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 },
        lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 5'] } } },
      },
    ],
  },
});

export const deploymentRollout: Scenario = {
  name: 'deployment-rollout',
  description: 'A Deployment rolling update: new ReplicaSet up, old pods terminated gracefully',
  start: (ctx) => {
    const { engine, namespace } = ctx;
    const behavior = {
      web: { runs: [{ warmup: 3, preStop: { seconds: 5 }, onSigterm: { after: 1, exitCode: 0 } }] },
    };
    const play = (): void => {
      engine.createDeployment(namespace, {
        name: 'shop',
        replicas: 4,
        template: template('nginx:1.26'),
        behavior,
      });
      engine.after(120_000, () =>
        engine.updateDeployment(namespace, 'shop', { template: template('nginx:1.27') }),
      );
      engine.after(300_000, () => {
        engine.deleteDeployment(namespace, 'shop');
        if (ctx.loop) engine.after(60_000, play);
      });
    };
    play();
  },
};
