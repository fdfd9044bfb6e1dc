// Checkpoints the log's WAL on a thread of its own, for a writer that runs for days (the recorder).
//
// SQLite checkpoints on the committing thread: once the WAL holds `wal_autocheckpoint` pages, the
// commit that crossed it copies them into the database and syncs it. On a long log those pages lie
// all over the file (the per-uid index leaves of the pods in flight), and the recorder's event loop
// (its watches, and in `kubetrail run` the API and the viewer) stood still meanwhile: appending to
// the 10 M bench log in batches of 250, a batch took 150-190 ms instead of 40 once every four, and
// a disk with few IOPS takes as long as a few thousand random writes take. Here a second
// connection runs PASSIVE checkpoints, which never wait for and never block the writer or
// readers, every `everyMs`; the writer keeps a far larger automatic threshold as a bound.
//
// The thread's code is a few lines of plain JavaScript evaluated in a worker, requiring
// better-sqlite3 by the path this module resolves: the same whether kubetrail runs from its sources
// or from the bundle (which keeps better-sqlite3 external), with no loader and no file to ship.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type WalCheckpointerOptions = {
  /** How often a checkpoint runs (it does nothing when the WAL holds nothing new). */
  everyMs?: number;
  /** A checkpoint failed (the writer's own automatic checkpoints still bound the WAL). */
  onError?: (message: string) => void;
};

export type WalCheckpointer = {
  /** Stops the thread and closes its connection before returning (before the writer closes). */
  stop(): void;
};

/**
 * The writer's own threshold while a checkpointer runs: 256 MB of WAL. A writer that never pauses
 * (a catch-up) reaches it anyway: the WAL starts over only when a write begins after a checkpoint
 * that copied all of it, and each checkpoint here ends after the writer has committed more. The
 * writer's checkpoint then copies only the frames this thread has not (on the 10 M bench log, a
 * 260-450 ms commit every 8,000 entries, where the commits' own checkpoints took 150-190 ms every
 * thousand).
 */
export const fallbackAutocheckpointPages = 65_536;

/** What a WAL file is cut back to when it starts over. */
export const walSizeLimitBytes = 64 * 1024 * 1024;

const stopWaitMs = 10_000;

// state[0]: 0 while running, 1 once the connection is closed (or never opened).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const closed = () => { Atomics.store(state, 0, 1); Atomics.notify(state, 0); };
const report = (error) => parentPort.postMessage({ error: String((error && error.message) || error) });
let db;
let timer;
try {
  const Database = require(workerData.sqlite);
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
  db.pragma('synchronous = NORMAL');
  timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // Another checkpoint under way (an import's, a compact's) does the same work.
      if (!String(error && error.code).startsWith('SQLITE_BUSY')) report(error);
    }
  }, workerData.everyMs);
} catch (error) {
  report(error);
  closed();
}
parentPort.on('message', () => {
  clearInterval(timer);
  try {
    db?.close();
  } finally {
    closed();
    parentPort.close();
  }
});
`;

export function startWalCheckpointer(path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const { everyMs = 1000, onError = () => {} } = options;
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      path,
      everyMs,
      state: state.buffer,
      sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
    // Its heap holds a timer and a connection; SQLite's page cache is outside it.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) onError(message.error);
  });
  worker.on('error', (error) => onError(error.message));
  // The recorder's own shutdown stops it; it never keeps a process alive by itself.
  worker.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
      // Synchronous, so that the writer's close after it is the last connection (which checkpoints
      // what is left and removes the WAL). A checkpoint under way finishes first.
      Atomics.wait(state, 0, 0, stopWaitMs);
      void worker.terminate();
    },
  };
}
