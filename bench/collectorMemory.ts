// The memory figure: peak RSS of a process that records a 10,000-pod cluster through the store's
// writer (inline projection on, batches as the collector makes them). Runs in a child process so
// that nothing the bench itself holds counts, from the production bundle (dist/bench-memory.mjs,
// made by `npm run build`): node dist/bench-memory.mjs --child PODS STREAM DB prints one JSON line.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createAppendBatcher } from '../collector/appendBatcher.ts';
import type { NewEntry } from '../store/index.ts';
import { createCheckpointStore, openStore } from '../store/index.ts';
import { toNewEntry } from './ingest.ts';
import { recorderStream } from './profile.ts';

export type MemoryFigures = {
  peakRssMb: number;
  pods: number;
  entries: number;
};

/** The same recording through the collector's batcher, with the log locked by another process a while. */
export type LockedMemoryFigures = MemoryFigures & {
  /** Observations that arrived while the log was locked (all held, then written). */
  heldWhileLocked: number;
  /** Of those, how many went to the file beside the log instead of memory. */
  spilled: number;
  /** Peak RSS while the lock was held. */
  lockedPeakRssMb: number;
};

/** The 10,000-pod stream, written once as `at<TAB>line` rows, so the child holds no generator state. */
const streamFile = async (pods: number, entries: number, path: string): Promise<void> => {
  if (existsSync(path)) return;
  // Imported here only: the child that records must not load the generator (nor what it loads).
  const { generateTimedWatchStream } = await import('./generate.ts');
  const out = createWriteStream(`${path}.part`);
  let n = 0;
  for (const line of generateTimedWatchStream(recorderStream(pods))) {
    if (!out.write(`${line.at}\t${line.line}\n`)) await once(out, 'drain');
    if (++n >= entries) break;
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
};

const child = async (pods: number, stream: string, path: string): Promise<MemoryFigures> => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  // As `kubetrail record` opens it: its checkpoints on a thread of their own count too.
  const store = openStore(path, { checkpointInBackground: {} });
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  let peak = 0;
  let count = 0;
  let batch: NewEntry[] = [];
  try {
    for await (const row of createInterface({
      input: createReadStream(stream),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      const tab = row.indexOf('\t');
      batch.push(toNewEntry({ at: Number(row.slice(0, tab)), line: row.slice(tab + 1) }));
      if (batch.length === 200) {
        count += writer.append(batch).appended;
        batch = [];
        peak = Math.max(peak, process.memoryUsage.rss());
      }
    }
    if (batch.length > 0) count += writer.append(batch).appended;
    peak = Math.max(peak, process.memoryUsage.rss());
  } finally {
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  return { peakRssMb: Math.round(peak / 1048576), pods, entries: count };
};

/**
 * Records the stream as the collector does (its batcher, the lock wait it uses; batches of 200 as
 * the figure above, since a replay fills batches faster than a cluster does),
 * while a second connection holds the log's write lock from 20% to 80% of the stream, as a
 * retention run holds it for minutes: what arrives meanwhile is held, then written in order.
 */
const lockedChild = async (pods: number, stream: string, path: string): Promise<LockedMemoryFigures> => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  // As `kubetrail record` opens it: its checkpoints on a thread of their own count too.
  const store = openStore(path, { checkpointInBackground: {} });
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  store.db.pragma('busy_timeout = 100');
  const total = Number(await lineCount(stream));
  const lockFrom = Math.floor(total * 0.2);
  const lockTo = Math.floor(total * 0.8);
  const other = new Database(path);
  other.pragma('busy_timeout = 10000');
  let spilled = 0;
  let written = 0;
  const batcher = createAppendBatcher({
    writer,
    checkpoints: createCheckpointStore(store.db),
    cluster: 'bench',
    now: Date.now,
    maxBatch: 200,
    spillDir: dirname(path),
    onLock: (change) => {
      if (!change.locked) {
        spilled = change.spilled;
        written = change.written;
      }
    },
  });
  let peak = 0;
  let lockedPeak = 0;
  let n = 0;
  try {
    for await (const row of createInterface({
      input: createReadStream(stream),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      if (n === lockFrom) other.exec('BEGIN IMMEDIATE');
      if (n === lockTo) other.exec('COMMIT');
      const tab = row.indexOf('\t');
      batcher.add(toNewEntry({ at: Number(row.slice(0, tab)), line: row.slice(tab + 1) }));
      n++;
      if (n % 200 === 0) {
        const rss = process.memoryUsage.rss();
        peak = Math.max(peak, rss);
        if (n > lockFrom && n <= lockTo) lockedPeak = Math.max(lockedPeak, rss);
      }
    }
    // What is still held is written in parts, as the collector's timer would.
    for (let i = 0; batcher.stats().pending > 0 && i < 1_000_000; i++) batcher.flush();
    if (batcher.stats().pending > 0) throw new Error('the held observations were not all written');
    peak = Math.max(peak, process.memoryUsage.rss());
  } finally {
    batcher.close();
    if (other.inTransaction) other.exec('COMMIT');
    other.close();
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  return {
    peakRssMb: Math.round(peak / 1048576),
    lockedPeakRssMb: Math.round(lockedPeak / 1048576),
    pods,
    entries: batcher.stats().appended,
    heldWhileLocked: written,
    spilled,
  };
};

const lineCount = async (path: string): Promise<number> => {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk as Buffer) if (byte === 10) n++;
  }
  return n;
};

/** The recorder runs as production runs it: bundled (`npm run build`), without tsx's loader thread. */
export const buildProductionBundle = (): void => {
  const built = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../bin/build.js', import.meta.url)), '--bench'],
    {
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr}`);
};

/** The Node flags the container image runs the recorder with (deploy/Dockerfile's ENTRYPOINT). */
export const imageNodeFlags = (): string[] => {
  const dockerfile = readFileSync(new URL('../deploy/Dockerfile', import.meta.url), 'utf8');
  const line = dockerfile.split('\n').find((l) => l.startsWith('ENTRYPOINT '));
  if (!line) throw new Error('deploy/Dockerfile has no ENTRYPOINT');
  const argv = JSON.parse(line.slice('ENTRYPOINT '.length)) as string[];
  return argv.slice(
    1,
    argv.findIndex((arg) => arg.endsWith('.js')),
  );
};

/**
 * Runs the recording in a fresh Node process, as the image runs it, and returns its peak RSS;
 * with `locked`, through the batcher while another process holds the log's lock a while.
 */
export function measureCollectorMemory(pods: number, entries: number, path: string): Promise<MemoryFigures>;
export function measureCollectorMemory(
  pods: number,
  entries: number,
  path: string,
  locked: 'locked',
): Promise<LockedMemoryFigures>;
export async function measureCollectorMemory(
  pods: number,
  entries: number,
  path: string,
  locked?: 'locked',
): Promise<MemoryFigures> {
  // Imported here only (see streamFile): the stream is rewritten when the generator changes.
  const { generatorVersion } = await import('./generate.ts');
  const stream = `${path}-g${generatorVersion}-${pods}-${entries}.tsv`;
  await streamFile(pods, entries, stream);
  buildProductionBundle();
  const bundle = fileURLToPath(new URL('../dist/bench-memory.mjs', import.meta.url));
  const run = spawnSync(
    process.execPath,
    [...imageNodeFlags(), bundle, locked ? '--locked-child' : '--child', String(pods), stream, path],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (run.status !== 0) throw new Error(`memory child failed: ${run.stderr}`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as MemoryFigures;
}

const at = process.argv.findIndex((arg) => arg === '--child' || arg === '--locked-child');
if (at >= 0) {
  const [pods, stream, path] = process.argv.slice(at + 1);
  const run = process.argv[at] === '--child' ? child : lockedChild;
  process.stdout.write(`${JSON.stringify(await run(Number(pods), String(stream), String(path)))}\n`);
}
