import type { KubeObject } from '../store/types.ts';
import { podColumns } from './printers/index.ts';
import { timeOf } from './time.ts';
import type {
  ConditionSnapshot,
  ContainerKind,
  ContainerSnapshot,
  PodSnapshot,
  Termination,
} from './types.ts';

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function termination(value: unknown): Termination | null {
  if (!value || typeof value !== 'object') return null;
  const t = value as Json;
  return {
    exitCode: num(t.exitCode),
    signal: num(t.signal) || null,
    reason: str(t.reason),
    message: str(t.message),
    startedAt: timeOf(t.startedAt),
    finishedAt: timeOf(t.finishedAt),
    containerID: str(t.containerID),
  };
}

// One object literal with every field, never a spread of a shared base: each pod's snapshot lives
// as long as the pod, and V8 gave spread results a hidden class of their own (a map and its
// descriptors, ~200 bytes a container across 10,000 pods), where a literal shares one.
function containerSnapshot(status: Json, kind: ContainerKind): ContainerSnapshot {
  const state = asRecord(status.state);
  const terminated = termination(state.terminated);
  const running = !terminated && state.running ? asRecord(state.running) : null;
  const waiting = !terminated && !running && state.waiting ? asRecord(state.waiting) : null;
  return {
    name: String(status.name ?? ''),
    kind,
    restartCount: num(status.restartCount) ?? 0,
    ready: status.ready === true,
    started: typeof status.started === 'boolean' ? status.started : null,
    lastTermination: termination(asRecord(status.lastState).terminated),
    state: terminated ? 'terminated' : running ? 'running' : waiting ? 'waiting' : 'unknown',
    reason: terminated ? terminated.reason : waiting ? str(waiting.reason) : null,
    message: terminated ? terminated.message : waiting ? str(waiting.message) : null,
    startedAt: terminated ? terminated.startedAt : running ? timeOf(running.startedAt) : null,
    termination: terminated,
  };
}

/** The facts of one pod version that the projections compare, plus kubectl's columns for it. */
export function snapshotPod(pod: KubeObject, cluster: string, observedAt: number): PodSnapshot {
  const meta = pod.metadata ?? {};
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const sidecars = new Set(
    asArray(spec.initContainers)
      .filter((c) => c.restartPolicy === 'Always')
      .map((c) => String(c.name)),
  );
  const containers = [
    ...asArray(status.initContainerStatuses).map((c) =>
      containerSnapshot(c, sidecars.has(String(c.name)) ? 'sidecar' : 'init'),
    ),
    ...asArray(status.containerStatuses).map((c) => containerSnapshot(c, 'app')),
  ];
  const conditions: Record<string, ConditionSnapshot> = {};
  for (const c of asArray(status.conditions)) {
    if (typeof c.type !== 'string') continue;
    conditions[c.type] = {
      status: String(c.status ?? 'Unknown'),
      reason: str(c.reason),
      message: str(c.message),
      lastTransitionTime: timeOf(c.lastTransitionTime),
    };
  }
  const owner = (meta.ownerReferences ?? []).find((o) => o.controller) ?? meta.ownerReferences?.[0];
  const columns = podColumns(pod, observedAt);
  return {
    uid: meta.uid ?? '',
    cluster,
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    phase: str(status.phase),
    reason: str(status.reason),
    conditions,
    containers,
    createdAt: timeOf(meta.creationTimestamp),
    deletionTimestamp: timeOf(meta.deletionTimestamp),
    gracePeriodSeconds: num(meta.deletionGracePeriodSeconds),
    node: str(spec.nodeName),
    labels: meta.labels ?? {},
    owner: owner ? { kind: owner.kind, name: owner.name, uid: owner.uid } : null,
    restartPolicy: str(spec.restartPolicy),
    ready: columns.ready,
    status: columns.status,
    restarts: columns.restarts,
    lastRestartAt: timeOf(columns.lastRestartAt),
  };
}
