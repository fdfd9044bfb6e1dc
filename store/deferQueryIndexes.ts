import type Database from 'better-sqlite3';
import { KubetrailError } from './errors.ts';
import { tables } from './tables.ts';

/**
 * Indexes that only queries read, on the tables that grow with every entry: an append neither
 * checks nor looks anything up through them (the dedupe probe, a pod's previous version, open
 * episodes and attributed restarts use other indexes, kept). The writer finds an object's base in
 * its own memory, never through the log's per-uid index, and what reads the newest entry of each
 * object (the collector's live objects) names cluster and resource, the dedupe index's prefix.
 */
export const queryOnlyIndexes = [
  'log_entries_by_uid',
  'log_entries_by_time',
  'log_entries_markers',
  'pod_versions_by_uid',
  'pods_alive',
  'objects_alive',
  'pod_transitions_by_uid',
  'pod_status_changes',
  'pod_status_changes_by_time',
  'restarts_by_time',
  'restarts_by_namespace',
  'restarts_by_namespace_time',
  'restarts_by_at',
  'restarts_by_reason',
  'crashloop_by_time',
  'crashloop_by_namespace_time',
  'crashloop_by_start',
  'crashloop_lanes',
  'crashloop_by_container',
  'events_by_involved',
  'events_by_involved_name',
  'events_involved_unsure',
  'events_by_name_lifetime',
  'events_alive',
  'event_occurrences_by_pod',
  'event_occurrences_by_time',
  'event_occurrences_by_at',
  'event_occurrences_by_involved',
  'event_occurrences_by_reason',
  'event_occurrences_by_kind',
] as const;

/**
 * Query-only indexes that queries name (`INDEXED BY`, to hold the planner to them): a query naming
 * one fails while it is gone, so a bulk write that readers may meet (a rebuild) keeps them.
 */
export const indexesNamedByQueries = [
  'pod_status_changes',
  'pod_status_changes_by_time',
  'crashloop_lanes',
  'events_alive',
  'events_by_involved_name',
  'events_involved_unsure',
  'pods_alive',
  'objects_alive',
  'restarts_by_at',
] as const;

export type DeferredIndexes = { restore(): void };

export type DeferOptions = {
  /** Only the indexes of these tables (all when absent). */
  onTables?: readonly string[];
  /** Also keep the indexes queries name: readers may query while the write runs. */
  keepNamedByQueries?: boolean;
};

/** The statement as recorded, made harmless when the index exists again (another writer restored it). */
const ifNotExists = (sql: string) =>
  sql.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS ');

/**
 * For a bulk write: drops the query-only indexes (see `DeferOptions` for which) and returns what
 * creates them again. Once the tables are far larger than memory, each row would insert into those
 * indexes at random pages, each written back at every commit; creating an index at the end sorts
 * its rows once instead. The dropped indexes are recorded in the same transaction: if the process
 * stops before `restore`, the next writer to open the database creates them (`restoreDeferredIndexes`).
 * Inside a transaction, the drops join it.
 */
export function deferQueryIndexes(
  db: Database.Database,
  { onTables, keepNamedByQueries = false }: DeferOptions = {},
): DeferredIndexes {
  const statement = db.prepare<[string], { sql: string; table: string }>(
    `SELECT sql, tbl_name AS "table" FROM sqlite_master WHERE type = 'index' AND name = ?`,
  );
  const record = db.prepare(`INSERT INTO ${tables.deferredIndexes} (name, sql) VALUES (?, ?)`);
  const drop = db.transaction(() => {
    const deferred = queryOnlyIndexes.flatMap((name) => {
      const index = statement.get(name);
      // A migration that renamed one must rename it here too, or bulk writes would keep maintaining it.
      if (!index) throw new KubetrailError('storage', `index ${name} is not in the schema`);
      if (onTables && !onTables.includes(index.table)) return [];
      if (keepNamedByQueries && (indexesNamedByQueries as readonly string[]).includes(name)) return [];
      return [{ name, sql: index.sql }];
    });
    for (const index of deferred) {
      db.exec(`DROP INDEX ${index.name}`);
      record.run(index.name, index.sql);
    }
  });
  if (db.inTransaction) drop();
  else drop.immediate();
  return { restore: () => restoreDeferredIndexes(db) };
}

/**
 * Creates again every index a bulk write dropped and did not restore (it stopped, or it is still
 * running in another process: the index is then created under it, which only slows it). Returns
 * how many were created.
 */
export function restoreDeferredIndexes(db: Database.Database): number {
  const recorded = db.prepare<[], { name: string; sql: string }>(
    `SELECT name, sql FROM ${tables.deferredIndexes} ORDER BY name`,
  );
  const forget = db.prepare(`DELETE FROM ${tables.deferredIndexes} WHERE name = ?`);
  const restore = db.transaction(() => {
    const indexes = recorded.all();
    for (const index of indexes) {
      db.exec(ifNotExists(index.sql));
      forget.run(index.name);
    }
    return indexes.length;
  });
  if (db.inTransaction) return restore();
  if (recorded.all().length === 0) return 0;
  // Creating an index sorts its rows; with temporary files in memory (the writer's setting) the
  // sort of a table of millions of rows took 1.6 GB. On disk it stays within the page cache.
  const tempStore = db.pragma('temp_store', { simple: true });
  db.pragma('temp_store = FILE');
  try {
    return restore.immediate();
  } finally {
    db.pragma(`temp_store = ${Number(tempStore)}`);
  }
}

/**
 * Runs a bulk load (`kubetrail import`, and the bench that measures it) with `load`. Into a log
 * that holds no entry yet, the query-only indexes are deferred and created once the load is done:
 * on 30,000 entries of a busy cluster the load was 10-15% faster, their creation (0.2 s) included.
 * Into a log that holds entries they stay, as creating them again would sort all it held before.
 * Indexes that queries name stay either way: a reader may query while the load runs.
 */
export function bulkLoad<T>(db: Database.Database, load: () => T): T {
  const logIsEmpty = db.prepare<[], number>(`SELECT NOT EXISTS (SELECT 1 FROM ${tables.log})`).pluck().get();
  const deferred = logIsEmpty === 1 ? deferQueryIndexes(db, { keepNamedByQueries: true }) : undefined;
  let result: T;
  try {
    result = load();
  } catch (error) {
    try {
      deferred?.restore();
    } catch {
      // The load's error is the one to report; the next writer to open the log creates them.
    }
    throw error;
  }
  deferred?.restore();
  return result;
}
