// A list asked for without `limit` (`kubectl get --chunk-size=0`, client libraries' plain list
// calls): streamed a chunk of objects at a time, as JSON or as a server-side Table. Built whole,
// the 10,000 pods at an instant of the bench's 10 M log (a 130 MB PodList) exhausted a 256 MB heap,
// the container image's, and took the recorder with it in `kubetrail run`.
import type { Context } from 'hono';
import { type IncludeObject, type TableResource, toTable } from '../../projector/index.ts';
import type { ResourceInfo } from '../../sim/index.ts';
import type { ListKey } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { streamJson } from '../streamJson.ts';
import { type InstantObject, objectsAtInstantInChunks } from './objectsAtInstant.ts';
import type { Narrowing } from './selectorNarrowing.ts';

export type FullListRequest = {
  info: ResourceInfo;
  cluster: string;
  at: number;
  namespace: string | undefined;
  after: ListKey | undefined;
  accept: ((item: InstantObject) => boolean) | undefined;
  /** The candidates `accept` is asked about, when its field selector narrows them by index. */
  narrowing: Narrowing;
};

/** How the list is answered: its envelope, the array field (the envelope's last) and its elements. */
export type FullListShape = {
  envelope: Record<string, unknown>;
  arrayField: 'items' | 'rows';
  elements(items: InstantObject[]): unknown[];
};

/** Streams `{…envelope, [arrayField]: [elements of every object accepted]}`, a chunk at a time. */
export function fullList(c: Context, deps: ApiDeps, req: FullListRequest, shape: FullListShape): Response {
  const { accept } = req;
  const chunks = objectsAtInstantInChunks(
    deps,
    req.info,
    req.cluster,
    req.at,
    req.namespace,
    req.after,
    accept ? req.narrowing : {},
  );
  const elements = function* () {
    for (const chunk of chunks) yield shape.elements(accept ? chunk.filter(accept) : chunk);
  };
  return streamJson(c, { ...shape.envelope, [shape.arrayField]: [] }, { [shape.arrayField]: elements() });
}

/** A PodList-like envelope and its items, as the list would have been answered whole. */
export function fullObjectList(
  info: ResourceInfo,
  apiVersion: string,
  metadata: { resourceVersion: string },
  item: (i: InstantObject) => unknown,
): FullListShape {
  return {
    envelope: { kind: `${info.kind}List`, apiVersion, metadata },
    arrayField: 'items',
    elements: (items) => items.map(item),
  };
}

/** A Table's envelope (its column definitions) and rows. */
export function fullTable(
  printer: TableResource,
  at: number,
  metadata: { resourceVersion: string },
  includeObject: IncludeObject | undefined,
): FullListShape {
  const { rows: _none, ...envelope } = toTable(printer, [], at, { ...metadata, includeObject });
  return {
    envelope,
    arrayField: 'rows',
    elements: (items) =>
      toTable(
        printer,
        items.map((i) => i.object),
        at,
        { includeObject, noHeaders: true },
      ).rows,
  };
}
