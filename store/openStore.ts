import type Database from 'better-sqlite3';
import { restoreDeferredIndexes } from './deferQueryIndexes.ts';
import { createLogWriter, type LogWriter } from './logWriter.ts';
import { openDatabase } from './openDatabase.ts';
import { createLogReader, type LogReader } from './readLog.ts';
import { createProjectionRunner, type ProjectionRunner } from './readModels/projectionRunner.ts';
import {
  fallbackAutocheckpointPages,
  startWalCheckpointer,
  type WalCheckpointer,
  walSizeLimitBytes,
} from './walCheckpointer.ts';

export type Store = {
  db: Database.Database;
  reader: LogReader;
  projections: ProjectionRunner;
  /** Present on a writable store only: the one writer, projecting inline. */
  writer: LogWriter | undefined;
  close(): void;
};

/**
 * Opens the database for writing (one writer: appends project inline, in the same
 * transaction as the entries and the projection checkpoint) or for reading. A writer first
 * brings the read models up to the log: a rebuild when the projection changed, else a catch-up.
 */
export type OpenStoreOptions = {
  readonly?: boolean;
  now?: () => number;
  /** The writer's keyframe cache (see LogWriterOptions); a bulk load affords more than a recorder. */
  keyframeCacheBytes?: number;
  /** The writer's SQLite page cache (see OpenOptions). */
  pageCacheBytes?: number;
  /** Keyframes the reader holds decoded (see LogReaderOptions). */
  baseCacheBytes?: number;
  /**
   * Only for a writer that runs for long (the recorder): checkpoint the WAL on a thread of its own
   * instead of in the commits (see walCheckpointer.ts); told when a checkpoint fails.
   */
  checkpointInBackground?: { everyMs?: number; onError?: (message: string) => void };
};

/**
 * What a one-off bulk writer (`kubetrail import` and `rebuild`, and the bench that measures import)
 * affords beyond the recorder's budget: keyframes for thousands of changing pods held ready, so
 * that each delta is taken against one in memory (or, replaying the log, decoded against one)
 * rather than read back and inflated, and a page cache for the indexes a long transaction grows.
 */
export const bulkWriterOptions = {
  keyframeCacheBytes: 256 * 1024 * 1024,
  pageCacheBytes: 64 * 1024 * 1024,
  baseCacheBytes: 256 * 1024 * 1024,
} as const satisfies OpenStoreOptions;

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const db = openDatabase(path, options);
  const reader = createLogReader(db, { baseCacheBytes: options.baseCacheBytes });
  const projections = createProjectionRunner(db, reader);
  let writer: LogWriter | undefined;
  if (!options.readonly) {
    if (projections.isStale()) projections.rebuild();
    else projections.catchUp();
    // A rebuild or bulk load that stopped before it created its indexes again.
    restoreDeferredIndexes(db);
    writer = createLogWriter(db, {
      beforeAppend: projections.readyFor,
      onAppended: projections.project,
      onBatchAppended: projections.checkpoint,
      onForget: () => {
        projections.forgetCached();
        reader.forgetBases();
      },
      keyframeCacheBytes: options.keyframeCacheBytes,
    });
  }
  let checkpointer: WalCheckpointer | undefined;
  if (writer && options.checkpointInBackground) {
    db.pragma(`wal_autocheckpoint = ${fallbackAutocheckpointPages}`);
    // A WAL that grew to the fallback is cut back when it restarts, not kept at its largest.
    db.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
    checkpointer = startWalCheckpointer(path, options.checkpointInBackground);
  }
  return {
    db,
    reader,
    projections,
    writer,
    close: () => {
      checkpointer?.stop();
      db.close();
    },
  };
}
