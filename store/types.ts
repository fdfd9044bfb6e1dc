// Shapes shared by everything that writes or reads the log.

/** A Kubernetes object as plain JSON (never client-node class instances or Date values). */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    uid?: string;
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: {
      apiVersion?: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
    }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** Where an observation came from. */
export type EntrySource = 'list' | 'watch' | 'relist' | 'import' | 'collector';

/** Watch types for object entries; MARKER for the recorder's own notes (gaps, starts, relists…). */
export type EntryType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'MARKER';

/** What a marker entry says. Markers let a timeline show "no data here" instead of inventing continuity. */
export type MarkerKind =
  | 'CollectorStarted'
  | 'CollectorStopped'
  | 'WatchStarted'
  | 'WatchReconnected'
  | 'Relisted'
  | 'Gap'
  | 'RetentionApplied';

export type MarkerBody = {
  marker: MarkerKind;
  /** For Gap: the blind interval, epoch ms. */
  from?: number;
  to?: number;
  reason?: string;
  [key: string]: unknown;
};

/** An observation about to be appended. */
export type NewEntry = {
  cluster: string;
  /** Collector clock, epoch milliseconds. */
  observedAt: number;
  source: EntrySource;
  type: EntryType;
  /** Canonical resource name: plural[.group], e.g. `pods`, `events`, `events.events.k8s.io`, `replicasets.apps`; '' for collector-wide markers. */
  resource: string;
  /** Object entries: true when the change was not seen but deduced (a relist no longer holding the object). */
  inferred?: boolean;
  /** The object, or a MarkerBody for markers. */
  object: KubeObject | MarkerBody;
  /**
   * The object's JSON text as received, when the caller has it and it parses to exactly `object`:
   * stored as is, which spares re-serialising it (the costliest step of an append otherwise).
   */
  text?: string;
};

/** A row of the log as read back: the object decoded exactly as it was observed. */
export type LogEntry = {
  position: number;
  cluster: string;
  observedAt: number;
  source: EntrySource;
  type: EntryType;
  resource: string;
  apiVersion: string | null;
  kind: string | null;
  uid: string | null;
  namespace: string | null;
  name: string | null;
  resourceVersion: string | null;
  inferred: boolean;
  object: KubeObject | MarkerBody;
};

export type AppendResult = {
  /** Entries actually written; duplicates (same cluster, resource, uid, resourceVersion, deletion) are skipped. */
  appended: number;
  skipped: number;
  lastPosition: number | null;
};
