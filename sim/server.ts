// The sim's API server: node:http speaking enough of the Kubernetes API for kubectl and
// @kubernetes/client-node (discovery, get, list, watch) over a SimObjectStore.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../store/types.ts';
import { type ApiRoute, apiRoute } from './apiRoute.ts';
import { versionInfo } from './discovery.ts';
import { listObjects } from './listObjects.ts';
import type { SimObjectStore } from './objectStore.ts';
import { apiVersionOf, type ResourceInfo } from './resources.ts';
import {
  type FieldSelector,
  type LabelSelector,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
import { failure, type Status } from './status.ts';
import type { SimResource, VirtualClock } from './types.ts';
import { type OpenWatch, openWatch, viewOf } from './watchStream.ts';

export type TableOptions = {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  includeObject?: 'None' | 'Metadata' | 'Object';
};

/**
 * Server-side printing for `Accept: …;as=Table` (kubectl get): returns a meta.k8s.io/v1 Table.
 * Gets objects in their stored form (core/v1 for both Event APIs, as the real printer does).
 */
export type TablePrinter = (
  resource: SimResource,
  objects: KubeObject[],
  now: number,
  opts: TableOptions,
) => unknown;

export type SimServerOptions = {
  store: SimObjectStore;
  clock: VirtualClock;
  host?: string;
  port?: number;
  /** How often a watch that allows bookmarks gets one. The API server sends about one a minute. */
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds end after this long (the API server picks 30–60 minutes). */
  defaultWatchTimeoutSeconds?: number;
  tablePrinter?: TablePrinter;
};

export type SimServer = {
  url: string;
  port: number;
  /** Cuts every open watch: 'destroy' drops the socket mid-stream, 'end' finishes the response cleanly. */
  dropConnections(mode?: 'end' | 'destroy'): void;
  /** How many watch streams are open. */
  openWatches(): number;
  close(): Promise<void>;
};

type Route = ApiRoute;

const pathNotFound = failure(404, 'NotFound', 'the server could not find the requested resource');

const route = (path: string, serverAddress: string): Route =>
  apiRoute(
    path
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent),
    serverAddress,
    versionInfo,
  );

