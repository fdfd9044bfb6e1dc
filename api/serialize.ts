// The JSON shapes of read-model items, shared by every route that returns them.
import type { EventItem, RestartItem } from '../store/index.ts';
import { iso } from './time.ts';

/** A restart as the API shows it, wherever it is listed (cluster-wide or in a pod's history). */
export const restartJson = (r: RestartItem) => ({
  cluster: r.cluster,
  namespace: r.namespace,
  pod: r.pod,
  uid: r.uid,
  container: r.container,
  containerKind: r.containerKind,
  at: iso(r.at),
  atSource: r.atSource,
  exitCode: r.exitCode,
  reason: r.reason,
  signal: r.signal,
  message: r.message,
  restartCount: r.restartCount,
  inferred: r.inferred,
  position: r.position,
});

/** What every listing of Event occurrences shows (a route adds what it knows besides). */
export const eventOccurrenceJson = (
  e: Pick<
    EventItem,
    | 'eventUid'
    | 'at'
    | 'atSource'
    | 'type'
    | 'reason'
    | 'message'
    | 'category'
    | 'occurrences'
    | 'countAfter'
    | 'source'
    | 'position'
  >,
) => ({
  eventUid: e.eventUid,
  at: iso(e.at),
  atSource: e.atSource,
  type: e.type,
  reason: e.reason,
  message: e.message,
  category: e.category,
  occurrences: e.occurrences,
  count: e.countAfter,
  source: e.source,
  position: e.position,
});
