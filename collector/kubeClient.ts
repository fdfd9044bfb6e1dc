// The edge to the API server, through @kubernetes/client-node's configuration and requests:
// raw JSON lists (its typed list APIs turn timestamps into Date values and lose MicroTime's
// microseconds) and watch streams read line by line, each object kept with its own text.
import { STATUS_CODES } from 'node:http';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  RequestContext,
} from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { KubeObject } from '../store/index.ts';
import { parseWatchLine } from './parseWatchLine.ts';

export type ListPage = { items: KubeObject[]; resourceVersion: string; continueToken: string | undefined };

export type WatchCallbacks = {
  /**
   * Every watch event as the server sent it (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR), with the
   * object's own text when the line had the server's compact shape.
   */
  onEvent(type: string, object: unknown, text?: string): void;
  /** The stream ended: `error` is null for a clean end (server timeout), else why it broke. */
  onDone(error: unknown): void;
};

/** An open watch, or one that failed to open (its onDone has then already run). */
export type WatchHandle = { opened: boolean; abort(): void };

/** What the collector needs from a cluster: list pages and watch streams, JSON as sent. */
export type KubeClient = {
  /** Where the cluster is (for messages). */
  server: string;
  listPage(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<ListPage>;
  watch(
    path: string,
    query: Record<string, string | number | boolean>,
    callbacks: WatchCallbacks,
  ): Promise<WatchHandle>;
};

export type KubeClientOptions = {
  /**
   * A watch is aborted after this long without a byte. Bookmarks arrive about once a minute, so a
   * few minutes of silence means a dead connection; resuming from the last resourceVersion loses nothing.
   */
  inactivityTimeoutMs?: number;
};

/** An HTTP failure, with the Status the server sent when there was one. */
export type KubeRequestError = Error & { statusCode?: number; reason?: string };

export function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown; code?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

function requestError(statusCode: number, text: string): KubeRequestError {
  let message = `HTTP ${statusCode}`;
  let reason: string | undefined;
  try {
    const status = JSON.parse(text) as { message?: unknown; reason?: unknown };
    if (typeof status.message === 'string') message = `${message}: ${status.message}`;
    if (typeof status.reason === 'string') reason = status.reason;
  } catch {
    // Not a Status: the status code says enough.
  }
  return Object.assign(new Error(message), { statusCode, reason });
}

export function createKubeClient(
  kc: KubeConfig,
  { inactivityTimeoutMs = 180_000 }: KubeClientOptions = {},
): KubeClient {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const http = new IsomorphicFetchHttpLibrary();

  return {
    server,
    async listPage(path, query, signal) {
      const url = new URL(server + path);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      const request = new RequestContext(url.toString(), HttpMethod.GET);
      request.setHeaderParam('Accept', 'application/json');
      if (signal) request.setSignal(signal);
      await kc.applySecurityAuthentication(request);
      const response = await http.send(request).toPromise();
      const text = await response.body.text();
      if (response.httpStatusCode !== 200) throw requestError(response.httpStatusCode, text);
      const list = JSON.parse(text) as {
        items?: KubeObject[];
        metadata?: { resourceVersion?: string; continue?: string };
      };
      return {
        items: list.items ?? [],
        resourceVersion: list.metadata?.resourceVersion ?? '',
        continueToken: list.metadata?.continue || undefined,
      };
    },
    async watch(path, query, callbacks) {
      const url = new URL(server + path);
      url.searchParams.set('watch', 'true');
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
      const request = new RequestContext(url.toString(), HttpMethod.GET);
      request.setHeaderParam('Accept', 'application/json');
      await kc.applySecurityAuthentication(request);
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      let ended = false;
      const end = (error: unknown) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        controller.abort();
        callbacks.onDone(timedOut ? new Error(`no data for ${inactivityTimeoutMs} ms`) : (error ?? null));
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, inactivityTimeoutMs);
        timer.unref();
      };
      try {
        arm();
        const response = await fetch(url, {
          method: 'GET',
          headers: request.getHeaders(),
          dispatcher: request.getDispatcher(),
          signal: controller.signal,
        });
        if (response.status !== 200 || !response.body) {
          const text = await response.text();
          throw requestError(response.status, text || (STATUS_CODES[response.status] ?? ''));
        }
        arm();
        const body = Readable.fromWeb(response.body as ReadableStream);
        body.on('data', arm);
        body.on('error', end);
        const lines = createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY });
        lines.on('line', (line) => {
          if (ended || line.trim() === '') return;
          const compact = parseWatchLine(line);
          if (compact) return callbacks.onEvent(compact.type, compact.object, compact.objectText);
          let event: { type?: unknown; object?: unknown };
          try {
            event = JSON.parse(line) as typeof event;
          } catch {
            return end(new Error(`the watch stream sent a line that is not JSON: ${line.slice(0, 120)}`));
          }
          callbacks.onEvent(String(event.type), event.object);
        });
        lines.on('error', end);
        lines.on('close', () => end(null));
      } catch (error) {
        end(error);
      }
      return { opened: !ended, abort: () => controller.abort() };
    },
  };
}
