// The scenario engine: a discrete-event simulation on a virtual clock. Timed actions sit in a
// queue; advanceTo/step play them in time order and move the clock, so an hour of cluster life
// runs in milliseconds and the same seed gives the same history. The scheduler, the kubelets and
// the controllers write every change through the ObjectStore, as the real components write
// through the API server.
import type { KubeObject } from '../../store/types.ts';
import type { ObjectStore } from '../types.ts';
import { createActionQueue, type Timer } from './actionQueue.ts';
import type { PodRecord, SimContext } from './context.ts';
import { createControllers, type DeploymentInput, type PodTemplate } from './controllers.ts';
import { createIds, rfc3339 } from './format.ts';
import { createKubelet } from './kubelet.ts';
import type { ManualClock } from './ManualClock.ts';
import { defaultNodes, type NodeInput, nodeObject, refreshNodeStatus } from './nodes.ts';
import { applyPodDefaults, qosClass } from './podDefaults.ts';
import { createRecorder } from './recorder.ts';
import { createScheduler } from './scheduler.ts';
import type { PodBehavior, PodSpec } from './types.ts';

export type EngineOptions = {
  store: ObjectStore;
  clock: ManualClock;
  /** Seeded randomness (names, ids, pull times); the same seed replays the same history. */
  random?: () => number;
  /** Nodes to register at start (default: one control plane and three workers, 4 CPU / 8Gi each). */
  nodes?: NodeInput[];
  /** How long Events live after their last write (the API server's --event-ttl). Default 1 h. */
  eventTtlMs?: number;
};

export type PodInput = {
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  spec: PodSpec;
  /** What each container's process does, by container name. */
  behavior?: PodBehavior;
};

export type Engine = {
  readonly store: ObjectStore;
  readonly clock: ManualClock;
  readonly random: () => number;
  now(): number;
  /** Runs `run` when the virtual clock reaches `time` (epoch ms). */
  at(time: number, run: () => void): Timer;
  after(ms: number, run: () => void): Timer;
  /** Plays the next due action (moving the clock to it); false when nothing is queued. */
  step(): boolean;
  /** Plays every action due up to `time`, then sets the clock to `time`. Returns how many ran. */
  advanceTo(time: number): number;
  advanceBy(ms: number): number;
  /** When the next action is due, if any. */
  nextAt(): number | undefined;
  pending(): number;

  ensureNamespace(name: string): KubeObject;
  addNode(input: NodeInput): KubeObject;
  createPod(namespace: string, input: PodInput): KubeObject;
  /** Deletes like the API server: deletionTimestamp + grace period, the kubelet stops it, then DELETED. */
  deletePod(namespace: string, name: string, options?: { gracePeriodSeconds?: number }): boolean;
  /** The node's eviction manager evicts the pod (phase Failed, reason Evicted). */
  evictPod(namespace: string, name: string, options: { message: string }): boolean;
  getPod(namespace: string, name: string): KubeObject | undefined;
  createDeployment(namespace: string, input: DeploymentInput): KubeObject;
  updateDeployment(
    namespace: string,
    name: string,
    change: { template?: PodTemplate; behavior?: PodBehavior; replicas?: number },
  ): KubeObject | undefined;
  deleteDeployment(namespace: string, name: string): void;
  /** Turns a dependency that readiness probes check (RunBehavior.dependsOn) up or down. */
  setDependency(name: string, up: boolean): void;
  /** Calls `run` once the pod with this uid is gone from the store. */
  whenGone(uid: string, run: () => void): void;
};

const NODE_STATUS_REPORT_MS = 5 * 60_000;
const MAX_ACTIONS_PER_ADVANCE = 50_000_000;

