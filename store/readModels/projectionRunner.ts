import type Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import {
  type EventRow,
  eventFacts,
  mergeEventRows,
  type PodRow,
  type PodState,
  projectEvent,
  projectObject,
  projectPod,
  snapshotPod,
} from '../../projector/index.ts';
import { deferQueryIndexes } from '../deferQueryIndexes.ts';
import type { LogReader } from '../readLog.ts';
import { isEventResource, podResource } from '../resources.ts';
import { readModelTables, tables } from '../tables.ts';
import type { KubeObject, LogEntry } from '../types.ts';
import { countEntry, type LogCount } from './logCounts.ts';
import { readModelStatements } from './readModelStatements.ts';
import { timeChunkOf } from './timeChunks.ts';

export const projectionName = 'timelines';
/** Bump when a projection's output changes: the next open rebuilds the read models. */
export const projectionVersion = 2;

const stateCacheLimit = 20_000;
/** Entries a writer projects for a rebuild in progress, in each of its own transactions. */
const catchUpShare = 2000;

/**
 * Applies the pure projections to the read-model tables. Keeps each object's last state in a
 * bounded cache; on a miss it rebuilds that state from the log and the tables, so the rows are
 * the same whether entries are projected inline, after a restart, or in a full rebuild.
 */
export function createProjectionRunner(db: Database.Database, reader: LogReader) {
  const sql = readModelStatements(db);
  // Least recently projected first out (see the encoder's caches for why not a Map).
  const podStates = new LRUCache<string, PodState>({ max: stateCacheLimit });
  const eventCounts = new LRUCache<string, number>({ max: stateCacheLimit });
  const readCheckpoint = db.prepare<[string], { version: number; position: number }>(
    `SELECT version, position FROM ${tables.projectionCheckpoints} WHERE name = ?`,
  );
  const writeCheckpoint = db.prepare(
    `INSERT INTO ${tables.projectionCheckpoints} (name, version, position) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
  );

  // Most versions of a pod only move when it was last seen: that update is written once per pod
  // and batch, with the checkpoint. Nothing in the batch reads it back (a pod touched in this
  // batch is in the state cache, which holds more pods than a batch has entries).
  const pendingTouches = new Map<string, PodRow>();

  // An Event repeats (its count goes up) many times a batch: its row is merged in memory and
  // written once per batch, with the checkpoint (or sooner, when too many are pending). Its count,
  // which the next repeat reads, is in the count cache or here.
  const pendingEvents = new Map<string, EventRow>();

  function writePendingEvents() {
    for (const row of pendingEvents.values()) sql.writeEvent(row);
    pendingEvents.clear();
  }

  function podStateBefore(entry: LogEntry, uid: string): PodState | undefined {
    const cached = podStates.get(uid);
    if (cached) return cached;
    const row = sql.pod(uid);
    if (!row) return undefined;
    const previous = reader.previousOf(uid, entry.resource, entry.position);
    if (!previous) return undefined;
    const snapshot = snapshotPod(previous.object as KubeObject, previous.cluster, previous.observedAt);
    const episodes = Object.fromEntries(sql.openEpisodes(uid).map((e) => [e.container, e]));
    return { row, snapshot, episodes, attributed: sql.attributed(uid) };
  }

  function projectPodEntry(entry: LogEntry, pod: KubeObject) {
    const uid = entry.uid!;
    const prev = podStateBefore(entry, uid);
    const snapshot = snapshotPod(pod, entry.cluster, entry.observedAt);
    const predecessorUid = prev
      ? null
      : sql.predecessor(entry.cluster, snapshot.namespace, snapshot.name, uid, entry.position);
    const result = projectPod(
      prev,
      snapshot,
      {
        position: entry.position,
        observedAt: entry.observedAt,
        type: entry.type as 'ADDED' | 'MODIFIED' | 'DELETED',
        inferred: entry.inferred,
      },
      { predecessorUid },
    );
    if (prev && sameIdentity(prev.row, result.pod)) pendingTouches.set(uid, result.pod);
    else {
      pendingTouches.delete(uid);
      sql.writePod(result.pod);
    }
    sql.writeVersion(result.version);
    result.transitions.forEach(sql.writeTransition);
    result.restarts.forEach(sql.writeRestart);
    // An episode's id comes from the entry that opened it: its index among the episodes opened there.
    let opened = 0;
    for (const e of result.episodes) sql.writeEpisode(e, e.startPosition === entry.position ? opened++ : 0);
    // A deleted pod's state is not needed again (anything later rebuilds it from the tables).
    if (entry.type === 'DELETED') podStates.delete(uid);
    else podStates.set(uid, result.state);
  }

  function projectEventEntry(entry: LogEntry, object: KubeObject) {
    const facts = eventFacts(object);
    const previousCount =
      eventCounts.get(facts.uid) ?? pendingEvents.get(facts.uid)?.count ?? sql.eventCount(facts.uid);
    let link: { podUid: string | null; linkedBy: 'uid' | 'name' | null } = { podUid: null, linkedBy: null };
    if (facts.involved.kind === 'Pod') {
      if (facts.involved.uid) link = { podUid: facts.involved.uid, linkedBy: 'uid' };
      else if (facts.involved.name && facts.involved.namespace) {
        const podUid = sql.podUidByName(
          entry.cluster,
          facts.involved.namespace,
          facts.involved.name,
          facts.lastAt ?? entry.observedAt,
          entry.position,
        );
        link = { podUid, linkedBy: podUid ? 'name' : null };
      }
    }
    const result = projectEvent(
      previousCount,
      facts,
      {
        position: entry.position,
        observedAt: entry.observedAt,
        cluster: entry.cluster,
        deleted: entry.type === 'DELETED',
      },
      link,
    );
    const pending = pendingEvents.get(facts.uid);
    pendingEvents.set(facts.uid, pending ? mergeEventRows(pending, result.event) : result.event);
    if (pendingEvents.size > stateCacheLimit) writePendingEvents();
    if (result.occurrence) sql.writeOccurrence(result.occurrence);
    if (entry.type === 'DELETED') eventCounts.delete(facts.uid);
    else eventCounts.set(facts.uid, result.event.count);
  }

  // Entry counts are summed in memory and written once per batch, with the checkpoint.
  const pendingStats = new Map<string, LogCount>();
  // Each run of positions' range of observation times, likewise (a batch touches a run or two).
  const pendingChunks = new Map<string, { cluster: string; chunk: number; first: number; last: number }>();
  function count(entry: LogEntry) {
    const chunk = timeChunkOf(entry.position);
    const chunkKey = `${entry.cluster}\u0000${chunk}`;
    const run = pendingChunks.get(chunkKey);
    if (run) {
      run.first = Math.min(run.first, entry.observedAt);
      run.last = Math.max(run.last, entry.observedAt);
    } else {
      pendingChunks.set(chunkKey, {
        cluster: entry.cluster,
        chunk,
        first: entry.observedAt,
        last: entry.observedAt,
      });
    }
    countEntry(pendingStats, entry);
  }

  function project(entry: LogEntry) {
    count(entry);
    projectRows(entry);
  }

  /** The rows an entry derives for its object (everything but the log's counts and time ranges). */
  function projectRows(entry: LogEntry) {
    if (entry.type === 'MARKER' || !entry.uid) return;
    const object = entry.object as KubeObject;
    if (entry.resource === podResource) projectPodEntry(entry, object);
    else if (isEventResource(entry.resource)) projectEventEntry(entry, object);
    else {
      const row = projectObject(sql.object(entry.uid), object, {
        cluster: entry.cluster,
        resource: entry.resource,
        position: entry.position,
        observedAt: entry.observedAt,
        deleted: entry.type === 'DELETED',
        inferred: entry.inferred,
      });
      sql.writeObject(row);
    }
  }

  // The checkpoint as this runner last wrote or read it: when another process moved it since (its
  // rebuild or catch-up projected entries), the states remembered here may miss those entries.
  let checkpointSeen: number | undefined;
  function readCheckpointPosition(): number {
    const at = readCheckpoint.get(projectionName)?.position ?? 0;
    if (at !== checkpointSeen) forgetCached();
    checkpointSeen = at;
    return at;
  }

  /** Writes the rows held back for the end of a batch: pods' last sightings and merged Events. */
  function writePendingRows() {
    for (const row of pendingTouches.values()) sql.touchPod(row);
    pendingTouches.clear();
    writePendingEvents();
  }

  function checkpoint(position: number) {
    checkpointSeen = position;
    writePendingRows();
    for (const stat of pendingStats.values()) sql.addStats(stat);
    pendingStats.clear();
    for (const run of pendingChunks.values()) sql.addTimeChunk(run);
    pendingChunks.clear();
    writeCheckpoint.run(projectionName, projectionVersion, position);
  }

  /** Drops every remembered state (after a rolled-back batch): the tables are the truth again. */
  function forgetCached() {
    podStates.clear();
    eventCounts.clear();
    pendingStats.clear();
    pendingChunks.clear();
    pendingTouches.clear();
    pendingEvents.clear();
  }

  /**
   * Inside the caller's transaction: projects up to `limit` log entries after the checkpoint and
   * moves it. The checkpoint is read in the same transaction, so two processes catching up never
   * project the same entries.
   */
  function projectPending(limit: number): number {
    const from = readCheckpointPosition();
    // One entry parsed at a time: a batch of them held parsed together (5,000 pods, hundreds of MB
    // of objects) outlived the young generation, and collecting them took a fifth of a rebuild.
    let projected = 0;
    let last = from;
    for (const entry of takeN(reader.entriesAfter(from, limit), limit)) {
      project(entry);
      projected++;
      last = entry.position;
    }
    if (projected > 0) checkpoint(last);
    return projected;
  }

  /** Replays log entries after the checkpoint, in batched transactions. */
  function catchUp(batchSize = 5000): number {
    let done = 0;
    for (;;) {
      let projected: number;
      try {
        projected = db.transaction(() => projectPending(batchSize)).immediate();
      } catch (error) {
        forgetCached();
        throw error;
      }
      if (projected === 0) return done;
      done += projected;
    }
  }

  /**
   * Inside a writer's transaction, before it appends at `next`: whether the read models are at
   * the log's end, so the batch can be projected inline. When they are behind (another process
   * rebuilding them, or one that stopped halfway), it first projects a bounded share of what is
   * missing, so writers finish a rebuild that nobody else finishes.
   */
  function readyFor(next: number): boolean {
    if (readCheckpointPosition() >= next - 1) return true;
    projectPending(catchUpShare);
    return (checkpointSeen ?? 0) >= next - 1;
  }

  /**
   * Inside the caller's transaction: projects again the entries at `positions` (ascending), from no
   * remembered state, as a rebuild meets them. For objects whose derived rows the caller removed
   * (retention, for the objects that span its cut): their rows come out as a rebuild makes them.
   * The log's counts and time ranges and the checkpoint are left as they are.
   */
  function reproject(positions: Iterable<number>): number {
    forgetCached();
    let projected = 0;
    for (const position of positions) {
      const entry = reader.entry(position);
      if (!entry) continue;
      projectRows(entry);
      projected++;
    }
    writePendingRows();
    forgetCached();
    return projected;
  }

  return {
    project,
    reproject,
    checkpoint,
    catchUp,
    readyFor,
    forgetCached,
    /** True when the read models were built by another projection version (and must be rebuilt). */
    isStale(): boolean {
      const row = readCheckpoint.get(projectionName);
      return row !== undefined && row.version !== projectionVersion;
    },
    /**
     * Drops every read model and replays the whole log. The rows come in log order but land at
     * random pages of the query indexes (by pod, by time), each written back at every commit: those
     * indexes are dropped first and created once at the end, a sort each (a stop on the way leaves
     * them to the next writer that opens the log: `restoreDeferredIndexes`).
     */
    rebuild(): number {
      const deferred = db
        .transaction(() => {
          const dropped = deferQueryIndexes(db, { onTables: readModelTables, keepNamedByQueries: true });
          for (const table of readModelTables) db.exec(`DELETE FROM ${table}`);
          checkpoint(0);
          return dropped;
        })
        .immediate();
      forgetCached();
      const replayed = catchUp();
      deferred.restore();
      return replayed;
    },
    position(): number {
      return readCheckpoint.get(projectionName)?.position ?? 0;
    },
  };
}

/** True when two rows of a pod differ at most in when it was last seen. */
function sameIdentity(a: PodRow, b: PodRow): boolean {
  for (const key of Object.keys(a) as (keyof PodRow)[]) {
    if (key === 'lastSeenAt' || key === 'lastPosition') continue;
    if (key === 'labels') {
      if (JSON.stringify(a.labels) !== JSON.stringify(b.labels)) return false;
    } else if (a[key] !== b[key]) return false;
  }
  return true;
}

function* takeN<T>(items: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const item of items) {
    if (i++ >= n) return;
    yield item;
  }
}

export type ProjectionRunner = ReturnType<typeof createProjectionRunner>;
