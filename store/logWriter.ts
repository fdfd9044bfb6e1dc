import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { createObjectEncoder, type StoredBody } from './codec/index.ts';
import { tables } from './tables.ts';
import type { AppendResult, KubeObject, LogEntry, MarkerBody, NewEntry } from './types.ts';

/** Runs inside the append transaction for every entry written: the inline projection. */
export type AppendHook = (entry: LogEntry) => void;

export type LogWriterOptions = {
  /**
   * Runs inside each transaction before anything is appended at `nextPosition`: false when the
   * batch must not be projected inline (the read models are behind the log: another process is
   * rebuilding them, and its catch-up will reach this batch).
   */
  beforeAppend?: (nextPosition: number) => boolean;
  onAppended?: AppendHook;
  /** Runs inside the transaction after a batch that wrote something (the projection checkpoint). */
  onBatchAppended?: (lastPosition: number) => void;
  createEncoder?: () => ReturnType<typeof createObjectEncoder>;
  /**
   * Memory for keyframes held ready for deltas (the encoder's default when absent). A keyframe that
   * does not fit is read back from the log when next needed: the bytes written are the same, only
   * slower (a row read and an inflate per delta once the changing objects outgrow the cache).
   */
  keyframeCacheBytes?: number;
  /**
   * Whatever the hooks remember must be forgotten: after a rolled-back transaction, and when
   * another writer (an import, a retention run) changed the log since this one last wrote.
   */
  onForget?: () => void;
};

const markerEncoding = 0;

/**
 * The families of objects that are near copies of each other, closest first, so that one's
 * keyframe serves the others' deltas: the pods of one controller (a ReplicaSet's pods differ in
 * names, uids, addresses and times), the Events about one object, and the objects of a kind in
 * one namespace.
 */
function familiesOf(cluster: string, resource: string, object: KubeObject): string[] {
  const meta = object.metadata ?? {};
  const owners = meta.ownerReferences;
  const owner = owners?.find((o) => o.controller) ?? owners?.[0];
  const about = (object.involvedObject ?? object.regarding) as { uid?: unknown } | undefined;
  const namespace = `${cluster}/${resource}/namespace/${meta.namespace ?? ''}`;
  if (owner?.uid) return [`${cluster}/${resource}/owner/${owner.uid}`, namespace];
  if (typeof about?.uid === 'string') return [`${cluster}/${resource}/about/${about.uid}`, namespace];
  return [namespace];
}

function versionKeyOf(resourceVersion: string | undefined, json: string): string {
  return resourceVersion ?? `sha256:${createHash('sha256').update(json).digest('hex').slice(0, 32)}`;
}

/**
 * The single writer of the log. `append` writes a batch in one transaction: entries already
 * recorded (same cluster, resource, uid, version, deletion) are skipped, the rest get the next
 * positions, and the hook (inline projection) runs for each inside the same transaction, so a
 * crash leaves either the whole batch with its projection or none of it.
 */
