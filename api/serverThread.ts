// The API and the viewer on a thread of their own, for `kubetrail run`: the recorder keeps the main
// thread's event loop to itself. A query is synchronous SQLite work, from milliseconds to seconds
// on a long log (a facade list of 10,000 pods decodes each one); on the recorder's loop, the watches
// waited for it, and the query waited for every batch the watches brought. Recording a 10,000-pod
// cluster at 1,369 changes/s, `kubectl get pods -A` through the facade took 39.6 s where the same
// list takes 2-3 s on an idle log. A thread also runs on the machine's second core, and its heap is
// its own: a query that exhausts it stops the thread, which is started again, not the recorder.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ServerHandle, StartServerOptions } from './startServer.ts';
import { superviseThread } from './superviseThread.ts';

/** What the thread is started with: the server's options that can cross threads (no clock, no store). */
export type ServerThreadOptions = Pick<
  StartServerOptions,
  'dbPath' | 'host' | 'port' | 'token' | 'pollMs' | 'webDir'
> & { dbPath: string };

export type ServerThreadMessage =
  | { type: 'listening'; url: string; port: number }
  | { type: 'failed'; message: string; code?: string };

export type ServerThreadEvents = {
  /** The thread stopped unasked; it is started again. */
  onStopped?: (why: string) => void;
  onRestarted?: () => void;
  retryMs?: number;
};

/** How long a thread may take to close its connections and its database before it is terminated. */
const closeWaitMs = 10_000;

/**
 * The thread's code: in the bundle (dist/*.mjs) its own entry, beside the chunk holding this
 * module; from the sources, the TypeScript file through the loader bin/run-ts.js registers.
 */
function threadEntry(): { url: URL; argv: string[] } {
  if (import.meta.url.endsWith('.mjs'))
    return { url: new URL('./api-server-thread.mjs', import.meta.url), argv: [] };
  return {
    url: new URL('../bin/run-ts.js', import.meta.url),
    argv: [fileURLToPath(new URL('./serverThreadEntry.ts', import.meta.url))],
  };
}

/** Starts one thread; resolves once it listens, rejects with its error if it cannot. */
function startThread(options: ServerThreadOptions): Promise<{ worker: Worker; url: string; port: number }> {
  const { url, argv } = threadEntry();
  const worker = new Worker(url, { argv, workerData: options });
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => {
      worker.off('message', onMessage);
      void worker.terminate();
      reject(error);
    };
    const onError = (error: Error) => failed(error);
    const onExit = (code: number) =>
      failed(new Error(`the API thread exited (code ${code}) before it listened`));
    const onMessage = (message: ServerThreadMessage) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      worker.off('message', onMessage);
      if (message.type === 'listening') resolve({ worker, url: message.url, port: message.port });
      else if (message.type === 'failed') {
        // As startServer would have thrown it (EADDRINUSE keeps its code).
        const error = Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
        failed(error);
      }
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
}

/** Asks the thread to close (streams cut, database closed), and terminates it if it takes too long. */
function closeThread(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate(), closeWaitMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage('close');
  });
}

/**
 * Serves the API and the viewer from a worker thread, with the wall clock, and starts the thread
 * again if it stops unasked (on the port it first bound). Resolves once it listens.
 */
export async function startServerThread(
  options: ServerThreadOptions,
  { onStopped, onRestarted, retryMs }: ServerThreadEvents = {},
): Promise<ServerHandle> {
  let first: { url: string; port: number } | undefined;
  const supervised = await superviseThread(
    async () => {
      // A restart binds the port the first thread got (it may have been asked for port 0).
      const started = await startThread(first ? { ...options, port: first.port } : options);
      first ??= { url: started.url, port: started.port };
      return started.worker;
    },
    {
      ...(retryMs === undefined ? {} : { retryMs }),
      ...(onStopped ? { onStopped } : {}),
      ...(onRestarted ? { onRestarted } : {}),
    },
  );
  const { url, port } = first as { url: string; port: number };
  return { url, port, close: () => supervised.stop(closeThread) };
}
