import { knownOr, type Timed } from './time.ts';
import type {
  ContainerSnapshot,
  EpisodeRow,
  PodProjection,
  PodRow,
  PodSnapshot,
  PodState,
  RestartRow,
  Termination,
  TransitionRow,
} from './types.ts';

/** The kubelet resets a container's back-off after it has run this long without trouble. */
export const backoffResetMs = 10 * 60 * 1000;

export type PodEntryFacts = {
  position: number;
  observedAt: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  inferred: boolean;
};

export type PodContext = {
  /** The newest other pod recorded under the same namespace/name, when this uid is new. */
  predecessorUid: string | null;
};

const sameTermination = (a: Termination | null, b: Termination | null) =>
  a !== null &&
  b !== null &&
  a.finishedAt === b.finishedAt &&
  a.containerID === b.containerID &&
  a.exitCode === b.exitCode;

/** Identifies a termination across versions (finishedAt has one-second resolution; the id disambiguates). */
export function terminationKey(t: {
  finishedAt: number | null;
  containerID: string | null;
  exitCode: number | null;
}): string {
  return `${t.finishedAt}/${t.containerID}/${t.exitCode}`;
}

/** The same labels, whatever their order. */
const sameLabels = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
};

function containerKey(c: ContainerSnapshot): string {
  switch (c.state) {
    case 'running':
      return `running/${c.startedAt}`;
    case 'terminated':
      return `terminated/${c.termination?.exitCode}/${c.reason}/${c.termination?.finishedAt}`;
    case 'waiting':
      return `waiting/${c.reason}`;
    default:
      return 'unknown';
  }
}

/**
 * What a pod state keeps of a per-container record: the shared empty record when it has no key
 * (most pods never have an open episode), the previous object when nothing changed. A pod's state
 * lives as long as the pod, and each copy V8 makes of a record gets a hidden class of its own.
 */
const noEntries: Readonly<Record<string, never>> = Object.freeze({});
function keptRecord<T>(before: Record<string, T> | undefined, after: Record<string, T>): Record<string, T> {
  const keys = Object.keys(after);
  if (keys.length === 0) return noEntries;
  if (before && Object.keys(before).length === keys.length && keys.every((k) => before[k] === after[k]))
    return before;
  return after;
}

function terminationDetail(t: Termination, kind: string): Record<string, unknown> {
  return { kind, exitCode: t.exitCode, signal: t.signal, startedAt: t.startedAt, finishedAt: t.finishedAt };
}

/**
 * Projects one observed pod version against the previous one: the pod's identity row, the
 * version's kubectl columns, the transitions on each track, every restart (a jump of N in
 * restartCount is N restarts; only the newest one's termination is known, the rest are
 * inferred) and CrashLoopBackOff episodes. Pure: same inputs, same rows.
 */
/** Restart rows one observation of a pod may derive (the store derives row ids from it). */
export const restartRowBudget = 65_536;

