import type Database from 'better-sqlite3';
import { createShapedQuery, whereAll } from './shapedQuery.ts';

/** An object alive at an instant: where its newest version at or before then is in the log. */
export type ObjectAtRow = {
  position: number;
  uid: string;
  resource: string;
  namespace: string | null;
  name: string | null;
  observedAt: number;
};

export type ObjectsAtFilter = {
  cluster: string;
  /** Canonical resource names (plural[.group]); both Event APIs may be asked for together. */
  resources: readonly string[];
  at: number;
  namespace?: string | undefined;
  /** One object by name (a GET), instead of the whole list. */
  name?: string | undefined;
};

/** The filters that change a statement's shape (cluster, instant and resource are always bound). */
type Shape = { namespace?: string | undefined; name?: string | undefined };

const byNamespaceAndName = (a: ObjectAtRow, b: ObjectAtRow): number =>
  compare(a.namespace ?? '', b.namespace ?? '') ||
  compare(a.name ?? '', b.name ?? '') ||
  compare(a.uid, b.uid);
// Names are DNS labels (ASCII), where code-unit order is the byte order SQLite sorts text by.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The objects of some resources that existed at an instant: for each uid, its newest entry
 * observed at or before the instant, kept unless that entry is a deletion.
 *
 * Candidates are found through the lifetimes the read models keep (pods, events, and every other
 * kind in `objects`: first observation to observed deletion), then each one's newest entry through
 * the per-uid indexes, which decides; so a namespace costs its objects, not the log's length.
 */
export function createObjectsAtQuery(db: Database.Database) {
  /**
   * The objects alive at @at among a read model's rows (`table`, with its lifetime columns), each
   * with its newest entry at or before then (`newest`: a position, for the row `x`), unless that
   * entry is a deletion. `only` narrows the rows further (the resource in `objects`).
   */
  const aliveIn = (table: string, newest: string, only: string[] = []) =>
    createShapedQuery<Shape, ObjectAtRow>(
      db,
      [
        ['namespace', 'x.namespace = @namespace'],
        ['name', 'x.name = @name'],
      ],
      (conditions) =>
        `SELECT l.position, l.uid, l.resource, l.namespace, l.name, l.observed_at AS observedAt
         FROM ${table} x JOIN log_entries l ON l.position = (${newest})
         ${whereAll(['x.cluster = @cluster', ...only, 'x.first_seen_at <= @at', '(x.deleted_at IS NULL OR x.deleted_at > @at)', ...conditions])}
           AND l.type != 'DELETED'`,
    );
  const newestInLog = (resources: string) =>
    `SELECT e.position FROM log_entries e WHERE e.uid = x.uid AND e.observed_at <= @at
       AND e.cluster = x.cluster AND e.resource ${resources}
     ORDER BY e.observed_at DESC, e.position DESC LIMIT 1`;
  const pods = aliveIn(
    'pods',
    `SELECT v.position FROM pod_versions v WHERE v.uid = x.uid AND v.observed_at <= @at
     ORDER BY v.observed_at DESC, v.position DESC LIMIT 1`,
  );
  const objects = aliveIn('objects', newestInLog('= x.resource'), ['x.resource = @resource']);
  // Both Event APIs (@r0, @r1) record the same Events (one uid, one row in events): the newest
  // entry through either.
  const events = aliveIn('events', newestInLog('IN (@r0, @r1)'));
  const isEvents = (resource: string) => resource === 'events' || resource === 'events.events.k8s.io';

  return (filter: ObjectsAtFilter): ObjectAtRow[] => {
    const shape: Shape = { namespace: filter.namespace, name: filter.name };
    const bound = { cluster: filter.cluster, at: filter.at };
    const rows: ObjectAtRow[] = [];
    const eventApis = [...new Set(filter.resources.filter(isEvents))];
    if (eventApis.length > 0)
      rows.push(...events(shape, { ...bound, r0: eventApis[0], r1: eventApis.at(-1) }));
    for (const resource of new Set(filter.resources)) {
      if (isEvents(resource)) continue;
      rows.push(...(resource === 'pods' ? pods : objects)(shape, { ...bound, resource }));
    }
    return rows.sort(byNamespaceAndName);
  };
}
