// The ReplicaSet and Deployment controllers: keep the number of pods a ReplicaSet asks for, and roll
// a Deployment from one ReplicaSet to the next (maxSurge 25%, maxUnavailable 25%) with the revision
// annotations, status and events (SuccessfulCreate, SuccessfulDelete, ScalingReplicaSet) they write.
import type { KubeObject } from '../../store/types.ts';
import type { PodRecord, SimContext } from './context.ts';
import { rfc3339, templateHash } from './format.ts';
import { msg } from './messages.ts';
import type { PodBehavior, PodSpec } from './types.ts';

export type PodTemplate = {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
};

export type DeploymentInput = {
  name: string;
  replicas: number;
  template: PodTemplate;
  behavior?: PodBehavior;
  labels?: Record<string, string>;
};

export type ControllerApi = {
  createPod(
    namespace: string,
    input: {
      generateName: string;
      labels: Record<string, string>;
      annotations?: Record<string, string>;
      ownerReferences: unknown[];
      spec: PodSpec;
      behavior: PodBehavior;
    },
  ): KubeObject;
  deletePod(namespace: string, name: string): void;
};

export type Controllers = {
  createDeployment(namespace: string, input: DeploymentInput): KubeObject;
  /** A new pod template (and behaviour) starts a rollout; `replicas` scales. */
  updateDeployment(
    namespace: string,
    name: string,
    change: { template?: PodTemplate; behavior?: PodBehavior; replicas?: number },
  ): KubeObject | undefined;
  /** Deletes the Deployment; the garbage collector then deletes its ReplicaSets and their pods. */
  deleteDeployment(namespace: string, name: string): void;
  podChanged(rec: PodRecord): void;
};

type ReplicaSet = {
  uid: string;
  namespace: string;
  name: string;
  object: KubeObject;
  behavior: PodBehavior;
  deployment: string | undefined;
  pods: Set<string>;
  deleted: boolean;
};

type Deployment = {
  uid: string;
  namespace: string;
  name: string;
  object: KubeObject;
  behavior: PodBehavior;
  replicaSets: Set<string>;
  deleted: boolean;
};

const phaseOf = (rec: PodRecord): string | undefined =>
  (rec.object.status as { phase?: string } | undefined)?.phase;
