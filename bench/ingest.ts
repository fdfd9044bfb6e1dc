// The ingest figure: a recorded watch stream replayed through the real append path (parse,
// dedupe check, codec, insert, inline projection, checkpoint), against merely parsing it.
import { rmSync } from 'node:fs';
import { defaultMaxBatch } from '../collector/appendBatcher.ts';
import { parseWatchLine } from '../collector/parseWatchLine.ts';
import type { KubeObject, NewEntry } from '../store/index.ts';
import { openStore, resourceOf } from '../store/index.ts';
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

export type IngestResult = { entries: number; appended: number; seconds: number };

/**
 * Appends every line to a fresh database at `path` through `openStore(path).writer` (inline
 * projection on), in transactions as large as the collector's on a busy cluster. Like the parse
 * yardstick, it is timed warm: a first pass over a tenth of the lines, into a scratch database,
 * compiles the code paths first.
 */
export const measureIngest = (
  lines: readonly TimedLine[],
  path: string,
  batchSize = defaultMaxBatch,
): IngestResult => {
  const warm = `${path}.warm`;
  appendAll(lines.slice(0, Math.ceil(lines.length / 10)), warm, batchSize);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${warm}${suffix}`, { force: true });
  return appendAll(lines, path, batchSize);
};

const appendAll = (lines: readonly TimedLine[], path: string, batchSize: number): IngestResult => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const store = openStore(path);
  const writer = store.writer;
  if (!writer) throw new Error('store opened without a writer');
  let appended = 0;
  const started = performance.now();
  try {
    for (let i = 0; i < lines.length; i += batchSize) {
      const batch: NewEntry[] = [];
      for (let j = i; j < Math.min(lines.length, i + batchSize); j++)
        batch.push(toNewEntry(lines[j] as TimedLine));
      appended += writer.append(batch).appended;
    }
  } finally {
    store.close();
  }
  return { entries: lines.length, appended, seconds: (performance.now() - started) / 1000 };
};
