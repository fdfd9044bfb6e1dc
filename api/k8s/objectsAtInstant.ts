// The objects of one API resource as they were at an instant, read from the log.
import { formatTime } from '../../cli/index.ts';
import type { ResourceInfo } from '../../sim/index.ts';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from '../../sim/index.ts';
import {
  compareListKeys,
  type KubeObject,
  KubetrailError,
  type ListKey,
  type LogEntry,
  listKeyOf,
  type ObjectAtRow,
} from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { keysetChunks } from '../keysetChunks.ts';
import type { Narrowing } from './selectorNarrowing.ts';

/** An object at the instant: its stored (core) form for selectors and printers, and where it came from. */
export type InstantObject = {
  /**
   * core/v1 form for Events, as the API server stores them and the printers read them. Decoded
   * from the log when first read: a page of a long list decodes only its own objects.
   */
  readonly object: KubeObject;
  /** Its uid, namespace and name, known without decoding it (list order, continue keys). */
  uid: string;
  namespace: string | null;
  name: string | null;
  position: number;
  observedAt: number;
  /** The log resource the entry was recorded under. */
  recordedAs: string;
};

const eventsApi = 'events.events.k8s.io';

/** The log resources that hold a served resource: both Event APIs show the same Events. */
export const logResourcesOf = (info: ResourceInfo): string[] =>
  info.storage === 'events' ? ['events', eventsApi] : [info.storage];

/** An entry's object in the stored (core) form. */
export const coreObjectOf = (entry: LogEntry): KubeObject => {
  const object = entry.object as KubeObject;
  return entry.resource === eventsApi ? eventsV1ToCoreEvent(object) : object;
};

/**
 * The object as the requested API shows it; with `exact`, also the stored text when it was recorded
 * in that form (a GET answers with it byte for byte; a list re-serialises its items anyway).
 */
export function viewOf(
  deps: ApiDeps,
  info: ResourceInfo,
  item: InstantObject,
  { exact = false }: { exact?: boolean } = {},
): { object: KubeObject; exactJson?: string } {
  const wantsV1Events = info.resource === eventsApi;
  const recordedV1 = item.recordedAs === eventsApi;
  if (info.storage === 'events' && wantsV1Events !== recordedV1) {
    return { object: wantsV1Events ? coreEventToEventsV1(item.object) : item.object };
  }
  if (!exact && !recordedV1) return { object: item.object };
  const exactJson = item.position > 0 ? deps.store.reader.json(item.position) : undefined;
  const object = recordedV1 ? (JSON.parse(exactJson ?? '{}') as KubeObject) : item.object;
  return exactJson === undefined ? { object } : { object, exactJson };
}

const derivedNamespace = (name: string, firstObservedAt: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name,
    creationTimestamp: formatTime(firstObservedAt),
    labels: { 'kubernetes.io/metadata.name': name },
    annotations: {
      'kubetrail.io/derived': 'no Namespace object was recorded; derived from the objects seen in it',
    },
  },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
});

/**
 * Which objects of a list: one by name (a GET), or a page after a key; narrowed by index to the
 * candidates a field selector leaves (selectorNarrowing.ts).
 */
export type InstantQuery = Narrowing & {
  after?: ListKey | undefined;
  limit?: number | undefined;
};

/**
 * The objects of the resource alive at `at` (each one's newest version then, unless that was a
 * deletion), in the API server's list order (namespace, name), after `after` and up to `limit`.
 * Namespaces are the recorded Namespace objects plus, for namespaces never recorded as objects,
 * one derived from what was seen in them.
 */
export function objectsAtInstant(
  deps: ApiDeps,
  info: ResourceInfo,
  cluster: string,
  at: number,
  namespace: string | undefined,
  { name, involvedName, after, limit }: InstantQuery = {},
): InstantObject[] {
  const filter = { cluster, resources: logResourcesOf(info), at, namespace, name, involvedName };
  if (info.storage === 'namespaces') {
    // Few enough to page in memory, derived ones among them.
    const all = withDerivedNamespaces(
      deps,
      cluster,
      at,
      deps.queries.objectsAt.list(filter).map(instantOf(deps)),
    );
    const from = after === undefined ? all : all.filter((i) => compareListKeys(listKeyOf(i), after) > 0);
    return limit === undefined ? from : from.slice(0, limit);
  }
  return deps.queries.objectsAt.list({ ...filter, after, limit }).map(instantOf(deps));
}

/** Objects read and decoded at a time by `objectsAtInstantInChunks`. */
export const instantChunk = 500;

/**
 * The same objects as `objectsAtInstant`, a chunk at a time in list order, so that a whole list
 * (a list without `limit`, a watch's initial objects) never holds every decoded object at once:
 * the 10,000 pods of the bench's 10 M log, decoded together, exhausted a 256 MB heap.
 */
export function objectsAtInstantInChunks(
  deps: ApiDeps,
  info: ResourceInfo,
  cluster: string,
  at: number,
  namespace: string | undefined,
  from?: ListKey,
  narrowing: Narrowing = {},
): Generator<InstantObject[]> {
  return keysetChunks(
    (after: ListKey | undefined, limit) =>
      objectsAtInstant(deps, info, cluster, at, namespace, { ...narrowing, after: after ?? from, limit }),
    listKeyOf,
    instantChunk,
  );
}

/**
 * How many objects of the resource were alive at `at` after `after` (a list page's remainder),
 * and with `through`, only up to and including that key.
 */
export function countAtInstant(
  deps: ApiDeps,
  info: ResourceInfo,
  cluster: string,
  at: number,
  namespace: string | undefined,
  after: ListKey | undefined,
  through?: ListKey,
): number {
  if (info.storage === 'namespaces') {
    const all = objectsAtInstant(deps, info, cluster, at, namespace, { after });
    return through === undefined
      ? all.length
      : all.filter((i) => compareListKeys(listKeyOf(i), through) <= 0).length;
  }
  return deps.queries.objectsAt.count({
    cluster,
    resources: logResourcesOf(info),
    at,
    namespace,
    after,
    through,
  });
}

/** A listed row as an object at the instant, decoded from the log only when first read. */
const instantOf =
  (deps: ApiDeps) =>
  (row: ObjectAtRow): InstantObject => {
    let object: KubeObject | undefined;
    return {
      get object() {
        if (object === undefined) {
          const entry = deps.store.reader.entry(row.position);
          // Only a retention run between the list and this read removes a listed row.
          if (!entry) throw new KubetrailError('storage', `log entry ${row.position} is gone (retention?)`);
          object = coreObjectOf(entry);
        }
        return object;
      },
      uid: row.uid,
      namespace: row.namespace,
      name: row.name,
      position: row.position,
      observedAt: row.observedAt,
      recordedAs: row.resource,
    };
  };

function withDerivedNamespaces(
  deps: ApiDeps,
  cluster: string,
  at: number,
  recorded: InstantObject[],
): InstantObject[] {
  const names = new Set(recorded.map((i) => i.name));
  const derived = deps.queries.namespacesSeen({ cluster, at }).filter((seen) => !names.has(seen.namespace));
  const items = [
    ...recorded,
    ...derived.map(
      (seen): InstantObject => ({
        object: derivedNamespace(seen.namespace, seen.firstObservedAt),
        uid: '',
        namespace: null,
        name: seen.namespace,
        position: 0,
        observedAt: seen.firstObservedAt,
        recordedAs: 'namespaces',
      }),
    ),
  ];
  return items.sort((a, b) => compareListKeys(listKeyOf(a), listKeyOf(b)));
}
