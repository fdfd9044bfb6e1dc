import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CliIo, dbPathOf, openForWriting } from '../context.ts';

const bytesOf = (path: string): number =>
  ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(`${path}${suffix}`) ? statSync(`${path}${suffix}`).size : 0),
    0,
  );
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * `kubetrail compact`: gives free pages back to the disk (after retention, say): checkpoints
 * and truncates the WAL, VACUUMs, and lets SQLite refresh its planner statistics.
 */
export function compact(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { db: { type: 'string' } } });
  const path = dbPathOf(values.db, io.env);
  const store = openForWriting(values.db, io);
  const before = bytesOf(path);
  const started = io.now();
  try {
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.db.exec('VACUUM');
    store.db.pragma('optimize');
    store.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    store.close();
  }
  const after = bytesOf(path);
  io.stdout(
    `compacted ${path}: ${mb(before)} -> ${mb(after)} (${mb(before - after)} freed) in ${io.now() - started} ms\n`,
  );
  return 0;
}
