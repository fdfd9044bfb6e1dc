// WATCH semantics on one HTTP response: initial state or resume from a resourceVersion,
// selector transitions, bookmarks, timeoutSeconds, and 410 once the resourceVersion left the window.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../store/types.ts';
import { coreEventToEventsV1 } from './eventConversion.ts';
import type { SimObjectStore } from './objectStore.ts';
import { apiVersionOf, type ResourceInfo } from './resources.ts';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels } from './selectors.ts';
import { tooOldResourceVersion } from './status.ts';
import type { StoreChange } from './types.ts';

export type WatchRequest = {
  info: ResourceInfo;
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion: string | undefined;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number;
};

export type WatchOptions = { bookmarkIntervalMs: number };

export type OpenWatch = {
  /** Ends the stream cleanly (the client sees the body end) or cuts the socket. */
  close(mode: 'end' | 'destroy'): void;
};

/** The stored (core) form as this resource's API shows it. */
export const viewOf = (info: ResourceInfo, object: KubeObject): KubeObject =>
  info.resource === 'events.events.k8s.io' ? coreEventToEventsV1(object) : object;

export const openWatch = (
  store: SimObjectStore,
  req: WatchRequest,
  res: ServerResponse,
  { bookmarkIntervalMs }: WatchOptions,
  onClosed: () => void,
): OpenWatch => {
  const { info } = req;
  const matches = (o: KubeObject | undefined): boolean =>
    o !== undefined &&
    (req.namespace === undefined || o.metadata?.namespace === req.namespace) &&
    matchesLabels(req.labelSelector, o.metadata?.labels) &&
    matchesFields(info.resource, req.fieldSelector, o);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  const send = (type: string, object: unknown): void => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    const metadata: Record<string, unknown> = { resourceVersion: store.revision() };
    if (annotations) metadata.annotations = annotations;
    send('BOOKMARK', { kind: info.kind, apiVersion: apiVersionOf(info), metadata });
  };
  // A change as this watcher sees it: objects entering or leaving the selection are ADDED/DELETED.
  const deliver = (change: StoreChange): void => {
    if (change.resource !== info.storage) return;
    const now = matches(change.object);
    const before = change.type !== 'ADDED' && matches(change.previous ?? change.object);
    if (change.type === 'ADDED') {
      if (now) send('ADDED', viewOf(info, change.object));
    } else if (change.type === 'DELETED') {
      if (before) send('DELETED', viewOf(info, change.object));
    } else if (now && before) send('MODIFIED', viewOf(info, change.object));
    else if (now) send('ADDED', viewOf(info, change.object));
    else if (before && change.previous) {
      const gone = structuredClone(change.previous);
      gone.metadata = { ...gone.metadata, resourceVersion: change.resourceVersion };
      send('DELETED', viewOf(info, gone));
    }
  };

  let unsubscribe: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  let ticker: NodeJS.Timeout | undefined;
  let closed = false;
  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    for (const t of timers) clearTimeout(t);
    if (ticker) clearInterval(ticker);
    onClosed();
  };
  const close = (mode: 'end' | 'destroy'): void => {
    cleanup();
    if (mode === 'destroy') res.destroy();
    else if (!res.writableEnded) res.end();
  };
  res.on('close', cleanup);

  const rv = req.resourceVersion;
  if (req.sendInitialEvents || rv === undefined || rv === '' || rv === '0') {
    // Synthetic ADDEDs for the current state, then live changes (all synchronous: nothing slips between).
    for (const o of store.list(info.storage, req.namespace)) if (matches(o)) send('ADDED', viewOf(info, o));
    if (req.sendInitialEvents && req.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const since = store.changesSince(rv);
    if (!since.ok) {
      // The server validated the resourceVersion already, so only "too old" is left.
      send(
        'ERROR',
        tooOldResourceVersion(rv, since.reason === 'tooOld' ? since.oldest : store.oldestRevision()),
      );
      close('end');
      return { close };
    }
    for (const change of since.changes) deliver(change);
  }
  unsubscribe = store.subscribe(deliver);

  if (req.allowBookmarks && bookmarkIntervalMs > 0) {
    ticker = setInterval(() => bookmark(), bookmarkIntervalMs).unref();
  }
  if (req.timeoutSeconds > 0) timers.push(setTimeout(() => close('end'), req.timeoutSeconds * 1000).unref());
  return { close };
};
