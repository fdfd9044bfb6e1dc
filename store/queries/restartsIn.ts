import type Database from 'better-sqlite3';
import { createShapedStatement, whereAll } from './shapedQuery.ts';

export type RestartItem = {
  cluster: string;
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  containerKind: string;
  at: number;
  atSource: 'object' | 'observed';
  exitCode: number | null;
  reason: string | null;
  signal: number | null;
  message: string | null;
  restartCount: number;
  inferred: boolean;
  position: number;
};

export type RestartsFilter = {
  cluster?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  ownerUid?: string | undefined;
  reason?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** Keyset pagination: items strictly after this (at, id). */
  after?: { at: number; id: number } | undefined;
  limit?: number | undefined;
};

type Row = Omit<RestartItem, 'inferred'> & { inferred: number; id: number };

/**
 * Restarts in a time window, oldest first, with their termination details where known (one
 * statement per combination of filters: see shapedQuery.ts).
 */
export function createRestartsQuery(db: Database.Database) {
  const statementFor = createShapedStatement<RestartsFilter, Row>(
    db,
    [
      ['cluster', 'r.cluster = @cluster'],
      ['namespace', 'r.namespace = @namespace'],
      ['uid', 'r.uid = @uid'],
      ['ownerUid', 'r.uid IN (SELECT uid FROM pods WHERE owner_uid = @ownerUid)'],
      ['reason', 'r.reason = @reason'],
      ['since', 'r.at >= @since'],
      ['until', 'r.at <= @until'],
      ['after', '(r.at > @afterAt OR (r.at = @afterAt AND r.id > @afterId))'],
    ],
    (conditions) =>
      `SELECT r.id, r.cluster, r.namespace, r.pod, r.uid, r.container, r.container_kind AS containerKind, r.at,
         r.at_source AS atSource, r.exit_code AS exitCode, r.reason, r.signal, r.message,
         r.restart_count AS restartCount, r.inferred, r.position
       FROM restarts r ${whereAll(conditions)}
       ORDER BY r.at, r.id
       LIMIT @limit`,
  );
  const bound = (filter: RestartsFilter) =>
    statementFor(filter, {
      limit: filter.limit ?? -1,
      afterAt: filter.after?.at,
      afterId: filter.after?.id,
    });
  const item = (row: Row): RestartItem & { id: number } => ({ ...row, inferred: row.inferred === 1 });
  const all = (filter: RestartsFilter): (RestartItem & { id: number })[] => {
    const { statement, params } = bound(filter);
    return statement.all(params).map(item);
  };
  /**
   * The same restarts one at a time, none held: every restart of a month is a million rows, and
   * holding them all as objects took 11 s of a 13 s read (the GC moving them), against 4 s so.
   */
  function* each(filter: RestartsFilter): Generator<RestartItem & { id: number }> {
    const { statement, params } = bound(filter);
    for (const row of statement.iterate(params)) yield item(row);
  }
  return Object.assign(all, { each });
}
