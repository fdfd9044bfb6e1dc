// The memory figure: peak RSS of a process that records a 10,000-pod cluster through the store's
// writer (inline projection on, batches as the collector makes them). Runs in a child process so
// that nothing the bench itself holds counts. Run alone: node bin/run-ts.js bench/collectorMemory.ts
// --child PODS ENTRIES DB; prints one JSON line.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStore } from '../store/index.ts';
import type { NewEntry } from '../store/index.ts';
import { generateTimedWatchStream } from './generate.ts';
import { toNewEntry } from './ingest.ts';
import { benchStart } from './profile.ts';

export type MemoryFigures = { peakRssMb: number; pods: number; entries: number; encoderCacheMb: number | null };

const child = (pods: number, entries: number, path: string): MemoryFigures => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const store = openStore(path);
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  let peak = 0;
  let count = 0;
  let batch: NewEntry[] = [];
  const stream = generateTimedWatchStream({
    seed: 21,
    pods: Number.MAX_SAFE_INTEGER,
    namespaces: 50,
    inFlight: pods,
    versionsPerPod: 30,
    deletePods: true,
    startTime: benchStart,
    meanStepMs: 100,
  });
  try {
    for (const line of stream) {
      batch.push(toNewEntry(line));
      if (batch.length === 200) {
        count += writer.append(batch).appended;
        batch = [];
        peak = Math.max(peak, process.memoryUsage.rss());
      }
      if (count >= entries) break;
    }
  } finally {
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  return { peakRssMb: Math.round(peak / 1048576), pods, entries: count, encoderCacheMb: null };
};

/** Runs the recording in a fresh Node process and returns its peak RSS. */
export const measureCollectorMemory = (pods: number, entries: number, path: string): MemoryFigures => {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['bin/run-ts.js', self, '--child', String(pods), String(entries), path], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`memory child failed: ${run.stderr}`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as MemoryFigures;
};

const at = process.argv.indexOf('--child');
if (at >= 0) {
  const [pods, entries, path] = process.argv.slice(at + 1);
  process.stdout.write(`${JSON.stringify(child(Number(pods), Number(entries), String(path)))}\n`);
}
