// Keeps a worker thread running: one that exits unasked (an uncaught error, its heap exhausted)
// is started again, and the process it ran in goes on.
import type { Worker } from 'node:worker_threads';

export type SuperviseOptions = {
  /**
   * How long after an unasked exit the thread is started again; doubled after each start that
   * fails, up to `maxRetryMs` (a thread that cannot start is not retried every second for ever).
   */
  retryMs?: number;
  maxRetryMs?: number;
  /** The thread exited unasked, or could not be started again: why, as a sentence's end. */
  onStopped?: (why: string) => void;
  /** It runs again after that. */
  onRestarted?: () => void;
};

export type SupervisedThread = {
  /** The thread running now (the last one started, if none runs). */
  current(): Worker;
  /** How many times it was started again. */
  restarts(): number;
  /** Stops supervising and stops the thread with `stopWorker` (no restart after it). */
  stop(stopWorker: (worker: Worker) => Promise<void>): Promise<void>;
};

const why = (code: number, error: Error | undefined): string => {
  if (!error) return `exit code ${code}`;
  const { code: errorCode } = error as NodeJS.ErrnoException;
  return errorCode === 'ERR_WORKER_OUT_OF_MEMORY'
    ? 'its heap was exhausted (ERR_WORKER_OUT_OF_MEMORY)'
    : `${error.message}${errorCode ? ` (${errorCode})` : ''}`;
};

/**
 * Starts a thread with `start` (which resolves once the thread is ready, and rejects if it could
 * not get ready) and starts it again, `retryMs` later, each time it exits without `stop`.
 */
export async function superviseThread(
  start: () => Promise<Worker>,
  {
    retryMs = 1000,
    maxRetryMs = 30_000,
    onStopped = () => {},
    onRestarted = () => {},
  }: SuperviseOptions = {},
): Promise<SupervisedThread> {
  let worker = await start();
  let stopped = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;

  const startAgainLater = (delayMs = retryMs) => {
    timer = setTimeout(() => {
      timer = undefined;
      start().then(
        (next) => {
          // Stopped while it was starting: it goes too.
          if (stopped) return void next.terminate();
          worker = next;
          restarts++;
          watch(next);
          onRestarted();
        },
        (error: unknown) => {
          if (stopped) return;
          onStopped(`it could not be started again: ${(error as Error).message}`);
          startAgainLater(Math.min(delayMs * 2, maxRetryMs));
        },
      );
    }, delayMs);
  };

  const watch = (w: Worker) => {
    let lastError: Error | undefined;
    w.on('error', (error) => {
      lastError = error;
    });
    w.once('exit', (code) => {
      if (stopped) return;
      onStopped(why(code, lastError));
      startAgainLater();
    });
  };
  watch(worker);

  return {
    current: () => worker,
    restarts: () => restarts,
    async stop(stopWorker) {
      stopped = true;
      clearTimeout(timer);
      await stopWorker(worker);
    },
  };
}
