import type { EntrySource, KubeObject, NewEntry } from '../store/index.ts';
import type { LiveObject } from './liveObjects.ts';

export type Listed = { object: KubeObject; observedAt: number };

type ListContext = {
  cluster: string;
  resource: string;
  source: Extract<EntrySource, 'list' | 'relist'>;
  /** What the log last saw alive before the list began (see liveObjects). */
  live: ReadonlyMap<string, LiveObject>;
};

/**
 * One page of a (re)list as log entries: each listed object ADDED when the log did not know it
 * alive, MODIFIED when it did (versions already recorded are skipped by the writer).
 */
export function listedEntries(
  { cluster, resource, source, live }: ListContext,
  listed: readonly Listed[],
): NewEntry[] {
  return listed.map(({ object, observedAt }) => {
    const uid = object.metadata?.uid;
    const type = uid && live.has(uid) ? 'MODIFIED' : 'ADDED';
    return { cluster, observedAt, source, type, resource, object };
  });
}

/**
 * After the whole list: an inferred DELETED, carrying the last recorded object, for each object
 * the log knew alive and the list no longer holds: its real deletion happened while nobody watched.
 */
export function vanishedEntries(
  { cluster, resource, source, live }: ListContext,
  listedUids: ReadonlySet<string>,
  lastObject: (live: LiveObject) => KubeObject | undefined,
  now: number,
): NewEntry[] {
  const entries: NewEntry[] = [];
  for (const gone of live.values()) {
    if (listedUids.has(gone.uid)) continue;
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
