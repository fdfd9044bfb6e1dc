import type Database from 'better-sqlite3';
import type {
  EpisodeRow,
  EventRow,
  ObjectRow,
  OccurrenceRow,
  PodRow,
  PodVersionRow,
  RestartRow,
  TransitionRow,
} from '../../projector/index.ts';
import { terminationKey } from '../../projector/index.ts';
import type { LogCount } from './logCounts.ts';
import { rowIdOf } from './rowIds.ts';

const bool = (value: boolean) => (value ? 1 : 0);
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

type PodTableRow = {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  created_at: number | null;
  first_seen_at: number;
  first_position: number;
  last_seen_at: number;
  last_position: number;
  deletion_requested_at: number | null;
  grace_period_seconds: number | null;
  deleted_at: number | null;
  deleted_inferred: number;
  owner_kind: string | null;
  owner_name: string | null;
  owner_uid: string | null;
  node: string | null;
  labels: string;
  labels_since_position: number | null;
  predecessor_uid: string | null;
};

export function podRowFromTable(row: PodTableRow): PodRow {
  return {
    uid: row.uid,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    createdAt: row.created_at,
    firstSeenAt: row.first_seen_at,
    firstPosition: row.first_position,
    lastSeenAt: row.last_seen_at,
    lastPosition: row.last_position,
    deletionRequestedAt: row.deletion_requested_at,
    gracePeriodSeconds: row.grace_period_seconds,
    deletedAt: row.deleted_at,
    deletedInferred: row.deleted_inferred === 1,
    ownerKind: row.owner_kind,
    ownerName: row.owner_name,
    ownerUid: row.owner_uid,
    node: row.node,
    labels: JSON.parse(row.labels) as Record<string, string>,
    labelsSincePosition: row.labels_since_position,
    predecessorUid: row.predecessor_uid,
  };
}

