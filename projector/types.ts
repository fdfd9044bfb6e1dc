// Rows of the read models, as the projector derives them (times: epoch ms).
import type { Timed } from './time.ts';

export type ContainerKind = 'init' | 'sidecar' | 'app';
export type ContainerStateName = 'waiting' | 'running' | 'terminated' | 'unknown';

export type Termination = {
  exitCode: number | null;
  signal: number | null;
  reason: string | null;
  message: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  containerID: string | null;
};

export type ContainerSnapshot = {
  name: string;
  kind: ContainerKind;
  state: ContainerStateName;
  reason: string | null;
  message: string | null;
  startedAt: number | null;
  /** Set when state is terminated. */
  termination: Termination | null;
  lastTermination: Termination | null;
  restartCount: number;
  ready: boolean;
  started: boolean | null;
};

export type ConditionSnapshot = {
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: number | null;
};

/** What the projector needs of one pod version. */
export type PodSnapshot = {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  phase: string | null;
  reason: string | null;
  conditions: Record<string, ConditionSnapshot>;
  containers: ContainerSnapshot[];
  createdAt: number | null;
  deletionTimestamp: number | null;
  gracePeriodSeconds: number | null;
  node: string | null;
  labels: Record<string, string>;
  owner: { kind: string; name: string; uid: string } | null;
  restartPolicy: string | null;
  /** kubectl's columns for this version. */
  ready: string;
  status: string;
  restarts: number;
  lastRestartAt: number | null;
};

export type PodRow = {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  createdAt: number | null;
  firstSeenAt: number;
  firstPosition: number;
  lastSeenAt: number;
  lastPosition: number;
  deletionRequestedAt: number | null;
  gracePeriodSeconds: number | null;
  deletedAt: number | null;
  deletedInferred: boolean;
  ownerKind: string | null;
  ownerName: string | null;
  ownerUid: string | null;
  node: string | null;
  labels: Record<string, string>;
  /**
   * Where the current labels were first observed: every version from there on carries them. Null
   * when not known (a pod projected before migration 0021, until a rebuild).
   */
  labelsSincePosition: number | null;
  predecessorUid: string | null;
};

export type PodVersionRow = {
  position: number;
  uid: string;
  observedAt: number;
  type: string;
  phase: string | null;
  ready: string;
  status: string;
  restarts: number;
  lastRestartAt: number | null;
  node: string | null;
  deleted: boolean;
};

export type TransitionRow = Timed & {
  uid: string;
  position: number;
  /** 'phase', 'status', 'condition/<Type>', 'container/<name>', 'deletion' */
  track: string;
  value: string;
  reason: string | null;
  message: string | null;
  detail: Record<string, unknown> | null;
};

export type RestartRow = Timed & {
  uid: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  containerKind: ContainerKind;
  position: number;
  exitCode: number | null;
  reason: string | null;
  signal: number | null;
  message: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  containerID: string | null;
  restartCount: number;
  inferred: boolean;
};

export type EpisodeRow = {
  uid: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  startedAt: number;
  startPosition: number;
  endedAt: number | null;
  endPosition: number | null;
  endReason: string | null;
  restarts: number;
  lastMessage: string | null;
};

export type PodState = {
  row: PodRow;
  snapshot: PodSnapshot;
  /** Open CrashLoopBackOff episodes by container name. */
  episodes: Record<string, EpisodeRow>;
  /** Per container, the termination (terminationKey) the latest known restart was attributed to. */
  attributed: Record<string, string>;
};

export type PodProjection = {
  state: PodState;
  pod: PodRow;
  version: PodVersionRow;
  transitions: TransitionRow[];
  restarts: RestartRow[];
  /** Episodes opened, updated or closed by this entry (upserted by uid, container, startPosition). */
  episodes: EpisodeRow[];
};

export type EventCategory =
  | 'probe:liveness'
  | 'probe:readiness'
  | 'probe:startup'
  | 'probe:other'
  | 'hook:postStart'
  | 'hook:preStop'
  | 'killing'
  | 'backoff'
  | 'scheduling'
  | 'eviction'
  | 'oom'
  | 'image'
  | 'lifecycle'
  | 'volume'
  | 'sandbox'
  | 'node'
  | 'other';

export type EventRow = {
  uid: string;
  cluster: string;
  namespace: string | null;
  name: string | null;
  podUid: string | null;
  linkedBy: 'uid' | 'name' | null;
  involvedKind: string | null;
  involvedNamespace: string | null;
  involvedName: string | null;
  involvedUid: string | null;
  involvedField: string | null;
  /**
   * Whether a later version named another involved object than the row's (the first version's):
   * the API server lets a core/v1 update change it. False while the row's involved columns hold
   * for every version, so that a selector on them can be decided from the row.
   */
  involvedChanged: boolean;
  reason: string | null;
  type: string | null;
  message: string | null;
  source: string | null;
  firstAt: number | null;
  lastAt: number | null;
  count: number;
  lastPosition: number;
  /** When this entry was observed: the Event's lifetime in the log starts at its first one. */
  seenAt: number;
  /** When it was observed deleted, if this entry is its deletion. */
  deletedAt: number | null;
};

export type OccurrenceRow = Timed & {
  eventUid: string;
  cluster: string;
  namespace: string | null;
  podUid: string | null;
  involvedKind: string | null;
  involvedName: string | null;
  position: number;
  reason: string | null;
  type: string | null;
  message: string | null;
  category: EventCategory;
  occurrences: number;
  countAfter: number;
};

export type ObjectRow = {
  uid: string;
  cluster: string;
  resource: string;
  kind: string | null;
  namespace: string | null;
  name: string;
  ownerKind: string | null;
  ownerName: string | null;
  ownerUid: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  lastPosition: number;
  deletedAt: number | null;
  deletedInferred: boolean;
};
