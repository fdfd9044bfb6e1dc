/**
 * busy-cluster: load. `namespaces` namespaces (busy-1 …), each with a Deployment `web` holding half
 * of `podsPerNamespace` healthy pods and standalone pods that mix the other scenarios' lifecycles
 * (crash loops, liveness restarts, OOM kills, readiness flaps, completing jobs, hook failures,
 * image pull errors). `churnPerMinute` times a minute, spread at seeded random, something changes:
 * a standalone pod is deleted and replaced by a new one, a Deployment pod is deleted (its
 * ReplicaSet replaces it), or a Deployment rolls out a new image.
 *
 * Timeline: everything created at the start (scheduled within seconds); churn from then on, forever.
 */
import type { Engine, PodInput } from '../engine/index.ts';
import type { Scenario } from './types.ts';

export type BusyClusterOptions = { namespaces?: number; podsPerNamespace?: number; churnPerMinute?: number };

type Kind = { name: string; input: (name: string) => PodInput };

const app = (image: string, extra: Record<string, unknown> = {}) => ({ name: 'app', image, ...extra });

const KINDS: Kind[] = [
  { name: 'steady', input: (name) => ({ name, spec: { containers: [app('nginx:1.27')] } }) },
  {
    name: 'crash',
    input: (name) => ({
      name,
      spec: { containers: [app('busybox:1.36', { command: ['sh', '-c', 'exit 1'] })] },
      behavior: { app: { runs: [{ exitAfter: 2, exitCode: 1 }] } },
    }),
  },
  {
    name: 'liveness',
    input: (name) => ({
      name,
      spec: {
        containers: [
          app('registry.k8s.io/busybox:1.27.2', {
            livenessProbe: {
              exec: { command: ['cat', '/tmp/healthy'] },
              initialDelaySeconds: 5,
              periodSeconds: 5,
            },
          }),
        ],
      },
      behavior: { app: { runs: [{ unhealthyAfter: 30, onSigterm: null }] } },
    }),
  },
  {
    name: 'oom',
    input: (name) => ({
      name,
      spec: { containers: [app('polinux/stress:1.0.4', { resources: { limits: { memory: '128Mi' } } })] },
      behavior: { app: { runs: [{ oomAfter: 40 }] } },
    }),
  },
  {
    name: 'flappy',
    input: (name) => ({
      name,
      spec: {
        containers: [
          app('nginx:1.27', { readinessProbe: { httpGet: { path: '/ready', port: 80 }, periodSeconds: 5 } }),
        ],
      },
      behavior: { app: { runs: [{ warmup: 10, unhealthyAfter: 120 }] } },
    }),
  },
  {
    name: 'job',
    input: (name) => ({
      name,
      spec: { restartPolicy: 'OnFailure', containers: [app('python:3.12-slim')] },
      behavior: { app: { runs: [{ exitAfter: 15, exitCode: 1 }, { exitAfter: 30 }] } },
    }),
  },
  {
    name: 'hook',
    input: (name) => ({
      name,
      spec: {
        containers: [
          app('nginx:1.27', {
            lifecycle: {
              postStart: { exec: { command: ['sh', '-c', 'register'] } },
              preStop: { exec: { command: ['sh', '-c', 'sleep 3'] } },
            },
          }),
        ],
      },
      behavior: {
        app: {
          runs: [
            { postStart: { seconds: 1 }, preStop: { seconds: 3 }, onSigterm: { after: 0, exitCode: 0 } },
          ],
        },
      },
    }),
  },
  {
    name: 'typo',
    input: (name) => ({
      name,
      spec: { containers: [app('registry.example.com/team/api:v1.0.0-typo')] },
      behavior: {
        app: { pull: { seconds: 1, error: 'rpc error: code = NotFound desc = manifest unknown' } },
      },
    }),
  },
];

const pick = <T>(engine: Engine, items: T[]): T | undefined =>
  items[Math.floor(engine.random() * items.length)];

export const busyCluster = ({
  namespaces = 5,
  podsPerNamespace = 10,
  churnPerMinute = 6,
}: BusyClusterOptions = {}): Scenario => ({
  name: 'busy-cluster',
  description: `Load: ${namespaces} namespaces × ${podsPerNamespace} pods mixing every lifecycle, ${churnPerMinute} changes a minute`,
  start: (ctx) => {
    const { engine } = ctx;
    const names = Array.from({ length: namespaces }, (_, i) => `busy-${i + 1}`);
    const replicas = Math.ceil(podsPerNamespace / 2);
    const standalone = podsPerNamespace - replicas;
    let serial = 0;
    let version = 26;
    const createStandalone = (ns: string, index: number): void => {
      const kind = KINDS[index % KINDS.length]!;
      engine.createPod(ns, kind.input(`${kind.name}-${(serial++).toString(36)}`));
    };
    for (const ns of names) {
      engine.ensureNamespace(ns);
      engine.createDeployment(ns, {
        name: 'web',
        replicas,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              app('nginx:1.26', { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }),
            ],
          },
        },
      });
      for (let i = 0; i < standalone; i++) createStandalone(ns, i);
    }
    if (churnPerMinute <= 0) return;
    const churn = (): void => {
      const ns = pick(engine, names);
      if (ns) {
        const dice = engine.random();
        const pods = engine.store.list('pods', ns).filter((p) => !p.metadata?.deletionTimestamp);
        const owned = pods.filter((p) => (p.metadata?.ownerReferences ?? []).length > 0);
        const own = pods.filter((p) => (p.metadata?.ownerReferences ?? []).length === 0);
        if (dice < 0.1) {
          version = version === 26 ? 27 : 26;
          engine.updateDeployment(ns, 'web', {
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  app(`nginx:1.${version}`, {
                    readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
                  }),
                ],
              },
            },
          });
        } else if (dice < 0.4) {
          const victim = pick(engine, owned);
          if (victim?.metadata?.name) engine.deletePod(ns, victim.metadata.name);
        } else {
          const victim = pick(engine, own);
          if (victim?.metadata?.name) {
            engine.deletePod(ns, victim.metadata.name);
            createStandalone(ns, Math.floor(engine.random() * KINDS.length));
          }
        }
      }
      // Exponential gaps: churnPerMinute changes a minute on average.
      engine.after(
        Math.max(100, Math.round((-Math.log(1 - engine.random()) * 60_000) / churnPerMinute)),
        churn,
      );
    };
    engine.after(Math.round(60_000 / churnPerMinute), churn);
  },
});