/** The SQL side of the projections: prepared once, one statement per kind of write. */
export function readModelStatements(db: Database.Database) {
  const upsertPod = db.prepare(
    `INSERT INTO pods (uid, cluster, namespace, name, created_at, first_seen_at, first_position, last_seen_at,
       last_position, deletion_requested_at, grace_period_seconds, deleted_at, deleted_inferred, owner_kind,
       owner_name, owner_uid, node, labels, labels_since_position, predecessor_uid)
     VALUES (@uid, @cluster, @namespace, @name, @createdAt, @firstSeenAt, @firstPosition, @lastSeenAt,
       @lastPosition, @deletionRequestedAt, @gracePeriodSeconds, @deletedAt, @deletedInferred, @ownerKind,
       @ownerName, @ownerUid, @node, @labels, @labelsSincePosition, @predecessorUid)
     ON CONFLICT (uid) DO UPDATE SET created_at = excluded.created_at, last_seen_at = excluded.last_seen_at,
       last_position = excluded.last_position, deletion_requested_at = excluded.deletion_requested_at,
       grace_period_seconds = excluded.grace_period_seconds, deleted_at = excluded.deleted_at,
       deleted_inferred = excluded.deleted_inferred, owner_kind = excluded.owner_kind,
       owner_name = excluded.owner_name, owner_uid = excluded.owner_uid, node = excluded.node,
       labels = excluded.labels, labels_since_position = excluded.labels_since_position`,
  );
  const insertVersion = db.prepare(
    `INSERT INTO pod_versions (position, uid, observed_at, type, phase, ready, status, restarts, last_restart_at, node, deleted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Most versions change nothing of a pod's identity row but when it was last seen.
  const touchPod = db.prepare(`UPDATE pods SET last_seen_at = ?, last_position = ? WHERE uid = ?`);
  const insertTransition = db.prepare(
    `INSERT INTO pod_transitions (id, uid, position, track, at, at_source, value, reason, message, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRestart = db.prepare(
    `INSERT INTO restarts (id, uid, cluster, namespace, pod, container, container_kind, position, at, at_source, exit_code,
       reason, signal, message, started_at, finished_at, container_id, restart_count, inferred)
     VALUES (@id, @uid, @cluster, @namespace, @pod, @container, @containerKind, @position, @at, @atSource, @exitCode,
       @reason, @signal, @message, @startedAt, @finishedAt, @containerID, @restartCount, @inferred)`,
  );
  const updateEpisode = db.prepare(
    `UPDATE crashloop_episodes SET ended_at = @endedAt, end_position = @endPosition, end_reason = @endReason,
       restarts = @restarts, last_message = @lastMessage
     WHERE uid = @uid AND container = @container AND start_position = @startPosition`,
  );
  const insertEpisode = db.prepare(
    `INSERT INTO crashloop_episodes (id, uid, cluster, namespace, pod, container, started_at, start_position, ended_at,
       end_position, end_reason, restarts, last_message)
     VALUES (@id, @uid, @cluster, @namespace, @pod, @container, @startedAt, @startPosition, @endedAt, @endPosition,
       @endReason, @restarts, @lastMessage)`,
  );
  // first_seen_at and deleted_at: the Event's lifetime in the log (first observation, and the
  // deletion when the newest entry is one), for the facade's lists at an instant. The involved
  // object stays the first version's; involved_changed says whether a later one named another
  // (NULL, for a row projected before migration 0022, stays unknown).
  const upsertEvent = db.prepare(
    `INSERT INTO events (uid, cluster, namespace, name, pod_uid, linked_by, involved_kind, involved_namespace,
       involved_name, involved_uid, involved_field, involved_changed, reason, type, message, source, first_at, last_at,
       count, last_position, first_seen_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (uid) DO UPDATE SET pod_uid = coalesce(excluded.pod_uid, events.pod_uid),
       involved_changed = CASE WHEN events.involved_changed IS NULL THEN NULL
         WHEN events.involved_changed OR excluded.involved_changed OR excluded.involved_kind IS NOT events.involved_kind
           OR excluded.involved_namespace IS NOT events.involved_namespace
           OR excluded.involved_name IS NOT events.involved_name OR excluded.involved_uid IS NOT events.involved_uid
           OR excluded.involved_field IS NOT events.involved_field THEN 1 ELSE 0 END,
       linked_by = coalesce(excluded.linked_by, events.linked_by), reason = excluded.reason, type = excluded.type,
       message = excluded.message, source = coalesce(excluded.source, events.source),
       first_at = coalesce(events.first_at, excluded.first_at), last_at = CASE WHEN excluded.last_at IS NULL THEN events.last_at WHEN events.last_at IS NULL THEN excluded.last_at
         ELSE max(events.last_at, excluded.last_at) END,
       count = excluded.count, last_position = excluded.last_position,
       first_seen_at = min(events.first_seen_at, excluded.first_seen_at), deleted_at = excluded.deleted_at`,
  );
  const insertOccurrence = db.prepare(
    `INSERT INTO event_occurrences (id, event_uid, cluster, namespace, pod_uid, involved_kind, involved_name, position, at,
       at_source, reason, type, message, category, occurrences, count_after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertObject = db.prepare(
    `INSERT INTO objects (uid, cluster, resource, kind, namespace, name, owner_kind, owner_name, owner_uid,
       first_seen_at, last_seen_at, last_position, deleted_at, deleted_inferred)
     VALUES (@uid, @cluster, @resource, @kind, @namespace, @name, @ownerKind, @ownerName, @ownerUid, @firstSeenAt,
       @lastSeenAt, @lastPosition, @deletedAt, @deletedInferred)
     ON CONFLICT (uid) DO UPDATE SET kind = excluded.kind, owner_kind = excluded.owner_kind,
       owner_name = excluded.owner_name, owner_uid = excluded.owner_uid, last_seen_at = excluded.last_seen_at,
       last_position = excluded.last_position, deleted_at = excluded.deleted_at,
       deleted_inferred = excluded.deleted_inferred`,
  );
  const upsertStats = db.prepare(
    `INSERT INTO log_stats (cluster, resource, type, entries, first_observed_at, last_observed_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (cluster, resource, type) DO UPDATE SET entries = entries + excluded.entries,
       first_observed_at = min(first_observed_at, excluded.first_observed_at),
       last_observed_at = max(last_observed_at, excluded.last_observed_at)`,
  );
  const upsertTimeChunk = db.prepare(
    `INSERT INTO log_time_chunks (cluster, chunk, first_observed_at, last_observed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (cluster, chunk) DO UPDATE SET
       first_observed_at = min(first_observed_at, excluded.first_observed_at),
       last_observed_at = max(last_observed_at, excluded.last_observed_at)`,
  );
  const podByUid = db.prepare<[string], PodTableRow>(`SELECT * FROM pods WHERE uid = ?`);
  const openEpisodes = db.prepare<[string], Record<string, unknown>>(
    `SELECT * FROM crashloop_episodes WHERE uid = ? AND ended_at IS NULL`,
  );
  // Both look only at pods first seen before the entry projected: the pods a projection in log
  // order would have met by then. Inline and in a rebuild no other pod is in the table yet; when
  // retention projects some objects again on their own, later pods are, and must not count.
  const predecessor = db.prepare<[string, string, string, string, number], { uid: string }>(
    `SELECT uid FROM pods WHERE cluster = ? AND namespace = ? AND name = ? AND uid != ? AND first_position < ?
     ORDER BY first_position DESC LIMIT 1`,
  );
  const podByName = db.prepare<[string, string, string, number, number], { uid: string }>(
    `SELECT uid FROM pods WHERE cluster = ? AND namespace = ? AND name = ? AND first_seen_at <= ?
       AND first_position < ?
     ORDER BY first_seen_at DESC, first_position DESC LIMIT 1`,
  );
  const attributedTerminations = db.prepare<
    [string],
    { container: string; finished_at: number | null; container_id: string | null; exit_code: number | null }
  >(
    `SELECT container, finished_at, container_id, exit_code FROM restarts r
     WHERE uid = ? AND inferred = 0 AND id = (SELECT max(id) FROM restarts WHERE uid = r.uid AND container = r.container AND inferred = 0)`,
  );
  const eventCount = db.prepare<[string], { count: number }>(`SELECT count FROM events WHERE uid = ?`);
  const objectByUid = db.prepare<[string], Record<string, unknown>>(`SELECT * FROM objects WHERE uid = ?`);

  return {
    writePod: (row: PodRow) =>
      upsertPod.run({
        ...row,
        deletedInferred: bool(row.deletedInferred),
        labels: JSON.stringify(row.labels),
      }),
    writeVersion: (r: PodVersionRow) =>
      insertVersion.run(
        r.position,
        r.uid,
        r.observedAt,
        r.type,
        r.phase,
        r.ready,
        r.status,
        r.restarts,
        r.lastRestartAt,
        r.node,
        bool(r.deleted),
      ),
    touchPod: (row: PodRow) => touchPod.run(row.lastSeenAt, row.lastPosition, row.uid),
    // The hot inserts bind by position, in the column order of their statements (faster than by name).
    writeTransition: (r: TransitionRow, index: number) =>
      insertTransition.run(
        rowIdOf(r.position, index),
        r.uid,
        r.position,
        r.track,
        r.at,
        r.atSource,
        r.value,
        r.reason,
        r.message,
        json(r.detail),
      ),
    writeRestart: (row: RestartRow, index: number) =>
      insertRestart.run({ ...row, id: rowIdOf(row.position, index), inferred: bool(row.inferred) }),
    /** `index`: the episode's among those its first entry opened (an episode starts at one entry). */
    writeEpisode: (row: EpisodeRow, index: number) => {
      if (updateEpisode.run(row).changes === 0)
        insertEpisode.run({ ...row, id: rowIdOf(row.startPosition, index) });
    },
    writeEvent: (r: EventRow) =>
      upsertEvent.run(
        r.uid,
        r.cluster,
        r.namespace,
        r.name,
        r.podUid,
        r.linkedBy,
        r.involvedKind,
        r.involvedNamespace,
        r.involvedName,
        r.involvedUid,
        r.involvedField,
        bool(r.involvedChanged),
        r.reason,
        r.type,
        r.message,
        r.source,
        r.firstAt,
        r.lastAt,
        r.count,
        r.lastPosition,
        r.seenAt,
        r.deletedAt,
      ),
    /** An entry derives at most one occurrence. */
    writeOccurrence: (r: OccurrenceRow) =>
      insertOccurrence.run(
        rowIdOf(r.position, 0),
        r.eventUid,
        r.cluster,
        r.namespace,
        r.podUid,
        r.involvedKind,
        r.involvedName,
        r.position,
        r.at,
        r.atSource,
        r.reason,
        r.type,
        r.message,
        r.category,
        r.occurrences,
        r.countAfter,
      ),
    addStats: (s: LogCount) => upsertStats.run(s.cluster, s.resource, s.type, s.entries, s.first, s.last),
    addTimeChunk: (c: { cluster: string; chunk: number; first: number; last: number }) =>
      upsertTimeChunk.run(c.cluster, c.chunk, c.first, c.last),
    writeObject: (row: ObjectRow) => upsertObject.run({ ...row, deletedInferred: bool(row.deletedInferred) }),
    pod: (uid: string) => {
      const row = podByUid.get(uid);
      return row ? podRowFromTable(row) : undefined;
    },
    openEpisodes: (uid: string): EpisodeRow[] =>
      openEpisodes.all(uid).map((r) => ({
        uid: r.uid as string,
        cluster: r.cluster as string,
        namespace: r.namespace as string,
        pod: r.pod as string,
        container: r.container as string,
        startedAt: r.started_at as number,
        startPosition: r.start_position as number,
        endedAt: null,
        endPosition: null,
        endReason: null,
        restarts: r.restarts as number,
        lastMessage: (r.last_message as string | null) ?? null,
      })),
    /** The pod of the same name first seen last before `position`. */
    predecessor: (cluster: string, namespace: string, name: string, uid: string, position: number) =>
      predecessor.get(cluster, namespace, name, uid, position)?.uid ?? null,
    /** The pod of that name at `at`, among those first seen before `position`. */
    podUidByName: (cluster: string, namespace: string, name: string, at: number, position: number) =>
      podByName.get(cluster, namespace, name, at, position)?.uid ?? null,
    /** Per container, the termination its latest known restart was attributed to. */
    attributed: (uid: string): Record<string, string> =>
      Object.fromEntries(
        attributedTerminations
          .all(uid)
          .map((r) => [
            r.container,
            terminationKey({ finishedAt: r.finished_at, containerID: r.container_id, exitCode: r.exit_code }),
          ]),
      ),
    eventCount: (uid: string) => eventCount.get(uid)?.count ?? 0,
    object: (uid: string): ObjectRow | undefined => {
      const r = objectByUid.get(uid);
      if (!r) return undefined;
      return {
        uid: r.uid as string,
        cluster: r.cluster as string,
        resource: r.resource as string,
        kind: r.kind as string | null,
        namespace: r.namespace as string | null,
        name: r.name as string,
        ownerKind: r.owner_kind as string | null,
        ownerName: r.owner_name as string | null,
        ownerUid: r.owner_uid as string | null,
        firstSeenAt: r.first_seen_at as number,
        lastSeenAt: r.last_seen_at as number,
        lastPosition: r.last_position as number,
        deletedAt: r.deleted_at as number | null,
        deletedInferred: r.deleted_inferred === 1,
      };
    },
  };
}

export type ReadModelStatements = ReturnType<typeof readModelStatements>;
