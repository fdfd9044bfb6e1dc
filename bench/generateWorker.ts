// The worker side of generateInWorker.ts: plays the generator and posts its lines in batches, as
// many batches ahead of the reader as it has been granted.
import { parentPort, workerData } from 'node:worker_threads';
import { type GenerateOptions, generateTimedWatchStream, type TimedLine } from './generate.ts';

const { options, batchSize, ahead } = workerData as {
  options: GenerateOptions;
  batchSize: number;
  ahead: number;
};
const port = parentPort;
if (!port) throw new Error('generateWorker.ts runs as a worker thread');
const lines = generateTimedWatchStream(options);
let credits = ahead;
let done = false;

const pump = (): void => {
  while (credits > 0 && !done) {
    const batch: TimedLine[] = [];
    while (batch.length < batchSize) {
      const next = lines.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    credits--;
    port.postMessage({ batch, done });
  }
};

port.on('message', () => {
  credits++;
  pump();
});
pump();
