// What the API server's defaulting and admission add to a pod that was created with only the
// essentials, so that the sim's pods carry the same fields as a real cluster's.
import type { KubeObject } from '../../store/types.ts';
import { parseQuantity } from './format.ts';
import type { ContainerSpec, PodSpec, Probe } from './types.ts';

const probeDefaults = (probe: Probe | undefined): Probe | undefined =>
  probe
    ? {
        ...probe,
        ...(probe.httpGet ? { httpGet: { path: '/', scheme: 'HTTP', ...probe.httpGet } } : {}),
        initialDelaySeconds: probe.initialDelaySeconds ?? 0,
        timeoutSeconds: probe.timeoutSeconds ?? 1,
        periodSeconds: probe.periodSeconds ?? 10,
        successThreshold: probe.successThreshold ?? 1,
        failureThreshold: probe.failureThreshold ?? 3,
      }
    : undefined;

const pullPolicyFor = (image: string): 'Always' | 'IfNotPresent' => {
  const tag = /:([^/:@]+)$/.exec(image)?.[1];
  return image.includes('@') || (tag !== undefined && tag !== 'latest') ? 'IfNotPresent' : 'Always';
};

const containerDefaults = (c: ContainerSpec, tokenVolume: string): ContainerSpec => {
  const out: ContainerSpec = {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? pullPolicyFor(c.image),
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    volumeMounts: [
      ...((c.volumeMounts as unknown[] | undefined) ?? []),
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: tokenVolume, readOnly: true },
    ],
  };
  if (c.ports) out.ports = c.ports.map((p) => ({ protocol: 'TCP', ...p }));
  const liveness = probeDefaults(c.livenessProbe);
  const readiness = probeDefaults(c.readinessProbe);
  const startup = probeDefaults(c.startupProbe);
  if (liveness) out.livenessProbe = liveness;
  if (readiness) out.readinessProbe = readiness;
  if (startup) out.startupProbe = startup;
  return out;
};

/** Fills the defaults the API server would (pull policy, grace period, tolerations, token volume, probe fields). */
export const applyPodDefaults = (spec: PodSpec, tokenSuffix: string): PodSpec => {
  const tokenVolume = `kube-api-access-${tokenSuffix}`;
  const out: PodSpec = {
    ...spec,
    containers: spec.containers.map((c) => containerDefaults(c, tokenVolume)),
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    enableServiceLinks: spec.enableServiceLinks ?? true,
    preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
    priority: spec.priority ?? 0,
    restartPolicy: spec.restartPolicy ?? 'Always',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    securityContext: spec.securityContext ?? {},
    serviceAccount: spec.serviceAccountName ?? 'default',
    serviceAccountName: spec.serviceAccountName ?? 'default',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    tolerations: spec.tolerations ?? [
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
    ],
    volumes: [
      ...((spec.volumes as unknown[] | undefined) ?? []),
      {
        name: tokenVolume,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            {
              downwardAPI: {
                items: [
                  { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' },
                ],
              },
            },
          ],
        },
      },
    ],
  };
  if (spec.initContainers)
    out.initContainers = spec.initContainers.map((c) => containerDefaults(c, tokenVolume));
  return out;
};

/** The pod's requests as the scheduler sums them: max(sum of app containers, largest init container). */
export const podRequests = (spec: PodSpec): { cpu: number; memory: number } => {
  const sum = { cpu: 0, memory: 0 };
  for (const c of spec.containers) {
    sum.cpu += parseQuantity(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    sum.memory += parseQuantity(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
  }
  for (const c of spec.initContainers ?? []) {
    sum.cpu = Math.max(sum.cpu, parseQuantity(c.resources?.requests?.cpu));
    sum.memory = Math.max(sum.memory, parseQuantity(c.resources?.requests?.memory));
  }
  return sum;
};

/** status.qosClass as the API computes it. */
export const qosClass = (spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' => {
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined || parseQuantity(l) !== parseQuantity(q)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
};

export const podSpecOf = (pod: KubeObject): PodSpec => pod.spec as PodSpec;
