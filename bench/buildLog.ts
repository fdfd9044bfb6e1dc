// Builds (once) the log the replay and query figures are measured on, through the real writer
// with inline projection, in large transactions. Cached under bench/out/, keyed by parameters.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { deferQueryIndexes, openStore } from '../store/index.ts';
import { generatorVersion, type TimedLine } from './generate.ts';
import { generateInWorker } from './generateInWorker.ts';
import { parsedAsAppended } from './ingest.ts';
import type { BenchProfile } from './profile.ts';

export type BuiltLog = { path: string; entries: number; seconds: number; cached: boolean; fileBytes: number };

/**
 * Bump when the writer changes what a cached database holds (the generator has its own version).
 * 4: Events rows say whether their involved object changed (migration 0022).
 */
const buildVersion = 4;

export const buildLog = async (
  profile: BenchProfile,
  dir: string,
  log: (line: string) => void,
): Promise<BuiltLog> => {
  mkdirSync(dir, { recursive: true });
  const key = createHash('sha256')
    .update(
      JSON.stringify({ buildVersion, generatorVersion, entries: profile.entries, stream: profile.stream }),
    )
    .digest('hex')
    .slice(0, 12);
  const path = join(dir, `log-${profile.entries}-${key}.db`);
  const donePath = `${path}.done.json`;
  if (existsSync(path) && existsSync(donePath)) {
    // Opened for writing once, so that a cached log gets the schema's newer indexes (migrations).
    openStore(path).close();
    const done = JSON.parse(readFileSync(donePath, 'utf8')) as { entries: number; seconds: number };
    return { ...done, path, cached: true, fileBytes: fileSize(path) };
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  // The stream keeps 1,000 pods a namespace changing, ten thousand and more: their keyframes are
  // held ready (about 14 KB a pod), where a recorder's 8 MB would read one back from the log and
  // inflate it for nearly every delta. The bytes written are the same.
  const keyframeCacheBytes = Math.floor(Math.min(totalmem() / 16, 1024 ** 3));
  const store = openStore(path, { keyframeCacheBytes });
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  // A bulk load into a file that is thrown away unless it finishes, through the real writer:
  // - the indexes only queries read are created once at the end (a sort each), not grown by random
  //   inserts into pages that stopped fitting in memory millions of entries ago;
  // - the page cache holds the pages appends still touch at random (the dedupe index, the per-uid
  //   indexes of restarts and episodes, the Events), which the recorder's 8 MB does not: a third
  //   of this machine's memory, at most 6 GB (about what those take at 10 million entries);
  // - writing does not wait for the disk (synchronous OFF);
  // - the rollback journal is kept in memory, not in a WAL: each page a commit changed is written
  //   once, to the file, where the WAL wrote it twice (the log, then the checkpoint). Past a few
  //   million entries every batch changes pages all over the indexes ordered by uid. Appending to
  //   the 10 million-entry log: 3,080 entries/s with the WAL, 4,186 so, 4,809 with the log's
  //   per-uid index deferred too (5,254 into an empty file). A rolled-back batch leaves nothing.
  // One outer transaction around many batches would write hot pages less often, but nesting the
  // writer's transactions as savepoints made each batch slower (x2 by 300,000 entries).
  const deferred = deferQueryIndexes(store.db);
  const cacheKiB = Math.floor(Math.min(totalmem() / 3, 6 * 1024 ** 3) / 1024);
  store.db.pragma(`cache_size = -${cacheKiB}`);
  store.db.pragma('synchronous = OFF');
  store.db.pragma('journal_mode = MEMORY');
  const started = performance.now();
  // Lines are held as text and parsed as they are appended.
  let batch: TimedLine[] = [];
  let entries = 0;
  const step = Math.max(1, Math.floor(profile.entries / 10));
  try {
    for await (const line of generateInWorker(profile.stream)) {
      batch.push(line);
      if (batch.length === profile.buildBatch) {
        entries += writer.append(parsedAsAppended(batch)).appended;
        batch = [];
        if (entries % step < profile.buildBatch) {
          const seconds = (performance.now() - started) / 1000;
          log(
            `  built ${entries} of ${profile.entries} entries in ${seconds.toFixed(0)} s (${Math.round(entries / seconds)}/s)`,
          );
        }
      }
      if (entries + batch.length >= profile.entries) break;
    }
    if (batch.length > 0) entries += writer.append(parsedAsAppended(batch)).appended;
    const indexing = performance.now();
    deferred.restore();
    log(`  created the query indexes in ${((performance.now() - indexing) / 1000).toFixed(0)} s`);
    // Statistics from a sample of each index: the planner needs their shape, not exact counts.
    store.db.pragma('analysis_limit = 1000');
    store.db.exec('ANALYZE');
    // Back to the WAL every other process opens the log with (readers beside one writer).
    store.db.pragma('journal_mode = WAL');
  } finally {
    store.close();
  }
  // Written with synchronous OFF: the build is done once its pages are on disk, and the queries
  // timed next must not queue behind gigabytes of writeback (a p99 point read took 20 ms so).
  syncToDisk(path);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(donePath, JSON.stringify({ entries, seconds }));
  return { path, entries, seconds, cached: false, fileBytes: fileSize(path) };
};

/** Waits until the database's pages (main file and WAL) are on disk. */
export const syncToDisk = (path: string): void => {
  for (const suffix of ['', '-wal']) {
    if (!existsSync(`${path}${suffix}`)) continue;
    const file = openSync(`${path}${suffix}`, 'r+');
    try {
      fsyncSync(file);
    } finally {
      closeSync(file);
    }
  }
};

/** The database's bytes on disk (main file and WAL). */
export const fileSize = (path: string): number =>
  ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(`${path}${suffix}`) ? statSync(`${path}${suffix}`).size : 0),
    0,
  );
