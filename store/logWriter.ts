import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { createObjectEncoder, type StoredBody } from './codec/index.ts';
import { tables } from './tables.ts';
import type { AppendResult, KubeObject, LogEntry, MarkerBody, NewEntry } from './types.ts';

/** Runs inside the append transaction for every entry written: the inline projection. */
export type AppendHook = (entry: LogEntry) => void;

export type LogWriterOptions = {
  onAppended?: AppendHook;
  /** Runs inside the transaction after a batch that wrote something (the projection checkpoint). */
  onBatchAppended?: (lastPosition: number) => void;
  createEncoder?: () => ReturnType<typeof createObjectEncoder>;
  /** After a transaction rolled back: whatever the hooks remembered of it must be forgotten. */
  onRolledBack?: () => void;
};

const markerEncoding = 0;

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
    (() => createObjectEncoder({ loadKeyframe: (position) => keyframeRow.get(position) }));
  // The encoder remembers each object's previous version; after a rolled-back batch it may
  // remember versions that were never written, so it is replaced (next versions start afresh).
  let encoder = createEncoder();
  const onAppended = options.onAppended;
  const exists = db.prepare<[string, string, string, string, number], { one: number }>(
    `SELECT 1 AS one FROM ${tables.log}
     WHERE cluster = ? AND resource = ? AND uid = ? AND version_key = ? AND (type = 'DELETED') = ? AND uid IS NOT NULL`,
  );
  const insert = db.prepare(
    `INSERT INTO ${tables.log} (position, cluster, observed_at, source, type, resource, api_version, kind, uid,
       namespace, name, resource_version, version_key, inferred, encoding, base_position, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const maxPosition = db.prepare<[], { p: number | null }>(`SELECT max(position) AS p FROM ${tables.log}`);
  const sequence = db.prepare<[], { seq: number }>(
    `SELECT seq FROM sqlite_sequence WHERE name = '${tables.log}'`,
  );

  // AUTOINCREMENT never reuses a position, even after retention removed the newest rows' neighbours.
  let nextPosition = Math.max(maxPosition.get()?.p ?? 0, sequence.get()?.seq ?? 0) + 1;

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
      nextPosition++;
      return toLogEntry(position, entry, null);
    }
    const object = entry.object as KubeObject;
    const meta = object.metadata ?? {};
    const uid = meta.uid ?? null;
    const json = entry.text ?? JSON.stringify(object);
    const versionKey = versionKeyOf(meta.resourceVersion, json);
    if (
      uid !== null &&
      exists.get(entry.cluster, entry.resource, uid, versionKey, entry.type === 'DELETED' ? 1 : 0)
    ) {
      return undefined;
    }
    const encoded = encoder.encode(
      `${entry.cluster}/${entry.resource}/${uid ?? meta.name}`,
      position,
      json,
      object,
    );
    insert.run(
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
    nextPosition++;
    if (entry.type === 'DELETED' && uid !== null) encoder.forget(`${entry.cluster}/${entry.resource}/${uid}`);
    return toLogEntry(position, entry, uid);
  }

  const appendBatch = db.transaction((entries: readonly NewEntry[]): AppendResult => {
    let appended = 0;
    let lastPosition: number | null = null;
    for (const entry of entries) {
      const written = appendOne(entry);
      if (!written) continue;
      appended++;
      lastPosition = written.position;
      onAppended?.(written);
    }
    if (lastPosition !== null) options.onBatchAppended?.(lastPosition);
    return { appended, skipped: entries.length - appended, lastPosition };
  });

  return {
    /** Appends a batch atomically; on error nothing of the batch (nor its projection) is kept. */
    append(entries: readonly NewEntry[]): AppendResult {
      const before = nextPosition;
      try {
        return appendBatch(entries);
      } catch (error) {
        nextPosition = before;
        encoder = createEncoder();
        options.onRolledBack?.();
        throw error;
      }
    },
    /** Forgets every remembered keyframe (after retention removed rows): next versions start afresh. */
    forgetEncoded(): void {
      encoder = createEncoder();
    },
    /** Runs `work` and an append in one transaction (e.g. checkpoint + entries). */
    transaction<T>(work: () => T): T {
      const before = nextPosition;
      try {
        return db.transaction(work)();
      } catch (error) {
        nextPosition = before;
        encoder = createEncoder();
        options.onRolledBack?.();
        throw error;
      }
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
