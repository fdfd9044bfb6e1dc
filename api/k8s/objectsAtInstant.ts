// The objects of one API resource as they were at an instant, read from the log.
import { formatTime } from '../../cli/index.ts';
import type { ResourceInfo } from '../../sim/index.ts';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from '../../sim/index.ts';
import { type KubeObject, KubetrailError, type LogEntry } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';

/** An object at the instant: its stored (core) form for selectors and printers, and where it came from. */
export type InstantObject = {
  /**
   * core/v1 form for Events, as the API server stores them and the printers read them. Decoded
   * from the log when first read: a page of a long list decodes only its own objects.
   */
  readonly object: KubeObject;
  /** Its namespace and name, known without decoding it (list order, continue keys). */
  namespace: string | undefined;
  name: string | undefined;
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
 * Every object of the resource alive at `at` (its newest version then, unless that was a deletion),
 * sorted by namespace and name like the API server's lists. Namespaces are the recorded Namespace
 * objects plus, for namespaces never recorded as objects, one derived from what was seen in them.
 */
export function objectsAtInstant(
  deps: ApiDeps,
  info: ResourceInfo,
  cluster: string,
  at: number,
  namespace: string | undefined,
  name?: string,
): InstantObject[] {
  const rows = deps.queries.objectsAt({ cluster, resources: logResourcesOf(info), at, namespace, name });
  // The same Event recorded through both APIs: keep its newest observation.
  const byUid = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = byUid.get(row.uid);
    if (
      !seen ||
      seen.observedAt < row.observedAt ||
      (seen.observedAt === row.observedAt && seen.position < row.position)
    ) {
      byUid.set(row.uid, row);
    }
  }
  const items: InstantObject[] = [];
  for (const row of rows) {
    if (byUid.get(row.uid) !== row) continue;
    let object: KubeObject | undefined;
    items.push({
      get object() {
        if (object === undefined) {
          const entry = deps.store.reader.entry(row.position);
          // Only a retention run between the list and this read removes a listed row.
          if (!entry) throw new KubetrailError('storage', `log entry ${row.position} is gone (retention?)`);
          object = coreObjectOf(entry);
        }
        return object;
      },
      namespace: row.namespace ?? undefined,
      name: row.name ?? undefined,
      position: row.position,
      observedAt: row.observedAt,
      recordedAs: row.resource,
    });
  }
  if (info.storage === 'namespaces') {
    const recorded = new Set(items.map((i) => i.name));
    for (const seen of deps.queries.namespacesSeen({ cluster, at })) {
      if (!recorded.has(seen.namespace)) {
        items.push({
          object: derivedNamespace(seen.namespace, seen.firstObservedAt),
          namespace: undefined,
          name: seen.namespace,
          position: 0,
          observedAt: seen.firstObservedAt,
          recordedAs: 'namespaces',
        });
      }
    }
    items.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  }
  return items;
}
