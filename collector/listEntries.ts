import type { EntrySource, KubeObject, NewEntry } from '../store/index.ts';
import type { LiveObject } from './liveObjects.ts';

export type Listed = { object: KubeObject; observedAt: number };

export type ListEntriesInput = {
  cluster: string;
  resource: string;
  source: Extract<EntrySource, 'list' | 'relist'>;
  listed: readonly Listed[];
  /** What the log last saw alive (see liveObjects). */
  live: ReadonlyMap<string, LiveObject>;
  /** The last recorded object of a live entry. */
  lastObject: (live: LiveObject) => KubeObject | undefined;
  /** When the vanished objects were noticed. */
  now: number;
};

/**
 * A (re)list as log entries: each listed object (ADDED when the log did not know it alive,
 * MODIFIED when it did; versions already recorded are skipped by the writer), then an inferred
 * DELETED carrying the last recorded object for each object the log knew alive and the list no
 * longer holds: its real deletion happened while nobody watched.
 */
export function listEntries({
  cluster,
  resource,
  source,
  listed,
  live,
  lastObject,
  now,
}: ListEntriesInput): NewEntry[] {
  const entries: NewEntry[] = [];
  const seen = new Set<string>();
  for (const { object, observedAt } of listed) {
    const uid = object.metadata?.uid;
    if (uid) seen.add(uid);
    const type = uid && live.has(uid) ? 'MODIFIED' : 'ADDED';
    entries.push({ cluster, observedAt, source, type, resource, object });
  }
  for (const gone of live.values()) {
    if (seen.has(gone.uid)) continue;
    const object = lastObject(gone);
    if (!object) continue;
    entries.push({ cluster, observedAt: now, source, type: 'DELETED', resource, inferred: true, object });
  }
  return entries;
}

/** List items come without apiVersion and kind; put them back first, as watch events carry them. */
export function withType(item: KubeObject, apiVersion: string, kind: string): KubeObject {
  const { apiVersion: itemApiVersion, kind: itemKind, ...rest } = item;
  return { apiVersion: itemApiVersion ?? apiVersion, kind: itemKind ?? kind, ...rest };
}