const isReady = (rec: PodRecord): boolean =>
  (
    (rec.object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []
  ).some((c) => c.type === 'Ready' && c.status === 'True');
const isActive = (rec: PodRecord): boolean =>
  !rec.gone &&
  !rec.object.metadata?.deletionTimestamp &&
  phaseOf(rec) !== 'Succeeded' &&
  phaseOf(rec) !== 'Failed';

type RsSpec = { replicas: number; template: PodTemplate; selector: unknown };
type RsStatus = { replicas: number; readyReplicas?: number; availableReplicas?: number };
const rsSpec = (rs: ReplicaSet): RsSpec => rs.object.spec as RsSpec;
const rsStatus = (rs: ReplicaSet): RsStatus => (rs.object.status as RsStatus | undefined) ?? { replicas: 0 };
const generationOf = (o: KubeObject): number => {
  const g = o.metadata?.generation;
  return typeof g === 'number' ? g : 1;
};
const revisionOf = (o: KubeObject): number =>
  Number(o.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);

export const createControllers = (ctx: SimContext, api: ControllerApi): Controllers => {
  const replicaSets = new Map<string, ReplicaSet>();
  const deployments = new Map<string, Deployment>();
  const queued = new Set<string>();

  const enqueue = (key: string, run: () => void): void => {
    if (queued.has(key)) return;
    queued.add(key);
    ctx.after(0, () => {
      queued.delete(key);
      run();
    });
  };

  const save = (
    resource: 'replicasets.apps' | 'deployments.apps',
    holder: { object: KubeObject },
    next: KubeObject,
  ) => {
    if (JSON.stringify(next) === JSON.stringify(holder.object)) return;
    holder.object = ctx.store.update(resource, next);
  };

  // ---- ReplicaSet ---------------------------------------------------------------------------

  const syncReplicaSet = (rs: ReplicaSet): void => {
    if (rs.deleted) return;
    const spec = rsSpec(rs);
    const owned = [...rs.pods].map((uid) => ctx.pods.get(uid)).filter((r): r is PodRecord => !!r && !r.gone);
    const active = owned.filter(isActive);
    const diff = spec.replicas - active.length;
    if (diff > 0) {
      const labels = spec.template.metadata?.labels ?? {};
      for (let i = 0; i < diff; i++) {
        const pod = api.createPod(rs.namespace, {
          generateName: `${rs.name}-`,
          labels,
          annotations: spec.template.metadata?.annotations,
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              blockOwnerDeletion: true,
              controller: true,
              kind: 'ReplicaSet',
              name: rs.name,
              uid: rs.uid,
            },
          ],
          spec: structuredClone(spec.template.spec),
          behavior: rs.behavior,
        });
        const uid = pod.metadata?.uid ?? '';
        rs.pods.add(uid);
        const rec = ctx.pods.get(uid);
        if (rec) active.push(rec);
        ctx.recorder.controller(
          rs.object,
          'replicaset-controller',
          'Normal',
          'SuccessfulCreate',
          msg.createdPod(pod.metadata?.name ?? ''),
        );
      }
    } else if (diff < 0) {
      // Victims as the controller ranks them: unscheduled, pending, not ready, then the newest.
      const rank = (r: PodRecord) => (!r.node ? 0 : phaseOf(r) === 'Pending' ? 1 : !isReady(r) ? 2 : 3);
      const victims = [...active]
        .sort(
          (a, b) =>
            rank(a) - rank(b) ||
            (b.object.metadata?.creationTimestamp ?? '').localeCompare(
              a.object.metadata?.creationTimestamp ?? '',
            ),
        )
        .slice(0, -diff);
      for (const v of victims) {
        api.deletePod(v.namespace, v.name);
        ctx.recorder.controller(
          rs.object,
          'replicaset-controller',
          'Normal',
          'SuccessfulDelete',
          msg.deletedPod(v.name),
        );
      }
    }
    const stillActive = owned.filter(isActive);
    const ready = stillActive.filter(isReady).length;
    const next = structuredClone(rs.object);
    const status: Record<string, unknown> = {
      availableReplicas: ready,
      fullyLabeledReplicas: stillActive.length,
      observedGeneration: generationOf(next),
      readyReplicas: ready,
      replicas: stillActive.length,
    };
    if (ready === 0) {
      delete status.availableReplicas;
      delete status.readyReplicas;
    }
    next.status = status;
    save('replicasets.apps', rs, next);
    if (rs.deployment) {
      const d = deployments.get(rs.deployment);
      if (d) enqueue(`deploy/${d.uid}`, () => syncDeployment(d));
    }
  };

  const createReplicaSet = (
    d: Deployment,
    template: PodTemplate,
    hash: string,
    revision: number,
  ): ReplicaSet => {
    const uid = ctx.ids.uid();
    const name = `${d.name}-${hash}`;
    const dspec = d.object.spec as { replicas: number; selector: { matchLabels: Record<string, string> } };
    const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
    const object = ctx.store.create('replicasets.apps', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.namespace,
        uid,
        generation: 1,
        creationTimestamp: rfc3339(ctx.now()),
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(dspec.replicas),
          'deployment.kubernetes.io/max-replicas': String(dspec.replicas + Math.ceil(dspec.replicas * 0.25)),
          'deployment.kubernetes.io/revision': String(revision),
        },
        ownerReferences: [
          { apiVersion: 'apps/v1', controller: true, kind: 'Deployment', name: d.name, uid: d.uid },
        ] as never,
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { ...dspec.selector.matchLabels, 'pod-template-hash': hash } },
        template: { metadata: { ...template.metadata, labels }, spec: template.spec },
      },
      status: { replicas: 0 },
    });
    const rs: ReplicaSet = {
      uid,
      namespace: d.namespace,
      name,
      object,
      behavior: d.behavior,
      deployment: d.uid,
      pods: new Set(),
      deleted: false,
    };
    replicaSets.set(uid, rs);
    d.replicaSets.add(uid);
    return rs;
  };

  const scaleReplicaSet = (d: Deployment, rs: ReplicaSet, to: number): void => {
    const from = rsSpec(rs).replicas;
    if (from === to) return;
    const dspec = d.object.spec as { replicas: number };
    const next = structuredClone(rs.object);
    (next.spec as RsSpec).replicas = to;
    next.metadata = {
      ...next.metadata,
      generation: generationOf(next) + 1,
      annotations: {
        ...next.metadata?.annotations,
        'deployment.kubernetes.io/desired-replicas': String(dspec.replicas),
        'deployment.kubernetes.io/max-replicas': String(dspec.replicas + Math.ceil(dspec.replicas * 0.25)),
      },
    };
    rs.object = ctx.store.update('replicasets.apps', next);
    ctx.recorder.controller(
      d.object,
      'deployment-controller',
      'Normal',
      'ScalingReplicaSet',
      msg.scaled(to > from ? 'up' : 'down', rs.name, from, to),
    );
    enqueue(`rs/${rs.uid}`, () => syncReplicaSet(rs));
  };

  // ---- Deployment ---------------------------------------------------------------------------

  const syncDeployment = (d: Deployment): void => {
    if (d.deleted) return;
    const spec = d.object.spec as { replicas: number; template: PodTemplate };
    const replicas = spec.replicas;
    const hash = templateHash(spec.template);
    const owned = [...d.replicaSets]
      .map((uid) => replicaSets.get(uid))
      .filter((r): r is ReplicaSet => !!r && !r.deleted);
    let newRS = owned.find((rs) => rs.object.metadata?.labels?.['pod-template-hash'] === hash);
    const old = owned
      .filter((rs) => rs !== newRS)
      .sort((a, b) => revisionOf(a.object) - revisionOf(b.object));
    let created = false;
    if (!newRS) {
      const revision = Math.max(0, ...owned.map((rs) => revisionOf(rs.object))) + 1;
      newRS = createReplicaSet(d, spec.template, hash, revision);
      created = true;
    }
    newRS.behavior = d.behavior;
    const maxSurge = Math.ceil(replicas * 0.25);
    let maxUnavailable = Math.floor(replicas * 0.25);
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    const specSum = () => owned.concat(created ? [newRS] : []).reduce((n, rs) => n + rsSpec(rs).replicas, 0);
    // Scale the new ReplicaSet up within the surge, or down to the target.
    const newReplicas = rsSpec(newRS).replicas;
    if (newReplicas < replicas) {
      const allowed = replicas + maxSurge - specSum();
      if (allowed > 0) scaleReplicaSet(d, newRS, Math.min(replicas, newReplicas + allowed));
    } else if (newReplicas > replicas) scaleReplicaSet(d, newRS, replicas);
    // Scale old ReplicaSets down as far as availability allows: unhealthy pods first.
    const oldCount = old.reduce((n, rs) => n + rsSpec(rs).replicas, 0);
    if (oldCount > 0) {
      const minAvailable = replicas - maxUnavailable;
      const newUnavailable = rsSpec(newRS).replicas - (rsStatus(newRS).availableReplicas ?? 0);
      let budget = specSum() - minAvailable - newUnavailable;
      for (const rs of old) {
        if (budget <= 0) break;
        const unhealthy = rsSpec(rs).replicas - (rsStatus(rs).availableReplicas ?? 0);
        const n = Math.min(budget, unhealthy);
        if (n > 0) {
          scaleReplicaSet(d, rs, rsSpec(rs).replicas - n);
          budget -= n;
        }
      }
      const available = owned.reduce((n, rs) => n + (rsStatus(rs).availableReplicas ?? 0), 0);
      let scaleDown = Math.min(budget, available - minAvailable);
      for (const rs of old) {
        if (scaleDown <= 0) break;
        const n = Math.min(rsSpec(rs).replicas, scaleDown);
        if (n > 0) {
          scaleReplicaSet(d, rs, rsSpec(rs).replicas - n);
          scaleDown -= n;
        }
      }
    }
    writeDeploymentStatus(d, newRS, owned, created);
  };

  const writeDeploymentStatus = (
    d: Deployment,
    newRS: ReplicaSet,
    owned: ReplicaSet[],
    created: boolean,
  ): void => {
    const all = created ? [...owned, newRS] : owned;
    const spec = d.object.spec as { replicas: number };
    const sum = (f: (s: RsStatus) => number | undefined) =>
      all.reduce((n, rs) => n + (f(rsStatus(rs)) ?? 0), 0);
    const replicas = sum((s) => s.replicas);
    const ready = sum((s) => s.readyReplicas);
    const available = sum((s) => s.availableReplicas);
    const updated = rsStatus(newRS).replicas;
    const maxUnavailable = Math.max(
      Math.floor(spec.replicas * 0.25),
      Math.ceil(spec.replicas * 0.25) === 0 ? 1 : 0,
    );
    const next = structuredClone(d.object);
    const previous =
      (d.object.status as { conditions?: Record<string, string>[] } | undefined)?.conditions ?? [];
    const cond = (type: string, status: string, reason: string, message: string) => {
      const prev = previous.find((c) => c.type === type);
      const now = rfc3339(ctx.now());
      const same = prev && prev.status === status && prev.reason === reason && prev.message === message;
      return {
        lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
        lastUpdateTime: same ? prev.lastUpdateTime : now,
        message,
        reason,
        status,
        type,
      };
    };
    const availableOk = available >= spec.replicas - maxUnavailable;
    const done = updated === spec.replicas && replicas === spec.replicas && available === spec.replicas;
    next.metadata = {
      ...next.metadata,
      annotations: {
        ...next.metadata?.annotations,
        'deployment.kubernetes.io/revision': String(revisionOf(newRS.object)),
      },
    };
    const status: Record<string, unknown> = {
      availableReplicas: available,
      conditions: [
        availableOk
          ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : cond(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        done
          ? cond(
              'Progressing',
              'True',
              'NewReplicaSetAvailable',
              `ReplicaSet "${newRS.name}" has successfully progressed.`,
            )
          : created
            ? cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newRS.name}"`)
            : cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newRS.name}" is progressing.`),
      ],
      observedGeneration: generationOf(next),
      readyReplicas: ready,
      replicas,
      unavailableReplicas: Math.max(0, replicas - available),
      updatedReplicas: updated,
    };
    for (const k of ['availableReplicas', 'readyReplicas', 'unavailableReplicas'] as const) {
      if (status[k] === 0) delete status[k];
    }
    next.status = status;
    save('deployments.apps', d, next);
  };

  const findDeployment = (namespace: string, name: string): Deployment | undefined =>
    [...deployments.values()].find((d) => !d.deleted && d.namespace === namespace && d.name === name);

  return {
    createDeployment(namespace, input) {
      const uid = ctx.ids.uid();
      const labels = input.template.metadata?.labels ?? { app: input.name };
      const template: PodTemplate = { ...input.template, metadata: { ...input.template.metadata, labels } };
      const object = ctx.store.create('deployments.apps', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: input.name,
          namespace,
          uid,
          generation: 1,
          creationTimestamp: rfc3339(ctx.now()),
          labels: input.labels ?? labels,
          annotations: {},
        },
        spec: {
          progressDeadlineSeconds: 600,
          replicas: input.replicas,
          revisionHistoryLimit: 10,
          selector: { matchLabels: labels },
          strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
          template,
        },
        status: {},
      });
      const d: Deployment = {
        uid,
        namespace,
        name: input.name,
        object,
        behavior: input.behavior ?? {},
        replicaSets: new Set(),
        deleted: false,
      };
      deployments.set(uid, d);
      enqueue(`deploy/${uid}`, () => syncDeployment(d));
      return object;
    },

    updateDeployment(namespace, name, change) {
      const d = findDeployment(namespace, name);
      if (!d) return undefined;
      const next = structuredClone(d.object);
      const spec = next.spec as {
        replicas: number;
        template: PodTemplate;
        selector: { matchLabels: Record<string, string> };
      };
      if (change.template) {
        spec.template = {
          ...change.template,
          metadata: {
            ...change.template.metadata,
            labels: change.template.metadata?.labels ?? spec.selector.matchLabels,
          },
        };
      }
      if (change.replicas !== undefined) spec.replicas = change.replicas;
      if (change.behavior) d.behavior = change.behavior;
      next.metadata = { ...next.metadata, generation: generationOf(next) + 1 };
      d.object = ctx.store.update('deployments.apps', next);
      enqueue(`deploy/${d.uid}`, () => syncDeployment(d));
      return d.object;
    },

    deleteDeployment(namespace, name) {
      const d = findDeployment(namespace, name);
      if (!d) return;
      d.deleted = true;
      deployments.delete(d.uid);
      ctx.store.remove('deployments.apps', namespace, name);
      // Background propagation: the garbage collector removes the dependents afterwards.
      ctx.after(1000, () => {
        for (const uid of d.replicaSets) {
          const rs = replicaSets.get(uid);
          if (!rs) continue;
          rs.deleted = true;
          replicaSets.delete(uid);
          ctx.store.remove('replicasets.apps', rs.namespace, rs.name);
          for (const podUid of rs.pods) {
            const rec = ctx.pods.get(podUid);
            if (rec && !rec.gone) api.deletePod(rec.namespace, rec.name);
          }
        }
      });
    },

    podChanged(rec) {
      const owner = rec.object.metadata?.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
      if (!owner) return;
      const rs = replicaSets.get(owner.uid);
      if (!rs || rs.deleted) return;
      if (rec.gone) rs.pods.delete(rec.uid);
      enqueue(`rs/${rs.uid}`, () => syncReplicaSet(rs));
    },
  };
};
