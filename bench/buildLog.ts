// Builds (once) the log the replay and query figures are measured on, through the real writer
// with inline projection, in large transactions. Cached under bench/out/, keyed by parameters.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewEntry } from '../store/index.ts';
import { openStore } from '../store/index.ts';
import { generatorVersion } from './generate.ts';
import { generateInWorker } from './generateInWorker.ts';
import { toNewEntry } from './ingest.ts';
import type { BenchProfile } from './profile.ts';

export type BuiltLog = { path: string; entries: number; seconds: number; cached: boolean; fileBytes: number };

/** Bump when the writer changes what a cached database holds (the generator has its own version). */
const buildVersion = 2;

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
  const store = openStore(path);
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  // A bulk load: a page cache large enough for the indexes' pages, which the recorder's 16 MB is
  // not once the log holds millions of entries (each append then reads index pages from disk).
  store.db.pragma('cache_size = -2097152');
  const started = performance.now();
  let batch: NewEntry[] = [];
  let entries = 0;
  const step = Math.max(1, Math.floor(profile.entries / 10));
  try {
    for await (const line of generateInWorker(profile.stream)) {
      batch.push(toNewEntry(line));
      if (batch.length === profile.buildBatch) {
        entries += writer.append(batch).appended;
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
    if (batch.length > 0) entries += writer.append(batch).appended;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.db.exec('ANALYZE');
  } finally {
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(donePath, JSON.stringify({ entries, seconds }));
  return { path, entries, seconds, cached: false, fileBytes: fileSize(path) };
};

/** The database's bytes on disk (main file and WAL). */
export const fileSize = (path: string): number =>
  ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(`${path}${suffix}`) ? statSync(`${path}${suffix}`).size : 0),
    0,
  );
