// Retention without a rebuild: after the log loses every entry below a cut, the read models are
// brought to what a rebuild of the rest would make, touching only what the cut reaches.
//
// A rebuild projects each object from its own entries; objects meet only where a pod's predecessor
// (the pod of the same name first seen before it) and an Event linked to its pod by name are looked
// up. So, below the cut, the rows derived from removed entries go (their ids and positions are
// ranges), and the objects with entries on both sides of the cut (and the Events linked by name to
// pods of their names) lose their rows and are projected again from their first kept entry, on
// their own, in log order. The predecessors of pods that share a name with a removed or re-projected
// pod are looked up again. The log's counts lose the removed entries, and a count's first or last
// time that a removed entry held is searched for again through the log's time ranges.
// On the 10 M-entry bench log, a cut of one day left 9.25 M entries for a rebuild (73 min); the cut
// with this took 263 s in all, 267,488 entries (2.9% of what was left) projected again.
import type Database from 'better-sqlite3';
import { isEventResource, podResource } from '../resources.ts';
import { tables } from '../tables.ts';
import { countEntry, type LogCount, logCountKey } from './logCounts.ts';
import type { ProjectionRunner } from './projectionRunner.ts';
import { isDerivedRowId, rowIdsOf } from './rowIds.ts';
import { timeChunkOf, timeChunkSize } from './timeChunks.ts';

/**
 * Tables with a row per derived item: the column of the entry its id derives from, and whether a
 * pod's entries or an Event's derive them.
 */
const derivedRowTables = [
  ['pod_transitions', 'position', 'pod'],
  ['restarts', 'position', 'pod'],
  ['crashloop_episodes', 'start_position', 'pod'],
  ['event_occurrences', 'position', 'event'],
] as const;

/** Above this share of the entries left, a cut rebuilds the read models instead. */
const reprojectedShareLimit = 0.25;

/** What the cut removes, read from the log before its rows go. */
type Removed = { objects: Map<string, string>; groups: Map<string, LogCount> };

export type ReadModelCut = {
  /**
   * Inside the caller's transaction, before the log's rows below `below` are deleted: whether the
   * read models can follow the cut on their own (they are at the log's end, and every derived row
   * has the id its entry gives it), and if so what they must forget. Undefined: rebuild them.
   */
  prepare(below: number): Removed | undefined;
  /**
   * In the same transaction, after the deletion: brings the read models to a rebuild's, or leaves
   * them as they are (undefined: rebuild them) when most of the log would be projected again.
   */
  apply(below: number, removed: Removed): { reprojected: number } | undefined;
};

