import type Database from 'better-sqlite3';
import { createObjectDecoder } from './codec/index.ts';
import { tables } from './tables.ts';
import type { EntrySource, EntryType, KubeObject, LogEntry, MarkerBody } from './types.ts';

type LogRow = {
  position: number;
  cluster: string;
  observed_at: number;
  source: EntrySource;
  type: EntryType;
  resource: string;
  api_version: string | null;
  kind: string | null;
  uid: string | null;
  namespace: string | null;
  name: string | null;
  resource_version: string | null;
  inferred: number;
  encoding: number;
  base_position: number | null;
  body: Buffer;
};

/** Where an entry sits in the log, without its object. */
export type EntryVersion = { position: number; observedAt: number; type: EntryType };

const columns = `position, cluster, observed_at, source, type, resource, api_version, kind, uid, namespace, name,
  resource_version, inferred, encoding, base_position, body`;

export type LogReaderOptions = {
  /**
   * Keyframes held decoded for the deltas read after them, bytes of text. A delta is stored
   * against its object's keyframe, not the version before it: reading an object's versions in
   * order without them read the keyframe back and inflated it for every delta (a rebuild spent a
   * fifth of its time so).
   */
  baseCacheBytes?: number;
};

/** Reads the log back, decoding each object to exactly the JSON that was observed. */
export function createLogReader(
  db: Database.Database,
  { baseCacheBytes = 8 * 1024 * 1024 }: LogReaderOptions = {},
) {
  const decoder = createObjectDecoder({ maxBytes: baseCacheBytes });
  const byPosition = db.prepare<[number], LogRow>(`SELECT ${columns} FROM ${tables.log} WHERE position = ?`);
  const basePart = db.prepare<[number], { encoding: number; body: Buffer; base_position: number | null }>(
    `SELECT encoding, body, base_position FROM ${tables.log} WHERE position = ?`,
  );
  const after = db.prepare<[number, number], LogRow>(
    `SELECT ${columns} FROM ${tables.log} WHERE position > ? ORDER BY position LIMIT ?`,
  );
  // Answered from the uid index alone (no table row), so finding a version costs one page read.
  const versionOfUid = db.prepare<[string, number, number], { position: number }>(
    `SELECT position FROM ${tables.log}
     WHERE uid = ? AND observed_at <= ? AND position <= ?
     ORDER BY observed_at DESC, position DESC LIMIT 1`,
  );
  const latestOfUid = db.prepare<[string, number, number], LogRow>(
    `SELECT ${columns} FROM ${tables.log}
     WHERE uid = ? AND observed_at <= ? AND position <= ?
     ORDER BY observed_at DESC, position DESC LIMIT 1`,
  );
  const previousOfUid = db.prepare<[string, string, number], LogRow>(
    `SELECT ${columns} FROM ${tables.log}
     WHERE uid = ? AND resource = ? AND position < ? ORDER BY position DESC LIMIT 1`,
  );
  const versionsOfUid = db.prepare<[string], LogRow>(
    `SELECT ${columns} FROM ${tables.log} WHERE uid = ? ORDER BY position`,
  );

  // A base removed by retention lives on in retained_bases (keyframes only: no base of their own).
  // Prepared on first need: a read-only open of a database older than migration 0004 has no table.
  let retainedBase: Database.Statement<
    [number],
    { encoding: number; body: Buffer; base_position: null }
  > | null = null;
  const retained = (position: number) => {
    retainedBase ??= db.prepare(
      `SELECT encoding, body, NULL AS base_position FROM ${tables.retainedBases} WHERE position = ?`,
    );
    return retainedBase.get(position);
  };

  const loadBase = (position: number) => {
    const row = basePart.get(position) ?? retained(position);
    if (!row) throw new Error(`log entry ${position} is referenced as a delta base but missing`);
    return { encoding: row.encoding, body: row.body, basePosition: row.base_position };
  };

  function objectJson(row: LogRow): string {
    return decoder.decode(row.encoding, row.body, row.base_position, loadBase);
  }

  /** An entry's object exactly as observed (its text), with where and when it was observed. */
  function stored(position: number): (EntryVersion & { uid: string | null; json: string }) | undefined {
    const row = byPosition.get(position);
    if (!row) return undefined;
    return { position, observedAt: row.observed_at, type: row.type, uid: row.uid, json: objectJson(row) };
  }

  function toEntry(row: LogRow): LogEntry {
    const object = JSON.parse(objectJson(row)) as KubeObject | MarkerBody;
    return {
      position: row.position,
      cluster: row.cluster,
      observedAt: row.observed_at,
      source: row.source,
      type: row.type,
      resource: row.resource,
      apiVersion: row.api_version,
      kind: row.kind,
      uid: row.uid,
      namespace: row.namespace,
      name: row.name,
      resourceVersion: row.resource_version,
      inferred: row.inferred === 1,
      object,
    };
  }

  return {
    /** Forgets the keyframes held: after a rolled-back write, its positions will hold other rows. */
    forgetBases: decoder.forget,
    entry(position: number): LogEntry | undefined {
      const row = byPosition.get(position);
      return row ? toEntry(row) : undefined;
    },
    /** The exact JSON text stored for an entry (what was observed, byte for byte). */
    json(position: number): string | undefined {
      return stored(position)?.json;
    },
    /** Entries after a position, in log order, in pages. */
    *entriesAfter(position: number, pageSize = 1000): Generator<LogEntry> {
      let from = position;
      for (;;) {
        const rows = after.all(from, pageSize);
        for (const row of rows) yield toEntry(row);
        if (rows.length < pageSize) return;
        from = rows[rows.length - 1]!.position;
      }
    },
    /** The position of an object's newest entry at an instant, found without reading the entry. */
    positionAt(uid: string, at: number, maxPosition = Number.MAX_SAFE_INTEGER): number | undefined {
      return versionOfUid.get(uid, at, maxPosition)?.position;
    },
    stored,
    /** The newest entry of an object observed at or before an instant (ties: the later position). */
    objectAt(uid: string, at: number, maxPosition = Number.MAX_SAFE_INTEGER): LogEntry | undefined {
      const row = latestOfUid.get(uid, at, maxPosition);
      return row ? toEntry(row) : undefined;
    },
    /** The entry of the same object just before a position (what the projector compares against). */
    previousOf(uid: string, resource: string, position: number): LogEntry | undefined {
      const row = previousOfUid.get(uid, resource, position);
      return row ? toEntry(row) : undefined;
    },
    versions(uid: string): LogEntry[] {
      return versionsOfUid.all(uid).map(toEntry);
    },
  };
}

export type LogReader = ReturnType<typeof createLogReader>;
