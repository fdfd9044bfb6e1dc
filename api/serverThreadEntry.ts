// The API server on a thread of its own (see serverThread.ts): started from workerData, closed on
// the parent's message. Its clock is the wall clock: a function cannot cross threads.
import { parentPort, workerData } from 'node:worker_threads';
import type { ServerThreadMessage, ServerThreadOptions } from './serverThread.ts';
import { startServer } from './startServer.ts';

const port = parentPort;
if (!port) throw new Error('serverThreadEntry.ts runs as a worker thread only');
const post = (message: ServerThreadMessage) => port.postMessage(message);

try {
  const server = await startServer({ ...(workerData as ServerThreadOptions), now: Date.now });
  port.once('message', () => {
    // Closed, the thread has nothing left to run and exits.
    void server.close().then(() => port.close());
  });
  post({ type: 'listening', url: server.url, port: server.port });
} catch (error) {
  const { message, code } = error as NodeJS.ErrnoException;
  post({ type: 'failed', message, ...(code === undefined ? {} : { code }) });
  port.close();
}