export function projectPod(
  prev: PodState | undefined,
  next: PodSnapshot,
  entry: PodEntryFacts,
  context: PodContext,
): PodProjection {
  const { position, observedAt } = entry;
  const deleted = entry.type === 'DELETED';
  const transitions: TransitionRow[] = [];
  const restarts: RestartRow[] = [];
  const touchedEpisodes: EpisodeRow[] = [];
  const before = prev?.snapshot;

  const transition = (
    track: string,
    value: string,
    when: Timed,
    extra: Partial<Pick<TransitionRow, 'reason' | 'message' | 'detail'>> = {},
  ) =>
    transitions.push({
      uid: next.uid,
      position,
      track,
      value,
      reason: extra.reason ?? null,
      message: extra.message ?? null,
      detail: extra.detail ?? null,
      at: when.at,
      atSource: when.atSource,
    });
  const observed: Timed = { at: observedAt, atSource: 'observed' };

  // Phase: the object has no timestamp for it, except that a pod's first phase began at
  // creation and a terminal phase began when its last container finished.
  if (next.phase !== (before?.phase ?? null) && next.phase !== null) {
    let when = observed;
    if (!before && next.phase === 'Pending') when = knownOr(next.createdAt, observedAt);
    if (next.phase === 'Succeeded' || next.phase === 'Failed') {
      const finished = next.containers
        .map((c) => c.termination?.finishedAt ?? null)
        .filter((t): t is number => t !== null);
      if (finished.length > 0) when = { at: Math.max(...finished), atSource: 'object' };
    }
    transition('phase', next.phase, when, { reason: next.reason });
  }

  if (next.status !== before?.status)
    transition('status', next.status, observed, { detail: { ready: next.ready } });

  for (const [type, condition] of Object.entries(next.conditions)) {
    const old = before?.conditions[type];
    if (old && old.status === condition.status && old.reason === condition.reason) continue;
    const when =
      condition.lastTransitionTime !== null
        ? { at: condition.lastTransitionTime, atSource: 'object' as const }
        : observed;
    transition(`condition/${type}`, condition.status, when, {
      reason: condition.reason,
      message: condition.message,
    });
  }

  const episodes: Record<string, EpisodeRow> = { ...(prev?.episodes ?? {}) };
  const attributed: Record<string, string> = { ...(prev?.attributed ?? {}) };
  for (const container of next.containers) {
    const old = before?.containers.find((c) => c.name === container.name);
    const track = `container/${container.name}`;
    const delta = container.restartCount - (old?.restartCount ?? 0);
    const last = container.lastTermination;
    // The kubelet shows the termination in lastState during back-off, before restartCount
    // moves; it describes the next restart unless an earlier restart already claimed it.
    const lastKey = last ? terminationKey(last) : null;
    const lastIsNew = delta > 0 && lastKey !== null && attributed[container.name] !== lastKey;
    if (lastIsNew && lastKey !== null) attributed[container.name] = lastKey;
    // A run that began and ended between two observations shows only in lastState.
    const lastUnseen =
      last !== null &&
      !sameTermination(old?.termination ?? null, last) &&
      !sameTermination(old?.lastTermination ?? null, last);

    // Restarts: the newest is described by lastState; the others between two observations
    // happened for sure (restartCount is the truth) but left no trace but the count. They
    // happened before the known one's run began, so that is their (upper-bound) time.
    const inferredWhen: Timed = {
      at: Math.min(observedAt, (lastIsNew ? last?.startedAt : null) ?? observedAt),
      atSource: 'observed',
    };
    // Beyond the row budget (a container first seen after months of crash loops), the oldest
    // inferred restarts of the observation get no row; restartCount still counts every one.
    const rows = Math.min(Math.max(0, delta), restartRowBudget - restarts.length);
    for (let i = delta - rows + 1; i <= delta; i++) {
      const restartCount = (old?.restartCount ?? 0) + i;
      const known = lastIsNew && i === delta ? last : null;
      restarts.push({
        uid: next.uid,
        cluster: next.cluster,
        namespace: next.namespace,
        pod: next.name,
        container: container.name,
        containerKind: container.kind,
        position,
        ...(known ? knownOr(known.finishedAt, observedAt) : inferredWhen),
        exitCode: known?.exitCode ?? null,
        reason: known?.reason ?? null,
        signal: known?.signal ?? null,
        message: known?.message ?? null,
        startedAt: known?.startedAt ?? null,
        finishedAt: known?.finishedAt ?? null,
        containerID: known?.containerID ?? null,
        restartCount,
        inferred: known === null,
      });
    }

    // The run that ended between observations, recovered from lastState.
    if (lastUnseen && last) {
      if (last.startedAt !== null && (old?.startedAt ?? null) !== last.startedAt) {
        transition(
          track,
          'running',
          { at: last.startedAt, atSource: 'object' },
          { detail: { kind: container.kind } },
        );
      }
      if (last.finishedAt !== null) {
        transition(
          track,
          'terminated',
          { at: last.finishedAt, atSource: 'object' },
          { reason: last.reason, message: last.message, detail: terminationDetail(last, container.kind) },
        );
      }
    }

    if (!old || containerKey(old) !== containerKey(container)) {
      if (container.state === 'running') {
        transition(track, 'running', knownOr(container.startedAt, observedAt), {
          detail: { kind: container.kind },
        });
      } else if (container.state === 'terminated' && container.termination) {
        transition(track, 'terminated', knownOr(container.termination.finishedAt, observedAt), {
          reason: container.reason,
          message: container.message,
          detail: terminationDetail(container.termination, container.kind),
        });
      } else {
        transition(track, container.state, observed, {
          reason: container.reason,
          message: container.message,
          detail: { kind: container.kind },
        });
      }
    }

    // CrashLoopBackOff episodes.
    const open = episodes[container.name];
    if (open) {
      const updated = { ...open, restarts: open.restarts + Math.max(0, delta) };
      if (container.state === 'waiting' && container.reason === 'CrashLoopBackOff') {
        updated.lastMessage = container.message;
      }
      const healthyRun =
        container.state === 'running' &&
        container.startedAt !== null &&
        observedAt - container.startedAt >= backoffResetMs;
      if (healthyRun) {
        delete episodes[container.name];
        touchedEpisodes.push({
          ...updated,
          endedAt: container.startedAt,
          endPosition: position,
          endReason: 'recovered',
        });
      } else if (updated.restarts !== open.restarts || updated.lastMessage !== open.lastMessage) {
        episodes[container.name] = updated;
        touchedEpisodes.push(updated);
      }
    } else if (container.state === 'waiting' && container.reason === 'CrashLoopBackOff') {
      const start = last?.finishedAt ?? observedAt;
      const episode: EpisodeRow = {
        uid: next.uid,
        cluster: next.cluster,
        namespace: next.namespace,
        pod: next.name,
        container: container.name,
        startedAt: start,
        startPosition: position,
        endedAt: null,
        endPosition: null,
        endReason: null,
        restarts: 0,
        lastMessage: container.message,
      };
      episodes[container.name] = episode;
      touchedEpisodes.push(episode);
    }
  }

  // A pod that ended (deleted, or in a terminal phase) ends its open episodes.
  const terminal = next.phase === 'Succeeded' || next.phase === 'Failed';
  if (deleted || terminal) {
    for (const [name, episode] of Object.entries(episodes)) {
      touchedEpisodes.push({
        ...episode,
        endedAt: Math.max(episode.startedAt, observedAt),
        endPosition: position,
        endReason: deleted ? 'pod-deleted' : 'pod-terminated',
      });
      delete episodes[name];
    }
  }

  // Deletion: deletionTimestamp is the deadline (request time + grace period), so the
  // request time is derived from it.
  let deletionRequestedAt = prev?.row.deletionRequestedAt ?? null;
  if (next.deletionTimestamp !== null && deletionRequestedAt === null) {
    deletionRequestedAt = next.deletionTimestamp - (next.gracePeriodSeconds ?? 0) * 1000;
    transition(
      'deletion',
      'requested',
      { at: deletionRequestedAt, atSource: 'object' },
      { detail: { gracePeriodSeconds: next.gracePeriodSeconds, deadline: next.deletionTimestamp } },
    );
  }
  if (deleted) {
    transition('deletion', entry.inferred ? 'vanished' : 'deleted', observed, {
      reason: entry.inferred ? 'not in relist (the DELETED was missed)' : null,
      detail: { gracePeriodSeconds: next.gracePeriodSeconds, inferred: entry.inferred },
    });
  }

  const row: PodRow = {
    uid: next.uid,
    cluster: next.cluster,
    namespace: next.namespace,
    name: next.name,
    createdAt: next.createdAt ?? prev?.row.createdAt ?? null,
    firstSeenAt: prev?.row.firstSeenAt ?? observedAt,
    firstPosition: prev?.row.firstPosition ?? position,
    lastSeenAt: Math.max(prev?.row.lastSeenAt ?? observedAt, observedAt),
    lastPosition: position,
    deletionRequestedAt,
    gracePeriodSeconds: next.gracePeriodSeconds ?? prev?.row.gracePeriodSeconds ?? null,
    deletedAt: deleted ? observedAt : (prev?.row.deletedAt ?? null),
    deletedInferred: deleted ? entry.inferred : (prev?.row.deletedInferred ?? false),
    ownerKind: next.owner?.kind ?? null,
    ownerName: next.owner?.name ?? null,
    ownerUid: next.owner?.uid ?? null,
    node: next.node ?? prev?.row.node ?? null,
    labels: next.labels,
    labelsSincePosition:
      prev && sameLabels(prev.row.labels, next.labels) ? prev.row.labelsSincePosition : position,
    predecessorUid: prev?.row.predecessorUid ?? context.predecessorUid,
  };

  return {
    state: {
      row,
      snapshot: next,
      episodes: keptRecord(prev?.episodes, episodes),
      attributed: keptRecord(prev?.attributed, attributed),
    },
    pod: row,
    version: {
      position,
      uid: next.uid,
      observedAt,
      type: entry.type,
      phase: next.phase,
      ready: next.ready,
      status: next.status,
      restarts: next.restarts,
      lastRestartAt: next.lastRestartAt,
      node: next.node,
      deleted,
    },
    transitions,
    restarts,
    episodes: touchedEpisodes,
  };
}
