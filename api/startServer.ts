import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../store/index.ts';
import { createApp } from './createApp.ts';

export type StartServerOptions = {
  dbPath?: string;
  store?: Store;
  host?: string;
  port?: number;
  token?: string | undefined;
  now?: () => number;
  pollMs?: number;
  webDir?: string;
};

export type ServerHandle = { url: string; port: number; close(): Promise<void> };

/** Serves the app on host:port (127.0.0.1 unless told; port 0 picks a free one). */
export async function startServer({
  host = '127.0.0.1',
  port = 7070,
  ...options
}: StartServerOptions): Promise<ServerHandle> {
  const app = createApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', (error) => {
      app.close();
      reject(error);
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        // readyz answers false first; open streams (replay, watch) are cut, then the database closes.
        app.shutdown();
        server.close(() => {
          app.close();
          resolve();
        });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
