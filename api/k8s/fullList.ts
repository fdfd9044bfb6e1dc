// A list asked for without `limit` (`kubectl get --chunk-size=0`, client libraries' plain list
// calls): streamed a chunk of objects at a time, as JSON or as a server-side Table. Built whole,
// the 10,000 pods at an instant of the bench's 10 M log (a 130 MB PodList) exhausted a 256 MB heap,
// the container image's, and took the recorder with it in `kubetrail run`.
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { type IncludeObject, type TableResource, toTable } from '../../projector/index.ts';
import type { ResourceInfo } from '../../sim/index.ts';
import type { ListKey } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { type InstantObject, objectsAtInstantInChunks } from './objectsAtInstant.ts';

export type FullListRequest = {
  info: ResourceInfo;
  cluster: string;
  at: number;
  namespace: string | undefined;
  after: ListKey | undefined;
  accept: ((item: InstantObject) => boolean) | undefined;
  /** The envelope without its array, which is serialised last: `{"kind":…,"items":[`. */
  envelope: Record<string, unknown>;
  /** Each chunk's accepted objects as the envelope's array elements. */
  elements(items: InstantObject[]): unknown[];
  /** The array's field, the envelope's last. */
  arrayField: 'items' | 'rows';
};

/** Streams `{…envelope, [arrayField]: [elements of every chunk]}`, one chunk's elements at a time. */
export function fullList(c: Context, deps: ApiDeps, req: FullListRequest): Response {
  const chunks = objectsAtInstantInChunks(deps, req.info, req.cluster, req.at, req.namespace, req.after);
  const open = JSON.stringify({ ...req.envelope, [req.arrayField]: [] });
  c.header('Content-Type', 'application/json');
  return stream(c, async (s) => {
    let aborted = false;
    s.onAbort(() => {
      aborted = true;
    });
    await s.write(open.slice(0, -2));
    let first = true;
    for (const chunk of chunks) {
      if (aborted) return;
      const elements = req.elements(req.accept ? chunk.filter(req.accept) : chunk);
      if (elements.length === 0) continue;
      const text = JSON.stringify(elements).slice(1, -1);
      await s.write(first ? text : `,${text}`);
      first = false;
    }
    await s.write(']}');
  });
}

/** A PodList-like envelope and its items, as the list would have been answered whole. */
export function fullObjectList(
  info: ResourceInfo,
  apiVersion: string,
  metadata: { resourceVersion: string },
  item: (i: InstantObject) => unknown,
): Pick<FullListRequest, 'envelope' | 'elements' | 'arrayField'> {
  return {
    envelope: { kind: `${info.kind}List`, apiVersion, metadata },
    elements: (items) => items.map(item),
    arrayField: 'items',
  };
}

/** A Table's envelope (its column definitions) and rows. */
export function fullTable(
  printer: TableResource,
  at: number,
  metadata: { resourceVersion: string },
  includeObject: IncludeObject | undefined,
): Pick<FullListRequest, 'envelope' | 'elements' | 'arrayField'> {
  const { rows: _none, ...envelope } = toTable(printer, [], at, { ...metadata, includeObject });
  return {
    envelope,
    elements: (items) =>
      toTable(
        printer,
        items.map((i) => i.object),
        at,
        { includeObject, noHeaders: true },
      ).rows,
    arrayField: 'rows',
  };
}
