import type { KubeObject } from '../store/types.ts';
import { eventCategory } from './eventCategory.ts';
import { knownOr, timeOf } from './time.ts';
import type { EventRow, OccurrenceRow } from './types.ts';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** One Event in the shape both APIs share (core/v1 and events.k8s.io/v1 name fields differently). */
export type EventFacts = {
  uid: string;
  namespace: string | null;
  name: string | null;
  involved: {
    kind: string | null;
    namespace: string | null;
    name: string | null;
    uid: string | null;
    fieldPath: string | null;
  };
  reason: string | null;
  type: string | null;
  message: string | null;
  source: string | null;
  firstAt: number | null;
  lastAt: number | null;
  /** How many times it has occurred so far: count, series.count or deprecatedCount, at least 1. */
  count: number;
};

export function eventFacts(event: KubeObject): EventFacts {
  const meta = event.metadata ?? {};
  const isEventsApi = (event.apiVersion ?? '').startsWith('events.k8s.io/');
  const involved = rec(isEventsApi ? event.regarding : event.involvedObject);
  const series = rec(event.series);
  const source = rec(isEventsApi ? event.deprecatedSource : event.source);
  const count = Math.max(num(event.count) ?? 0, num(event.deprecatedCount) ?? 0, num(series.count) ?? 0, 1);
  const firstAt =
    timeOf(event.firstTimestamp) ??
    timeOf(event.deprecatedFirstTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(meta.creationTimestamp);
  const lastAt =
    timeOf(series.lastObservedTime) ??
    timeOf(event.lastTimestamp) ??
    timeOf(event.deprecatedLastTimestamp) ??
    timeOf(event.eventTime) ??
    firstAt;
  return {
    uid: meta.uid ?? '',
    namespace: meta.namespace ?? null,
    name: meta.name ?? null,
    involved: {
      kind: str(involved.kind),
      namespace: str(involved.namespace) ?? meta.namespace ?? null,
      name: str(involved.name),
      uid: str(involved.uid),
      fieldPath: str(involved.fieldPath),
    },
    reason: str(event.reason),
    type: str(event.type),
    message: str(isEventsApi ? event.note : event.message) ?? str(event.message) ?? str(event.note),
    source: str(source.component) ?? str(event.reportingController) ?? str(event.reportingComponent) ?? null,
    firstAt,
    lastAt,
    count,
  };
}

export type EventEntryFacts = { position: number; observedAt: number; cluster: string; deleted: boolean };

export type EventProjection = { event: EventRow; occurrence: OccurrenceRow | null };

/**
 * Projects one observed Event version. Occurrences are counted from `count` (or series.count):
 * 3 → 5 is two new occurrences; the same count again (either API's view of the same Event, or a
 * MODIFIED that changed nothing else) is none. A DELETED Event is its expiry, not an occurrence.
 */
export function projectEvent(
  previousCount: number,
  facts: EventFacts,
  entry: EventEntryFacts,
  podLink: { podUid: string | null; linkedBy: 'uid' | 'name' | null },
): EventProjection {
  const count = Math.max(previousCount, facts.count);
  const event: EventRow = {
    uid: facts.uid,
    cluster: entry.cluster,
    namespace: facts.namespace,
    name: facts.name,
    podUid: podLink.podUid,
    linkedBy: podLink.linkedBy,
    involvedKind: facts.involved.kind,
    involvedNamespace: facts.involved.namespace,
    involvedName: facts.involved.name,
    involvedUid: facts.involved.uid,
    involvedField: facts.involved.fieldPath,
    involvedChanged: false,
    reason: facts.reason,
    type: facts.type,
    message: facts.message,
    source: facts.source,
    firstAt: facts.firstAt,
    lastAt: facts.lastAt,
    count,
    lastPosition: entry.position,
    seenAt: entry.observedAt,
    deletedAt: entry.deleted ? entry.observedAt : null,
  };
  const occurrences = entry.deleted ? 0 : facts.count - previousCount;
  if (occurrences <= 0) return { event, occurrence: null };
  return {
    event,
    occurrence: {
      eventUid: facts.uid,
      cluster: entry.cluster,
      namespace: facts.involved.namespace,
      podUid: podLink.podUid,
      involvedKind: facts.involved.kind,
      involvedName: facts.involved.name,
      position: entry.position,
      ...knownOr(facts.lastAt, entry.observedAt),
      reason: facts.reason,
      type: facts.type,
      message: facts.message,
      category: eventCategory(facts.reason, facts.message),
      occurrences,
      countAfter: facts.count,
    },
  };
}

const sameInvolved = (a: EventRow, b: EventRow): boolean =>
  a.involvedKind === b.involvedKind &&
  a.involvedNamespace === b.involvedNamespace &&
  a.involvedName === b.involvedName &&
  a.involvedUid === b.involvedUid &&
  a.involvedField === b.involvedField;

const newestOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/**
 * Two successive rows of one Event as one: what writing `newer` over `older` leaves, by the rules
 * of the events upsert (its identity and what it is about from the first row, and whether a later
 * one was about something else; reason, message,
 * count and deletion from the newest; a pod link or source once known is kept; the first and
 * last times widen). Lets a batch write each Event once, however often it repeated in the batch.
 */
export function mergeEventRows(older: EventRow, newer: EventRow): EventRow {
  return {
    ...older,
    podUid: newer.podUid ?? older.podUid,
    linkedBy: newer.linkedBy ?? older.linkedBy,
    involvedChanged: older.involvedChanged || newer.involvedChanged || !sameInvolved(older, newer),
    reason: newer.reason,
    type: newer.type,
    message: newer.message,
    source: newer.source ?? older.source,
    firstAt: older.firstAt ?? newer.firstAt,
    lastAt: newestOf(older.lastAt, newer.lastAt),
    count: newer.count,
    lastPosition: newer.lastPosition,
    seenAt: Math.min(older.seenAt, newer.seenAt),
    deletedAt: newer.deletedAt,
  };
}