export function createReadModelCut(
  db: Database.Database,
  projections: Pick<ProjectionRunner, 'position' | 'isStale' | 'reproject'>,
): ReadModelCut {
  const logEnd = db.prepare<[], { p: number | null }>(`SELECT max(position) AS p FROM ${tables.log}`);
  const oldestRows = derivedRowTables.map(([table, column]) =>
    db.prepare<[], { id: number; position: number }>(
      `SELECT id, ${column} AS position FROM ${table} ORDER BY id LIMIT 1`,
    ),
  );
  const removedRows = db.prepare<
    [number],
    { uid: string | null; resource: string; cluster: string; type: string; observedAt: number }
  >(`SELECT uid, resource, cluster, type, observed_at AS observedAt FROM ${tables.log} WHERE position < ?`);
  const positionsOf = db.prepare<[string], { position: number }>(
    `SELECT position FROM ${tables.log} WHERE uid = ?`,
  );
  const podName = db.prepare<[string], { cluster: string; namespace: string; name: string }>(
    'SELECT cluster, namespace, name FROM pods WHERE uid = ?',
  );
  // An Event's involved object is the same in every version (the API server keeps it), so one
  // that names its pod without a uid was linked by name at each of its versions.
  const eventsLinkedByName = db.prepare<[string, string, string], { uid: string }>(
    `SELECT uid FROM events WHERE cluster = ? AND involved_namespace = ? AND involved_name = ?
       AND involved_kind = 'Pod' AND (involved_uid IS NULL OR linked_by = 'name')`,
  );
  const deleteIdentity = {
    pods: db.prepare<[string]>('DELETE FROM pods WHERE uid = ?'),
    events: db.prepare<[string]>('DELETE FROM events WHERE uid = ?'),
    objects: db.prepare<[string]>('DELETE FROM objects WHERE uid = ?'),
  };
  const deleteVersionsBelow = db.prepare<[number]>('DELETE FROM pod_versions WHERE position < ?');
  const deleteVersionAt = db.prepare<[number]>('DELETE FROM pod_versions WHERE position = ?');
  const deleteDerivedBelow = derivedRowTables.map(([table]) =>
    db.prepare<[number]>(`DELETE FROM ${table} WHERE id < ?`),
  );
  const deleteDerivedAt = (of: 'pod' | 'event') =>
    derivedRowTables
      .filter(([, , kind]) => kind === of)
      .map(([table]) => db.prepare<[number, number]>(`DELETE FROM ${table} WHERE id BETWEEN ? AND ?`));
  const deletePodRowsAt = deleteDerivedAt('pod');
  const deleteEventRowsAt = deleteDerivedAt('event');
  const updatePredecessors = db.prepare<[string, string, string]>(
    `UPDATE pods SET predecessor_uid = (
       SELECT y.uid FROM pods y WHERE y.cluster = pods.cluster AND y.namespace = pods.namespace
         AND y.name = pods.name AND y.uid != pods.uid AND y.first_position < pods.first_position
       ORDER BY y.first_position DESC LIMIT 1)
     WHERE cluster = ? AND namespace = ? AND name = ?`,
  );
  const statOf = db.prepare<[string, string, string], { entries: number; first: number; last: number }>(
    `SELECT entries, first_observed_at AS first, last_observed_at AS last FROM log_stats
     WHERE cluster = ? AND resource = ? AND type = ?`,
  );
  const deleteStat = db.prepare<[string, string, string]>(
    'DELETE FROM log_stats WHERE cluster = ? AND resource = ? AND type = ?',
  );
  const writeStat = db.prepare<[number, number, number, string, string, string]>(
    `UPDATE log_stats SET entries = ?, first_observed_at = ?, last_observed_at = ?
     WHERE cluster = ? AND resource = ? AND type = ?`,
  );
  const deleteChunksBelow = db.prepare<[number]>('DELETE FROM log_time_chunks WHERE chunk < ?');
  const deleteChunk = db.prepare<[number]>('DELETE FROM log_time_chunks WHERE chunk = ?');
  const fillChunk = db.prepare<[number, number, number]>(
    `INSERT INTO log_time_chunks (cluster, chunk, first_observed_at, last_observed_at)
     SELECT cluster, ?, min(observed_at), max(observed_at) FROM ${tables.log}
     WHERE position BETWEEN ? AND ? GROUP BY cluster`,
  );
  const chunksByFirst = db.prepare<[string], { chunk: number; first: number; last: number }>(
    `SELECT chunk, first_observed_at AS first, last_observed_at AS last FROM log_time_chunks
     WHERE cluster = ? ORDER BY first_observed_at`,
  );
  const chunksByLast = db.prepare<[string], { chunk: number; first: number; last: number }>(
    `SELECT chunk, first_observed_at AS first, last_observed_at AS last FROM log_time_chunks
     WHERE cluster = ? ORDER BY last_observed_at DESC`,
  );
  const chunkLogCounts = db.prepare<
    [number, number, string],
    { resource: string; type: string; first: number; last: number }
  >(
    `SELECT resource, type, min(observed_at) AS first, max(observed_at) AS last FROM ${tables.log}
     WHERE position BETWEEN ? AND ? AND cluster = ? GROUP BY resource, type`,
  );

  /** The read models' rows an entry of a pod or of an Event derived (other kinds derive none). */
  const forgetRowsOf = (position: number, resource: string) => {
    const [first, last] = rowIdsOf(position);
    if (resource === podResource) {
      deleteVersionAt.run(position);
      for (const statement of deletePodRowsAt) statement.run(first, last);
    } else if (isEventResource(resource)) {
      for (const statement of deleteEventRowsAt) statement.run(first, last);
    }
  };

  /**
   * The first (or last) observation time of each of a cluster's `wanted` kinds of entries, searched
   * through the log's runs in order of their earliest (latest) time: a run that cannot hold an
   * earlier (later) one than every kind has so far ends the search.
   */
  const bounds = (cluster: string, wanted: Set<string>, side: 'first' | 'last'): Map<string, number> => {
    const best = new Map<string, number>();
    const better = (a: number, b: number) => (side === 'first' ? a < b : a > b);
    const runs = side === 'first' ? chunksByFirst : chunksByLast;
    for (const run of runs.iterate(cluster)) {
      if (best.size === wanted.size) {
        const worst = [...best.values()].reduce((a, b) => (better(a, b) ? b : a));
        if (!better(run[side], worst)) break;
      }
      const from = run.chunk * timeChunkSize;
      for (const g of chunkLogCounts.all(from, from + timeChunkSize - 1, cluster)) {
        const key = logCountKey(cluster, g.resource, g.type);
        if (!wanted.has(key)) continue;
        const current = best.get(key);
        if (current === undefined || better(g[side], current)) best.set(key, g[side]);
      }
    }
    return best;
  };

  const cutStats = (removed: Map<string, LogCount>) => {
    const first = new Map<string, Set<string>>();
    const last = new Map<string, Set<string>>();
    const kept = new Map<string, LogCount>();
    const want = (sets: Map<string, Set<string>>, cluster: string, key: string) =>
      sets.set(cluster, (sets.get(cluster) ?? new Set()).add(key));
    for (const [key, gone] of removed) {
      const stat = statOf.get(gone.cluster, gone.resource, gone.type);
      if (!stat) continue;
      const entries = stat.entries - gone.entries;
      if (entries <= 0) {
        deleteStat.run(gone.cluster, gone.resource, gone.type);
        continue;
      }
      kept.set(key, { ...gone, entries, first: stat.first, last: stat.last });
      // A bound the removed entries did not hold is still the kept entries' own.
      if (gone.first <= stat.first) want(first, gone.cluster, key);
      if (gone.last >= stat.last) want(last, gone.cluster, key);
    }
    for (const [cluster, keys] of first)
      for (const [key, at] of bounds(cluster, keys, 'first')) (kept.get(key) as LogCount).first = at;
    for (const [cluster, keys] of last)
      for (const [key, at] of bounds(cluster, keys, 'last')) (kept.get(key) as LogCount).last = at;
    for (const g of kept.values()) writeStat.run(g.entries, g.first, g.last, g.cluster, g.resource, g.type);
  };

  return {
    prepare(below) {
      if (projections.isStale() || projections.position() !== (logEnd.get()?.p ?? 0)) return undefined;
      for (const oldest of oldestRows) {
        const row = oldest.get();
        if (row && !isDerivedRowId(row.id, row.position)) return undefined;
      }
      const objects = new Map<string, string>();
      const groups = new Map<string, LogCount>();
      for (const row of removedRows.iterate(below)) {
        if (row.uid !== null) objects.set(row.uid, row.resource);
        countEntry(groups, row);
      }
      return { objects, groups };
    },

    apply(below, removed) {
      // Objects the cut reached (gone for good, or to project again from their first kept entry),
      // and the Events linked to a pod by name whose pods of that name changed.
      const objects = new Map(removed.objects);
      const names = new Map<string, [string, string, string]>();
      for (const [uid, resource] of removed.objects) {
        const pod = resource === podResource ? podName.get(uid) : undefined;
        if (pod) names.set(JSON.stringify(pod), [pod.cluster, pod.namespace, pod.name]);
      }
      for (const [cluster, namespace, name] of names.values())
        for (const { uid } of eventsLinkedByName.all(cluster, namespace, name)) objects.set(uid, 'events');
      const kept = new Map([...objects.keys()].map((uid) => [uid, positionsOf.all(uid)]));
      const again = [...kept.values()].flat().map((row) => row.position);
      // When most of what is left would be projected again (objects that outlive the cut by far),
      // a rebuild, in batches that let a recorder write between them, does the same work.
      const left = Math.max(0, (logEnd.get()?.p ?? 0) - below + 1);
      if (again.length > reprojectedShareLimit * left) return undefined;

      deleteVersionsBelow.run(below);
      for (const statement of deleteDerivedBelow) statement.run(rowIdsOf(below)[0]);
      for (const [uid, resource] of objects) {
        for (const { position } of kept.get(uid) ?? []) forgetRowsOf(position, resource);
        if (resource === podResource) deleteIdentity.pods.run(uid);
        else if (isEventResource(resource)) deleteIdentity.events.run(uid);
        else deleteIdentity.objects.run(uid);
      }

      const reprojected = projections.reproject(again.sort((a, b) => a - b));
      for (const [cluster, namespace, name] of names.values())
        updatePredecessors.run(cluster, namespace, name);

      // The log's time ranges: runs below the cut go, the run it falls in is measured again.
      const cutRun = timeChunkOf(below);
      deleteChunksBelow.run(cutRun);
      deleteChunk.run(cutRun);
      fillChunk.run(cutRun, below, (cutRun + 1) * timeChunkSize - 1);
      cutStats(removed.groups);
      return { reprojected };
    },
  };
}
