// WATCH at an instant: ADDED for each object alive then, then the changes recorded after it,
// then live changes as they are appended, until timeoutSeconds.
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { type IncludeObject, isTableResource, toTable } from '../../projector/index.ts';
import {
  apiVersionOf,
  type FieldSelector,
  type LabelSelector,
  matchesFields,
  matchesLabels,
  type ResourceInfo,
} from '../../sim/index.ts';
import type { KubeObject } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { coreObjectOf, type InstantObject, logResourcesOf, viewOf } from './objectsAtInstant.ts';

export type WatchAtRequest = {
  info: ResourceInfo;
  cluster: string;
  at: number;
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  /**
   * False for an object the selectors certainly reject, from the read model (the version's
   * position, the object's uid): a change recorded after the instant is then not decoded, unless
   * the object was selected before (its DELETED carries it).
   */
  mayMatch?: ((row: { position: number; uid: string }) => boolean) | undefined;
  /** The objects at the instant, a chunk at a time (objectsAtInstantInChunks): never all decoded at once. */
  initial: Iterable<InstantObject[]>;
  /** Send the initial ADDEDs (no resourceVersion, "0", or sendInitialEvents). */
  sendInitial: boolean;
  initialEventsEnd: boolean;
  timeoutSeconds: number;
  table: boolean;
  includeObject: IncludeObject | undefined;
  listResourceVersion: string;
};

export function watchAt(c: Context, deps: ApiDeps, req: WatchAtRequest): Response {
  const { info } = req;
  const matches = (o: KubeObject) =>
    (req.namespace === undefined || o.metadata?.namespace === req.namespace) &&
    matchesLabels(req.labelSelector, o.metadata?.labels) &&
    matchesFields(info.resource, req.fieldSelector, o);
  const printer = info.storage === 'events.events.k8s.io' ? 'events' : info.storage;
  c.header('Content-Type', 'application/json');
  c.header('Cache-Control', 'no-cache, private');

  return stream(c, async (s) => {
    let aborted = false;
    s.onAbort(() => {
      aborted = true;
    });
    let headersSent = false;
    const send = async (type: string, item: InstantObject, printAt: number) => {
      let object: unknown;
      if (req.table && isTableResource(printer)) {
        // Column definitions travel with the first event only, as the API server sends them.
        object = toTable(printer, [item.object], printAt, {
          includeObject: req.includeObject,
          noHeaders: headersSent,
        });
        headersSent = true;
      } else {
        object = { apiVersion: apiVersionOf(info), kind: info.kind, ...viewOf(deps, info, item).object };
      }
      await s.write(`${JSON.stringify({ type, object })}\n`);
    };

    const matching = new Set<string>();
    // Without selectors every object listed matches (the list is the namespace's already): a watch
    // that sends no initial objects (kubectl get -w, after its list) then decodes none of them.
    const selects = req.labelSelector.length > 0 || req.fieldSelector.length > 0;
    for (const chunk of req.initial) {
      for (const item of chunk) {
        if (selects && (req.mayMatch?.(item) === false || !matches(item.object))) continue;
        matching.add(item.uid);
        if (req.sendInitial) await send('ADDED', item, req.at);
        if (aborted) return;
      }
    }
    if (req.initialEventsEnd) {
      const bookmark = {
        kind: info.kind,
        apiVersion: apiVersionOf(info),
        metadata: {
          resourceVersion: req.listResourceVersion,
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      };
      await s.write(`${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n`);
    }

    // Both Event APIs may have recorded the same change: send each resourceVersion of a uid once.
    const lastVersion = new Map<string, string | null>();
    let afterPosition = deps.queries.logRange.startAfter(req.cluster, req.at);
    let waitedMs = 0;
    const limitMs = req.timeoutSeconds * 1000;
    while (!aborted && !deps.lifecycle.shuttingDown && waitedMs < limitMs) {
      const { rows, next } = deps.queries.logRange.page({
        cluster: req.cluster,
        resources: logResourcesOf(info),
        namespace: req.namespace,
        afterTime: req.at,
        afterPosition,
        limit: 500,
      });
      afterPosition = next;
      for (const row of rows) {
        if (req.mayMatch && row.uid !== null && !matching.has(row.uid)) {
          if (!req.mayMatch({ position: row.position, uid: row.uid })) continue;
        }
        const entry = deps.store.reader.entry(row.position);
        if (!entry || entry.type === 'MARKER' || !entry.uid) continue;
        const versionKey = `${entry.type}:${entry.resourceVersion ?? entry.position}`;
        if (lastVersion.get(entry.uid) === versionKey) continue;
        lastVersion.set(entry.uid, versionKey);
        const item: InstantObject = {
          object: coreObjectOf(entry),
          uid: entry.uid,
          namespace: entry.namespace,
          name: entry.name,
          position: entry.position,
          observedAt: entry.observedAt,
          recordedAs: entry.resource,
        };
        const was = matching.has(entry.uid);
        const now = entry.type !== 'DELETED' && matches(item.object);
        // Objects entering or leaving the selection are ADDED or DELETED, as the API server sends them.
        if (now) {
          matching.add(entry.uid);
          await send(was ? 'MODIFIED' : 'ADDED', item, entry.observedAt);
        } else if (was) {
          matching.delete(entry.uid);
          await send('DELETED', item, entry.observedAt);
        }
        if (aborted) return;
      }
      if (rows.length === 500) continue;
      await deps.sleep(deps.pollMs);
      waitedMs += deps.pollMs;
    }
  });
}