export function createLogWriter(db: Database.Database, options: LogWriterOptions = {}) {
  const keyframeRow = db.prepare<[number], StoredBody>(
    `SELECT encoding, body, base_position AS basePosition FROM ${tables.log} WHERE position = ?`,
  );
  // Keyframes that no longer fit in memory are read back from the rows already written.
  const createEncoder =
    options.createEncoder ??
    (() =>
      createObjectEncoder({
        loadKeyframe: (position) => keyframeRow.get(position),
        maxCacheBytes: options.keyframeCacheBytes,
      }));
  // The encoder remembers each object's previous version; after a rolled-back batch it may
  // remember versions that were never written, so it is replaced (next versions start afresh).
  let encoder = createEncoder();
  const onAppended = options.onAppended;
  const insert = db.prepare(
    `INSERT INTO ${tables.log} (position, cluster, observed_at, source, type, resource, api_version, kind, uid,
       namespace, name, resource_version, version_key, inferred, encoding, base_position, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (cluster, resource, uid, version_key, type = 'DELETED') WHERE uid IS NOT NULL DO NOTHING`,
  );
  const maxPosition = db.prepare<[], { p: number | null }>(`SELECT max(position) AS p FROM ${tables.log}`);
  const sequence = db.prepare<[], { seq: number }>(
    `SELECT seq FROM sqlite_sequence WHERE name = '${tables.log}'`,
  );
  const retentionRuns = db.prepare<[], { id: number }>(
    `SELECT coalesce(max(id), 0) AS id FROM ${tables.retentionRuns}`,
  );

  // AUTOINCREMENT never reuses a position, even after retention removed the newest rows' neighbours.
  const logEnd = () => Math.max(maxPosition.get()?.p ?? 0, sequence.get()?.seq ?? 0) + 1;
  let nextPosition = logEnd();
  /**
   * What `logEnd()` reads while no one else writes. A skipped duplicate moves the sequence past
   * its position though no row takes it; the next row does (a position below the sequence is
   * allowed), so only another writer's rows, or none of ours after a rollback, change it otherwise.
   */
  let knownEnd = nextPosition;
  let retentionRun = retentionRuns.get()?.id ?? 0;

  /**
   * Runs first in every transaction (which holds the write lock, so nothing changes under it):
   * another process may have appended (an import) or removed rows (a retention run) since this
   * writer last wrote. Positions continue from the log's end; remembered keyframes may be removed
   * rows, and remembered projection states may miss the other writer's entries.
   */
  function catchUpWithLog(): void {
    const end = logEnd();
    const run = retentionRuns.get()?.id ?? 0;
    if (run !== retentionRun) encoder = createEncoder();
    if (end !== knownEnd || run !== retentionRun) {
      options.onForget?.();
      nextPosition = end;
    }
    knownEnd = end;
    retentionRun = run;
  }

  /** After a rolled-back transaction: nothing remembered of it may be used again. */
  function forgetAll(): void {
    encoder = createEncoder();
    // The log's end is never 0: the next transaction takes its positions from the log again.
    knownEnd = 0;
    options.onForget?.();
  }

  function appendOne(entry: NewEntry): LogEntry | undefined {
    const position = nextPosition;
    if (entry.type === 'MARKER') {
      const json = JSON.stringify(entry.object);
      // Positional parameters, in the column order of the INSERT (the hot path binds faster so).
      insert.run(
        position,
        entry.cluster,
        entry.observedAt,
        entry.source,
        'MARKER',
        entry.resource,
        null,
        (entry.object as MarkerBody).marker,
        null,
        null,
        null,
        null,
        null,
        0,
        markerEncoding,
        null,
        Buffer.from(json),
      );
      knownEnd = Math.max(knownEnd, position + 1);
      nextPosition++;
      return toLogEntry(position, entry, null);
    }
    const object = entry.object as KubeObject;
    const meta = object.metadata ?? {};
    const uid = meta.uid ?? null;
    const json = entry.text ?? JSON.stringify(object);
    const versionKey = versionKeyOf(meta.resourceVersion, json);
    const key = `${entry.cluster}/${entry.resource}/${uid ?? meta.name}`;
    const families = familiesOf(entry.cluster, entry.resource, object);
    const encoded = encoder.encode(key, position, json, families);
    // A version already recorded (same object, version and deletion) is skipped by the dedupe
    // index itself: one index descent, instead of a lookup first and the insert's own after it.
    // Duplicates are rare (a relist, an overlapping import), so encoding one for nothing is cheap.
    const written = insert.run(
      position,
      entry.cluster,
      entry.observedAt,
      entry.source,
      entry.type,
      entry.resource,
      object.apiVersion ?? null,
      object.kind ?? null,
      uid,
      meta.namespace ?? null,
      meta.name ?? null,
      meta.resourceVersion ?? null,
      versionKey,
      entry.inferred ? 1 : 0,
      encoded.encoding,
      encoded.basePosition,
      encoded.body,
    );
    knownEnd = Math.max(knownEnd, position + 1);
    if (written.changes === 0) {
      encoder.discard(key, position);
      return undefined;
    }
    nextPosition++;
    if (entry.type === 'DELETED' && uid !== null) encoder.forget(key);
    return toLogEntry(position, entry, uid);
  }

  /**
   * Whether the current attempt got into its transaction. BEGIN IMMEDIATE refused for a lock held
   * elsewhere wrote and remembered nothing: forgetting then would only cost every object a new
   * keyframe.
   */
  let began = false;
  /** Runs `work` in an IMMEDIATE transaction; on failure after BEGIN, forgets what it remembered. */
  function inTransaction<T>(run: () => T): T {
    began = false;
    try {
      return run();
    } catch (error) {
      if (began) forgetAll();
      throw error;
    }
  }

  const appendBatch = db.transaction((entries: Iterable<NewEntry>): AppendResult => {
    began = true;
    catchUpWithLog();
    const project = options.beforeAppend?.(nextPosition) ?? true;
    let read = 0;
    let appended = 0;
    let lastPosition: number | null = null;
    for (const entry of entries) {
      read++;
      const written = appendOne(entry);
      if (!written) continue;
      appended++;
      lastPosition = written.position;
      if (project) onAppended?.(written);
    }
    if (lastPosition !== null && project) options.onBatchAppended?.(lastPosition);
    return { appended, skipped: read - appended, lastPosition };
  });

  return {
    /**
     * Appends a batch atomically; on error (also one thrown by `entries` while iterated) nothing of
     * the batch (nor its projection) is kept. `entries` may be lazy: a replay that parses each
     * entry as it is appended lets the parsed object die young, instead of holding a whole batch
     * of parsed objects through several garbage collections.
     */
    append(entries: Iterable<NewEntry>): AppendResult {
      // IMMEDIATE: the write lock first, so what catchUpWithLog reads stays true until commit.
      if (!db.inTransaction) return inTransaction(() => appendBatch.immediate(entries));
      // A savepoint of `transaction`: rolled back alone if the caller goes on after the error.
      try {
        return appendBatch.immediate(entries);
      } catch (error) {
        forgetAll();
        throw error;
      }
    },
    /**
     * Runs `work` and an append in one transaction (e.g. checkpoint + entries). Throws what SQLite
     * threw, `isLockedByAnotherWriter` telling when another process held the write lock.
     */
    transaction<T>(work: () => T): T {
      return inTransaction(() =>
        db
          .transaction(() => {
            began = true;
            return work();
          })
          .immediate(),
      );
    },
  };
}

export type LogWriter = ReturnType<typeof createLogWriter>;

function toLogEntry(position: number, entry: NewEntry, uid: string | null): LogEntry {
  const object = entry.object as KubeObject;
  const meta = entry.type === 'MARKER' ? undefined : object.metadata;
  return {
    position,
    cluster: entry.cluster,
    observedAt: entry.observedAt,
    source: entry.source,
    type: entry.type,
    resource: entry.resource,
    apiVersion: entry.type === 'MARKER' ? null : (object.apiVersion ?? null),
    kind: entry.type === 'MARKER' ? (entry.object as MarkerBody).marker : (object.kind ?? null),
    uid,
    namespace: meta?.namespace ?? null,
    name: meta?.name ?? null,
    resourceVersion: meta?.resourceVersion ?? null,
    inferred: entry.inferred ?? false,
    object: entry.object,
  };
}
