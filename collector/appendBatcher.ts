import {
  type AppendResult,
  isLockedByAnotherWriter,
  type LogWriter,
  type NewEntry,
  type WatchCheckpoint,
} from '../store/index.ts';

/** Schedules `run` after `ms`; returns a cancel function (timers are passed in, like the clock). */
export type Schedule = (ms: number, run: () => void) => () => void;

export const realSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export type CheckpointWriter = { set(checkpoint: WatchCheckpoint): void };

export type AppendBatcherOptions = {
  writer: LogWriter;
  checkpoints: CheckpointWriter;
  cluster: string;
  now: () => number;
  /** The longest an observation waits in memory before it is written. */
  maxDelayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  schedule?: Schedule;
  /** A write failed for another reason than a lock held elsewhere; it is tried again. */
  onError?: (error: unknown) => void;
  /**
   * Another process took the log's write lock (a retention run, an import, a compact): told once
   * when a write first finds it locked, and once when the observations held meanwhile are written.
   */
  onLock?: (change: LockChange) => void;
};

export type LockChange =
  | { locked: true; held: number }
  | { locked: false; lockedForMs: number; written: number };

/** The largest batch the collector writes in one transaction (a busy cluster fills it). */
export const defaultMaxBatch = 1000;

/** How soon a write that failed is tried again (at least the batch delay). */
const retryMs = 1000;

export type BatcherStats = { appended: number; skipped: number; batches: number; pending: number };

/**
 * Gathers observations and writes them in batched transactions, each with the checkpoints
 * (newest resourceVersion per resource) they cover, so a crash leaves the log and the
 * checkpoints in agreement: the next start resumes exactly after what was written.
 */
export function createAppendBatcher({
  writer,
  checkpoints,
  cluster,
  now,
  maxDelayMs = 250,
  maxBatch = defaultMaxBatch,
  schedule = realSchedule,
  onError = () => {},
  onLock = () => {},
}: AppendBatcherOptions) {
  let pending: NewEntry[] = [];
  const pendingVersions = new Map<string, string>();
  // Every resource's newest known version, to touch them all at shutdown.
  const knownVersions = new Map<string, string>();
  let cancelTimer: (() => void) | undefined;
  /** Set while writes fail (the log locked elsewhere, or an error): retried by the timer only. */
  let failing = false;
  /** When a write first found the log locked by another process, until one succeeds. */
  let lockedSince: number | undefined;
  /** Observations kept in memory when the lock was first found taken, and since. */
  let heldSinceLocked = 0;
  const stats: BatcherStats = { appended: 0, skipped: 0, batches: 0, pending: 0 };

  function arm(ms = maxDelayMs): void {
    if (cancelTimer) return;
    cancelTimer = schedule(ms, () => {
      cancelTimer = undefined;
      flush();
    });
  }

  /**
   * Writes what is pending (and `extra` after it), with the checkpoints it covers, in one
   * transaction; keeps it all on failure. A backlog (held while the log was locked) is written
   * `maxBatch` at a time unless `whole`, so that no single transaction blocks the event loop for
   * long: the checkpoints go with its last part, and a crash between parts only means the next
   * start watches again what the written parts hold (the dedupe skips it).
   */
  function flush(
    options: { extra?: NewEntry[]; touchAll?: boolean; at?: number; whole?: boolean } = {},
  ): AppendResult | undefined {
    cancelTimer?.();
    cancelTimer = undefined;
    const all = options.extra ? [...pending, ...options.extra] : pending;
    const entries = options.whole || all.length <= maxBatch ? all : all.slice(0, maxBatch);
    const rest = all.slice(entries.length);
    const versions =
      rest.length > 0 ? new Map<string, string>() : options.touchAll ? knownVersions : pendingVersions;
    if (entries.length === 0 && versions.size === 0) return undefined;
    try {
      const result = writer.transaction(() => {
        const appended = writer.append(entries);
        const updatedAt = options.at ?? now();
        for (const [resource, resourceVersion] of versions) {
          checkpoints.set({ cluster, resource, resourceVersion, position: appended.lastPosition, updatedAt });
        }
        return appended;
      });
      pending = rest;
      if (rest.length === 0) pendingVersions.clear();
      stats.appended += result.appended;
      stats.skipped += result.skipped;
      stats.batches++;
      failing = false;
      if (rest.length > 0) arm(0);
      else if (lockedSince !== undefined) {
        onLock({ locked: false, lockedForMs: now() - lockedSince, written: heldSinceLocked });
        lockedSince = undefined;
      }
      return result;
    } catch (error) {
      // Nothing of the batch was written: keep it (extra included) and try again later.
      pending = all;
      failing = true;
      if (!isLockedByAnotherWriter(error)) onError(error);
      else if (lockedSince === undefined) {
        lockedSince = now();
        heldSinceLocked = all.length;
        onLock({ locked: true, held: all.length });
      }
      arm(Math.max(maxDelayMs, retryMs));
      return undefined;
    }
  }

  return {
    add(entry: NewEntry): void {
      pending.push(entry);
      if (lockedSince !== undefined) heldSinceLocked++;
      // While writes fail, only the timer tries again: an attempt per observation would spend
      // the event loop on a lock wait or an error each time.
      if (pending.length >= maxBatch && !failing) flush();
      else arm();
    },
    /** A resourceVersion seen (a change or a bookmark): the checkpoint moves with the next batch. */
    advance(resource: string, resourceVersion: string): void {
      pendingVersions.set(resource, resourceVersion);
      knownVersions.set(resource, resourceVersion);
      arm();
    },
    /** A version already checkpointed (read at start): touched at shutdown, not rewritten before. */
    know(resource: string, resourceVersion: string): void {
      knownVersions.set(resource, resourceVersion);
    },
    flush,
    stats: (): BatcherStats => ({ ...stats, pending: pending.length }),
    /** Stops the timer; whatever is pending stays unwritten unless flushed first. */
    close(): void {
      cancelTimer?.();
      cancelTimer = undefined;
    },
  };
}

export type AppendBatcher = ReturnType<typeof createAppendBatcher>;
