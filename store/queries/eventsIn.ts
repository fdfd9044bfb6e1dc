import type Database from 'better-sqlite3';
import { createShapedQuery, whereAll } from './shapedQuery.ts';

/** One occurrence of a Kubernetes Event (count 3 -> 5 is one item of 2 occurrences). */
export type EventOccurrenceItem = {
  id: number;
  eventUid: string;
  cluster: string;
  namespace: string | null;
  name: string | null;
  podUid: string | null;
  involvedKind: string | null;
  involvedName: string | null;
  involvedField: string | null;
  at: number;
  atSource: 'object' | 'observed';
  type: string | null;
  reason: string | null;
  message: string | null;
  category: string;
  occurrences: number;
  countAfter: number;
  source: string | null;
  /** The API server deleted the Event (its TTL expired, or someone removed it); kubetrail kept it. */
  expired: boolean;
  position: number;
};

export type EventsFilter = {
  cluster?: string | undefined;
  namespace?: string | undefined;
  podUid?: string | undefined;
  involvedKind?: string | undefined;
  involvedName?: string | undefined;
  reason?: string | undefined;
  type?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  after?: { at: number; id: number } | undefined;
  limit?: number | undefined;
};

/**
 * Event occurrences in a window, oldest first, whether or not the API server still has the Event
 * (one statement per combination of filters: see shapedQuery.ts).
 */
export function createEventsQuery(db: Database.Database) {
  const query = createShapedQuery<EventsFilter, Omit<EventOccurrenceItem, 'expired'> & { expired: number }>(
    db,
    [
      ['cluster', 'o.cluster = @cluster'],
      ['namespace', 'o.namespace = @namespace'],
      ['podUid', 'o.pod_uid = @podUid'],
      ['involvedKind', 'o.involved_kind = @involvedKind'],
      ['involvedName', 'o.involved_name = @involvedName'],
      ['reason', 'o.reason = @reason'],
      ['type', 'o.type = @type'],
      ['since', 'o.at >= @since'],
      ['until', 'o.at <= @until'],
      ['after', '(o.at > @afterAt OR (o.at = @afterAt AND o.id > @afterId))'],
    ],
    (conditions) =>
      `SELECT o.id, o.event_uid AS eventUid, o.cluster, o.namespace, e.name, o.pod_uid AS podUid,
         o.involved_kind AS involvedKind, o.involved_name AS involvedName, e.involved_field AS involvedField,
         o.at, o.at_source AS atSource, o.type, o.reason, o.message, o.category, o.occurrences,
         o.count_after AS countAfter, e.source,
         EXISTS (SELECT 1 FROM log_entries l WHERE l.uid = o.event_uid AND l.type = 'DELETED') AS expired,
         o.position
       FROM event_occurrences o JOIN events e ON e.uid = o.event_uid
       ${whereAll(conditions)}
       ORDER BY o.at, o.id
       LIMIT @limit`,
  );
  return (filter: EventsFilter): EventOccurrenceItem[] =>
    query(filter, { limit: filter.limit ?? -1, afterAt: filter.after?.at, afterId: filter.after?.id }).map(
      (row) => ({ ...row, expired: row.expired === 1 }),
    );
}