const sendJson = (res: ServerResponse, code: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

const sendStatus = (res: ServerResponse, status: Status): void => sendJson(res, status.code, status);

const withType = (info: ResourceInfo, object: KubeObject): KubeObject => {
  const view = viewOf(info, object);
  return { apiVersion: apiVersionOf(info), kind: info.kind, ...view };
};

// List items carry no apiVersion/kind on the wire; the List itself does.
const withoutType = (object: KubeObject): KubeObject => {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
};

const includeObjectOf = (query: URLSearchParams): TableOptions['includeObject'] => {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Metadata' || value === 'Object' ? value : undefined;
};

const isTrue = (v: string | null): boolean => v === 'true' || v === '1';

type Selectors = { labelSelector: LabelSelector; fieldSelector: FieldSelector };

const selectorsOf = (
  info: ResourceInfo,
  query: URLSearchParams,
  name: string | undefined,
): Selectors | Status => {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (!labels.ok) return failure(400, 'BadRequest', labels.message);
  const fields = parseFieldSelector(info.resource, query.get('fieldSelector') ?? '');
  if (!fields.ok) return failure(400, 'BadRequest', fields.message);
  const fieldSelector = fields.value;
  if (name !== undefined) fieldSelector.push({ field: 'metadata.name', op: 'eq', value: name });
  return { labelSelector: labels.value, fieldSelector };
};

export const startSimServer = async ({
  store,
  clock,
  host = '127.0.0.1',
  port = 0,
  bookmarkIntervalMs = 60_000,
  defaultWatchTimeoutSeconds = 1800,
  tablePrinter,
}: SimServerOptions): Promise<SimServer> => {
  const watches = new Set<OpenWatch>();
  let serverAddress = `${host}:${port}`;

  const serveResource = (
    req: IncomingMessage,
    res: ServerResponse,
    r: Extract<Route, { kind: 'resource' }>,
  ) => {
    const query = new URL(req.url ?? '/', 'http://sim').searchParams;
    const { info, namespace, name } = r;
    const watch = r.watch || isTrue(query.get('watch'));
    const wantsTable = (req.headers.accept ?? '').includes('as=Table') && tablePrinter !== undefined;

    if (name !== undefined && !watch) {
      const found = store.get(info.storage, namespace, name);
      if (!found) {
        const group = info.group === '' ? {} : { group: info.group };
        return sendStatus(
          res,
          failure(404, 'NotFound', `${info.resource} "${name}" not found`, {
            name,
            ...group,
            kind: info.plural,
          }),
        );
      }
      if (wantsTable) {
        const opts = {
          resourceVersion: found.metadata?.resourceVersion,
          includeObject: includeObjectOf(query),
        };
        return sendJson(res, 200, tablePrinter(info.storage, [found], clock.now(), opts));
      }
      return sendJson(res, 200, withType(info, found));
    }

    const selectors = selectorsOf(info, query, name);
    if ('code' in selectors) return sendStatus(res, selectors);

    if (watch) {
      const resourceVersion = query.get('resourceVersion') ?? undefined;
      if (resourceVersion && !/^\d+$/.test(resourceVersion))
        return sendStatus(res, failure(400, 'BadRequest', `invalid resource version: ${resourceVersion}`));
      const sendInitialEvents = isTrue(query.get('sendInitialEvents'));
      const allowBookmarks = isTrue(query.get('allowWatchBookmarks'));
      if (sendInitialEvents && (!allowBookmarks || query.get('resourceVersionMatch') !== 'NotOlderThan'))
        return sendStatus(
          res,
          failure(
            422,
            'Invalid',
            'sendInitialEvents requires allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan',
          ),
        );
      const timeout = Number(query.get('timeoutSeconds') ?? '');
      let handle: OpenWatch | undefined;
      handle = openWatch(
        store,
        {
          info,
          namespace,
          ...selectors,
          resourceVersion,
          allowBookmarks,
          sendInitialEvents,
          timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : defaultWatchTimeoutSeconds,
        },
        res,
        { bookmarkIntervalMs },
        () => {
          if (handle) watches.delete(handle);
        },
      );
      if (!res.writableEnded) watches.add(handle);
      return;
    }

    const limit = Number(query.get('limit') ?? '');
    const result = listObjects(store, {
      info,
      namespace,
      ...selectors,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
      limit: Number.isInteger(limit) && limit > 0 ? limit : undefined,
      continueToken: query.get('continue') ?? undefined,
    });
    if (!result.ok) return sendStatus(res, result.status);
    if (wantsTable) {
      const opts = { ...result.metadata, includeObject: includeObjectOf(query) };
      return sendJson(res, 200, tablePrinter(info.storage, result.items, clock.now(), opts));
    }
    return sendJson(res, 200, {
      kind: `${info.kind}List`,
      apiVersion: apiVersionOf(info),
      metadata: result.metadata,
      items: result.items.map((o) => withoutType(viewOf(info, o))),
    });
  };

  const server = createServer((req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      const r = route(path, serverAddress);
      if (r.kind === 'notFound') return sendStatus(res, pathNotFound);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendStatus(
          res,
          failure(405, 'MethodNotAllowed', `the sim is read-only: ${req.method} is not served`),
        );
      if (r.kind === 'document') return sendJson(res, 200, r.body);
      serveResource(req, res, r);
    } catch (error) {
      if (!res.headersSent) sendStatus(res, failure(500, 'InternalError', String(error)));
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  serverAddress = `${host}:${address.port}`;

  return {
    url: `http://${serverAddress}`,
    port: address.port,
    dropConnections(mode = 'destroy') {
      for (const w of [...watches]) w.close(mode);
    },
    openWatches: () => watches.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of [...watches]) w.close('end');
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
