// The ingest figure: a recorded watch stream replayed through the real append path (parse,
// dedupe check, codec, insert, inline projection, checkpoint), against merely parsing it.
import { rmSync, writeFileSync } from 'node:fs';
import { importFiles } from '../collector/importFiles.ts';
import { parseWatchLine } from '../collector/parseWatchLine.ts';
import type { KubeObject, NewEntry } from '../store/index.ts';
import { bulkLoad, bulkWriterOptions, openStore, resourceOf } from '../store/index.ts';
import type { TimedLine } from './generate.ts';

/** A watch line as `kubetrail import` appends it: parsed, the object's own text kept. */
export const toNewEntry = (line: TimedLine, cluster = 'bench'): NewEntry => {
  const event = (parseWatchLine(line.line) ?? JSON.parse(line.line)) as {
    type: 'ADDED' | 'MODIFIED' | 'DELETED';
    object: KubeObject;
    objectText?: string;
  };
  return {
    cluster,
    observedAt: line.at,
    source: 'watch',
    type: event.type,
    resource: resourceOf(event.object.apiVersion, event.object.kind ?? ''),
    object: event.object,
    text: event.objectText,
  };
};

/** Seconds to JSON.parse every line (best of `rounds`, after a warm-up). */
export const measureParse = (lines: readonly TimedLine[], rounds = 3): number => {
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let round = 0; round <= rounds; round++) {
    const started = performance.now();
    for (const line of lines) sink += (JSON.parse(line.line) as { type: string }).type.length;
    const seconds = (performance.now() - started) / 1000;
    if (round > 0) best = Math.min(best, seconds);
  }
  if (sink < 0) throw new Error('unreachable');
  return best;
};

export type IngestResult = {
  entries: number;
  appended: number;
  /** The fastest timed run. */
  seconds: number;
  /** Every timed run, in order. */
  runs: number[];
};

/**
 * How a stream is appended: `'file'` as `kubetrail import` appends a recorded stream (one
 * transaction, each line parsed as it is appended, into an empty log with its query-only indexes
 * created after it, within the time measured), or in batches of `n` entries parsed before
 * their transaction, as the collector holds what the watch delivered until its batch is written.
 * `'import'` runs `kubetrail import` itself on the lines written to a file (outside the time):
 * 'file' and more, its reading, its checks, the observed time each object's newest timestamp
 * gives it, and secrets redacted (a redacted object is stored re-serialised).
 */
export type IngestMode = 'file' | { batch: number } | 'import';

/**
 * Appends every line to a fresh database at `path` through `openStore(path).writer` (inline
 * projection on), `rounds` times, and keeps the fastest run: timed as the parse yardstick is (warm,
 * best of its rounds), so that the ratio compares the two alike on a machine whose speed varies
 * from one second to the next. A first pass over a tenth of the lines, into a scratch database,
 * compiles the code paths first. The database of the last run stays at `path` (every run writes
 * the same rows).
 */
export const measureIngest = (
  lines: readonly TimedLine[],
  path: string,
  mode: IngestMode = 'file',
  rounds = 3,
): IngestResult => {
  const warm = `${path}.warm`;
  appendAll(lines.slice(0, Math.ceil(lines.length / 10)), warm, mode);
  removeDatabase(warm);
  const runs: number[] = [];
  let appended = 0;
  for (let round = 0; round < rounds; round++) {
    const run = appendAll(lines, path, mode);
    runs.push(run.seconds);
    appended = run.appended;
  }
  return { entries: lines.length, appended, seconds: Math.min(...runs), runs };
};

const importFile = (path: string) => `${path}.ndjson`;

const removeDatabase = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm', '.ndjson']) rmSync(`${path}${suffix}`, { force: true });
};

const recorderOptions = { checkpointInBackground: {} } as const;

/** Lines as entries, each parsed only when the writer reads it (so parsed objects die young). */
export function* parsedAsAppended(
  lines: readonly TimedLine[],
  from = 0,
  to = lines.length,
): Generator<NewEntry> {
  for (let i = from; i < to; i++) yield toNewEntry(lines[i] as TimedLine);
}

const appendAll = (
  lines: readonly TimedLine[],
  path: string,
  mode: IngestMode,
): { appended: number; seconds: number } => {
  removeDatabase(path);
  if (mode === 'import') writeFileSync(importFile(path), `${lines.map((l) => l.line).join('\n')}\n`);
  // A file is appended as `kubetrail import` opens the log, batches as the recorder does (its WAL
  // checkpointed by a worker: the final checkpoint, at close, is timed with the run).
  const store = openStore(path, typeof mode === 'string' ? bulkWriterOptions : recorderOptions);
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  let appended = 0;
  const started = performance.now();
  try {
    if (mode === 'file') appended = bulkLoad(store.db, () => writer.append(parsedAsAppended(lines)).appended);
    else if (mode === 'import') {
      const reports = bulkLoad(store.db, () =>
        importFiles(writer, [importFile(path)], { cluster: 'bench', now: Date.now }),
      );
      appended = reports.reduce((sum, r) => sum + r.appended, 0);
    } else {
      for (let i = 0; i < lines.length; i += mode.batch) {
        const batch = [...parsedAsAppended(lines, i, Math.min(lines.length, i + mode.batch))];
        appended += writer.append(batch).appended;
      }
    }
  } finally {
    store.close();
    if (mode === 'import') rmSync(importFile(path), { force: true });
  }
  return { appended, seconds: (performance.now() - started) / 1000 };
};
