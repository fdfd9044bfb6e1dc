import type Database from 'better-sqlite3';
import { KubetrailError } from './errors.ts';

/**
 * Indexes that only queries read, on the tables that grow with every entry: an append neither
 * checks nor looks anything up through them (the dedupe probe, a pod's previous version, open
 * episodes and attributed restarts use other indexes, kept).
 */
export const queryOnlyIndexes = [
  'log_entries_by_time',
  'log_entries_markers',
  'pod_versions_by_uid',
  'pod_transitions_by_uid',
  'pod_status_changes',
  'pod_status_changes_by_time',
  'restarts_by_time',
  'restarts_by_namespace',
  'restarts_by_namespace_time',
  'restarts_by_at',
  'crashloop_by_time',
  'crashloop_by_namespace_time',
  'crashloop_by_start',
  'crashloop_lanes',
  'events_by_involved',
  'events_by_name_lifetime',
  'event_occurrences_by_pod',
  'event_occurrences_by_time',
  'event_occurrences_by_at',
  'event_occurrences_by_involved',
] as const;

/**
 * For a bulk load into a database that is thrown away if the load does not finish (the bench's
 * 10-million-entry log): drops the query-only indexes and returns what creates them again. Once
 * the log is far larger than memory, each append would insert into those indexes at random pages
 * read back from disk; creating an index at the end sorts its rows once instead.
 */
export function deferQueryIndexes(db: Database.Database): { restore(): void } {
  const statement = db.prepare<[string], { sql: string }>(
    `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`,
  );
  const deferred = queryOnlyIndexes.map((name) => {
    const sql = statement.get(name)?.sql;
    // A migration that renamed one must rename it here too, or the load would keep maintaining it.
    if (!sql) throw new KubetrailError('storage', `index ${name} is not in the schema`);
    return { name, sql };
  });
  db.transaction(() => {
    for (const index of deferred) db.exec(`DROP INDEX ${index.name}`);
  }).immediate();
  return {
    restore() {
      db.transaction(() => {
        for (const index of deferred) db.exec(index.sql);
      }).immediate();
    },
  };
}