/** A small seeded generator (mulberry32), for callers that have no random source of their own. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const createEngine = ({
  store,
  clock,
  random = seededRandom(1),
  nodes = defaultNodes,
  eventTtlMs = 60 * 60_000,
}: EngineOptions): Engine => {
  const queue = createActionQueue();
  const ids = createIds(random);
  const at = (time: number, run: () => void): Timer => queue.push(Math.max(time, clock.now()), run);
  const after = (ms: number, run: () => void): Timer => at(clock.now() + ms, run);
  const byName = new Map<string, string>();
  const podKey = (namespace: string, name: string) => `${namespace}/${name}`;

  const ctx: SimContext = {
    store,
    clock,
    random,
    ids,
    recorder: createRecorder({
      store,
      now: () => clock.now(),
      at,
      hex: ids.hex,
      ttlMs: eventTtlMs,
      schedulerInstance: 'default-scheduler-sim-control-plane',
    }),
    now: () => clock.now(),
    at,
    after,
    pods: new Map(),
    nodes: new Map(),
    dependencies: new Map(),
    savePod(rec, mutate) {
      if (rec.gone) return;
      // The store copies what it is given; fresh top-level parts are enough to keep ours intact.
      const o = rec.object;
      const next: KubeObject = { ...o, metadata: { ...o.metadata }, spec: { ...(o.spec as object) } };
      if (o.status) next.status = { ...(o.status as object) };
      mutate(next);
      rec.object = store.update('pods', next);
    },
    removePod(rec) {
      if (rec.gone) return;
      store.remove('pods', rec.namespace, rec.name);
      rec.gone = true;
      byName.delete(podKey(rec.namespace, rec.name));
      for (const run of rec.onGone.splice(0)) run();
      ctx.podChanged(rec);
      ctx.pods.delete(rec.uid);
    },
    podChanged(rec) {
      controllers.podChanged(rec);
      const phase = (rec.object.status as { phase?: string } | undefined)?.phase;
      if (rec.gone || phase === 'Succeeded' || phase === 'Failed') scheduler.clusterChanged();
    },
  };

  const kubelet = createKubelet(ctx);
  const scheduler = createScheduler(ctx, (rec) => kubelet.admit(rec));

  const createPod = (namespace: string, input: PodInput): KubeObject => {
    const name = input.name ?? `${input.generateName ?? 'pod-'}${ids.suffix()}`;
    if (byName.has(podKey(namespace, name))) throw new Error(`pod ${namespace}/${name} already exists`);
    const uid = ids.uid();
    const spec = applyPodDefaults(input.spec, ids.suffix());
    const metadata: KubeObject['metadata'] = {
      name,
      namespace,
      uid,
      creationTimestamp: rfc3339(clock.now()),
    };
    if (input.generateName) metadata.generateName = input.generateName;
    if (input.labels) metadata.labels = input.labels;
    if (input.annotations) metadata.annotations = input.annotations;
    if (input.ownerReferences) metadata.ownerReferences = input.ownerReferences as never;
    const object = store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec,
      status: { phase: 'Pending', qosClass: qosClass(spec) },
    });
    const rec: PodRecord = {
      uid,
      namespace,
      name,
      object,
      behavior: input.behavior ?? {},
      node: spec.nodeName,
      gone: false,
      onGone: [],
    };
    ctx.pods.set(uid, rec);
    byName.set(podKey(namespace, name), uid);
    if (rec.node) after(0, () => kubelet.admit(rec));
    else scheduler.enqueue(rec);
    return object;
  };

  const recOf = (namespace: string, name: string): PodRecord | undefined => {
    const uid = byName.get(podKey(namespace, name));
    return uid ? ctx.pods.get(uid) : undefined;
  };

  const deletePod = (
    namespace: string,
    name: string,
    options: { gracePeriodSeconds?: number } = {},
  ): boolean => {
    const rec = recOf(namespace, name);
    if (!rec || rec.gone || rec.object.metadata?.deletionTimestamp) return false;
    const spec = rec.object.spec as PodSpec;
    const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    if (!rec.node || grace === 0) {
      // Never scheduled, or forced: the API server removes it at once.
      ctx.removePod(rec);
      return true;
    }
    ctx.savePod(rec, (pod) => {
      pod.metadata = {
        ...pod.metadata,
        deletionTimestamp: rfc3339(clock.now() + grace * 1000),
        deletionGracePeriodSeconds: grace,
      };
    });
    ctx.podChanged(rec);
    kubelet.terminate(rec, grace);
    return true;
  };

  const controllers = createControllers(ctx, {
    createPod: (namespace, input) => createPod(namespace, input),
    deletePod: (namespace, name) => {
      deletePod(namespace, name);
    },
  });

  const ensureNamespace = (name: string): KubeObject => {
    const existing = store.get('namespaces', undefined, name);
    if (existing) return existing;
    return store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: ids.uid(),
        creationTimestamp: rfc3339(clock.now()),
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  };

  const addNode = (input: NodeInput): KubeObject => {
    const state = nodeObject(input, ctx.nodes.size, clock.now(), ids.uid());
    state.object = store.create('nodes', state.object);
    ctx.nodes.set(state.name, state);
    const report = (): void => {
      state.object = store.update('nodes', refreshNodeStatus(state.object, clock.now()));
      after(NODE_STATUS_REPORT_MS, report);
    };
    after(NODE_STATUS_REPORT_MS, report);
    scheduler.clusterChanged();
    return state.object;
  };

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) ensureNamespace(ns);
  for (const n of nodes) addNode(n);

  const step = (): boolean => {
    const next = queue.pop();
    if (!next) return false;
    if (next.at > clock.now()) clock.set(next.at);
    next.run();
    return true;
  };

  const advanceTo = (time: number): number => {
    let ran = 0;
    for (;;) {
      const t = queue.peekTime();
      if (t === undefined || t > time) break;
      step();
      ran += 1;
      if (ran > MAX_ACTIONS_PER_ADVANCE) throw new Error('engine: too many actions in one advance (a loop?)');
    }
    if (time > clock.now()) clock.set(time);
    return ran;
  };

  return {
    store,
    clock,
    random,
    now: () => clock.now(),
    at,
    after,
    step,
    advanceTo,
    advanceBy: (ms) => advanceTo(clock.now() + ms),
    nextAt: () => queue.peekTime(),
    pending: () => queue.size(),
    ensureNamespace,
    addNode,
    createPod,
    deletePod,
    evictPod(namespace, name, options) {
      const rec = recOf(namespace, name);
      if (!rec || rec.gone || !kubelet.has(rec.uid)) return false;
      kubelet.evict(rec, options);
      return true;
    },
    getPod: (namespace, name) => recOf(namespace, name)?.object,
    createDeployment: (namespace, input) => controllers.createDeployment(namespace, input),
    updateDeployment: (namespace, name, change) => controllers.updateDeployment(namespace, name, change),
    deleteDeployment: (namespace, name) => controllers.deleteDeployment(namespace, name),
    setDependency(name, up) {
      ctx.dependencies.set(name, up);
    },
    whenGone(uid, run) {
      const rec = ctx.pods.get(uid);
      if (!rec || rec.gone) run();
      else rec.onGone.push(run);
    },
  };
};
