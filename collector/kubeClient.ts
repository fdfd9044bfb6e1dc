// The edge to the API server, through @kubernetes/client-node: raw JSON lists (its typed list
// APIs turn timestamps into Date values and lose MicroTime's microseconds) and its Watch.
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  RequestContext,
  Watch,
} from '@kubernetes/client-node';
import type { KubeObject } from '../store/index.ts';

export type ListPage = { items: KubeObject[]; resourceVersion: string; continueToken: string | undefined };

export type WatchCallbacks = {
  /** Every watch event as the server sent it (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR). */
  onEvent(type: string, object: unknown): void;
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
   * client-node aborts a watch after this long without a byte (its default, 30 s, would cut a
   * quiet watch long before the server's timeout). Bookmarks arrive about once a minute, so a
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
      const watch = new Watch(kc);
      // A private field in its typings, but the documented way to change the inactivity timeout.
      (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = inactivityTimeoutMs;
      let ended = false;
      const controller = await watch.watch(path, query, callbacks.onEvent, (error: unknown) => {
        ended = true;
        callbacks.onDone(error ?? null);
      });
      return { opened: !ended, abort: () => controller.abort() };
    },
  };
}
