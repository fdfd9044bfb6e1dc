// The kubectl columns of a pod, following printPod in k8s.io/kubernetes pkg/printers/internalversion.
import type { KubeObject } from '../../store/types.ts';
import { at, int, list, rec, str } from './fields.ts';
import { parseTimestamp, translateTimestampSince } from './humanDuration.ts';

export type PodColumns = {
  /** READY, e.g. "1/2". */
  ready: string;
  readyCount: number;
  totalCount: number;
  /** STATUS, e.g. "Running", "Init:1/3", "CrashLoopBackOff", "Terminating". */
  status: string;
  restarts: number;
  /** finishedAt of the newest lastState.terminated counted in RESTARTS, as recorded; null when none. */
  lastRestartAt: string | null;
  /** RESTARTS as printed at `now`: "3 (5m ago)" or "0". */
  restartsText: string;
  age: string;
  /** Wide columns; "<none>" when unset, as the API server prints them. */
  ip: string;
  node: string;
  nominatedNode: string;
  readinessGates: string;
};

/** The RESTARTS cell for stored columns, reprinted at any instant. */
export function podRestartsText(restarts: number, lastRestartAt: string | null, now: number): string {
  if (restarts !== 0 && parseTimestamp(lastRestartAt) !== null) {
    return `${restarts} (${translateTimestampSince(lastRestartAt, now)} ago)`;
  }
  return String(restarts);
}

type Newest = { at: number; text: string } | null;

// Keeps the later of two lastState.terminated.finishedAt values (Go: lastRestartDate.Before(&terminatedDate)).
// A termination without finishedAt has Go's zero time, which never wins.
const newerTermination = (current: Newest, containerStatus: unknown): Newest => {
  const finishedAt = str(at(containerStatus, 'lastState', 'terminated', 'finishedAt'));
  const t = parseTimestamp(finishedAt);
  if (t === null) return current;
  return current === null || current.at < t ? { at: t, text: finishedAt } : current;
};

const conditionOf = (pod: KubeObject, type: string): Record<string, unknown> | undefined =>
  list(at(pod, 'status', 'conditions'))
    .map(rec)
    .find((c) => c !== undefined && c.type === type);

const terminatedReason = (terminated: Record<string, unknown>, prefix: string): string => {
  const reason = str(terminated.reason);
  if (reason !== '') return prefix + reason;
  const signal = int(terminated.signal);
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${int(terminated.exitCode)}`;
};

/** READY, STATUS, RESTARTS, AGE and the wide columns of `kubectl get pods` at instant `now`. */
export function podColumns(pod: KubeObject, now: number): PodColumns {
  const spec = rec(pod.spec) ?? {};
  const status = rec(pod.status) ?? {};
  const phase = str(status.phase);

  let reason = phase;
  if (str(status.reason) !== '') reason = str(status.reason);
  for (const c of list(status.conditions).map(rec)) {
    if (c?.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = list(spec.initContainers).map(rec);
  // Restartable init containers (sidecars) are init containers with restartPolicy Always.
  const sidecars = new Set(initSpecs.filter((c) => c?.restartPolicy === 'Always').map((c) => str(c?.name)));
  const totalCount = list(spec.containers).length + sidecars.size;
  let readyCount = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: Newest = null;
  let lastSidecarRestart: Newest = null;

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = rec(initStatuses[i]) ?? {};
    const isSidecar = sidecars.has(str(cs.name));
    restarts += int(cs.restartCount);
    lastRestart = newerTermination(lastRestart, cs);
    if (isSidecar) {
      sidecarRestarts += int(cs.restartCount);
      lastSidecarRestart = newerTermination(lastSidecarRestart, cs);
    }
    const terminated = rec(at(cs, 'state', 'terminated'));
    const waiting = rec(at(cs, 'state', 'waiting'));
    if (terminated !== undefined && int(terminated.exitCode) === 0) continue;
    if (isSidecar && cs.started === true) {
      if (cs.ready === true) readyCount++;
      continue;
    }
    if (terminated !== undefined) {
      reason = terminatedReason(terminated, 'Init:');
    } else if (waiting !== undefined && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    // The first init container that has not finished decides; later ones are not looked at.
    initializing = true;
    break;
  }

  if (!initializing || conditionOf(pod, 'Initialized')?.status === 'True') {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(status.containerStatuses);
    // Backwards, so the first container with something to say has the last word.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = rec(statuses[i]) ?? {};
      restarts += int(cs.restartCount);
      lastRestart = newerTermination(lastRestart, cs);
      const waiting = rec(at(cs, 'state', 'waiting'));
      const terminated = rec(at(cs, 'state', 'terminated'));
      if (waiting !== undefined && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated !== undefined) {
        reason = terminatedReason(terminated, '');
      } else if (cs.ready === true && rec(at(cs, 'state', 'running')) !== undefined) {
        hasRunning = true;
        readyCount++;
      }
    }
    // A pod whose first container completed while another still runs is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = conditionOf(pod, 'Ready')?.status === 'True' ? 'Running' : 'NotReady';
    }
  }

  const deleting = str(pod.metadata?.deletionTimestamp) !== '';
  if (deleting && str(status.reason) === 'NodeLost') {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    // Since Kubernetes 1.31 a pod that already reached a terminal phase keeps showing that phase.
    reason = 'Terminating';
  }

  const lastRestartAt = lastRestart?.text ?? null;
  return {
    ready: `${readyCount}/${totalCount}`,
    readyCount,
    totalCount,
    status: reason,
    restarts,
    lastRestartAt,
    restartsText: podRestartsText(restarts, lastRestartAt, now),
    age: translateTimestampSince(pod.metadata?.creationTimestamp, now),
    ip: podIP(status),
    node: str(spec.nodeName) || '<none>',
    nominatedNode: str(status.nominatedNodeName) || '<none>',
    readinessGates: readinessGates(spec, status),
  };
}

// v1 → internal conversion makes status.podIP authoritative over podIPs[0].
const podIP = (status: Record<string, unknown>): string =>
  str(status.podIP) || str(at(list(status.podIPs)[0], 'ip')) || '<none>';

const readinessGates = (spec: Record<string, unknown>, status: Record<string, unknown>): string => {
  const gates = list(spec.readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = list(status.conditions).map(rec);
  let trueCount = 0;
  for (const gate of gates) {
    const match = conditions.find((c) => c !== undefined && c.type === str(at(gate, 'conditionType')));
    if (match?.status === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
};
