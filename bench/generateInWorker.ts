// The generator's watch stream, generated on a worker thread: building the 10-million-entry log
// then spends the main thread on the writer alone (generating a line costs about a fifth as much
// as appending it). Same lines, in the same order, as generateTimedWatchStream.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GenerateOptions, TimedLine } from './generate.ts';

type Message = { batch: TimedLine[]; done: boolean };

export async function* generateInWorker(
  options: GenerateOptions,
  { batchSize = 2000, ahead = 4 } = {},
): AsyncGenerator<TimedLine> {
  // The worker starts through bin/run-ts.js, which gives it the TypeScript loader.
  const worker = new Worker(new URL('../bin/run-ts.js', import.meta.url), {
    argv: [fileURLToPath(new URL('./generateWorker.ts', import.meta.url))],
    workerData: { options, batchSize, ahead },
  });
  const queue: Message[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  worker.on('message', (message: Message) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      const message = queue.shift() as Message;
      worker.postMessage('more');
      yield* message.batch;
      if (message.done) return;
    }
  } finally {
    await worker.terminate();
  }
}
