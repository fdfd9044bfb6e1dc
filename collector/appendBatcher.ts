import type { AppendResult, LogWriter, NewEntry, WatchCheckpoint } from '../store/index.ts';

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
  onError?: (error: unknown) => void;
};

/** The largest batch the collector writes in one transaction (a busy cluster fills it). */
export const defaultMaxBatch = 1000;

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
}: AppendBatcherOptions) {
  let pending: NewEntry[] = [];
  const pendingVersions = new Map<string, string>();
  // Every resource's newest known version, to touch them all at shutdown.
  const knownVersions = new Map<string, string>();
  let cancelTimer: (() => void) | undefined;
  const stats: BatcherStats = { appended: 0, skipped: 0, batches: 0, pending: 0 };

  function arm(): void {
    if (cancelTimer) return;
    cancelTimer = schedule(maxDelayMs, () => {
      cancelTimer = undefined;
      flush();
    });
  }

  /** Writes what is pending (and `extra` after it) in one transaction; keeps it all on failure. */
  function flush(
    options: { extra?: NewEntry[]; touchAll?: boolean; at?: number } = {},
  ): AppendResult | undefined {
    cancelTimer?.();
    cancelTimer = undefined;
    const entries = options.extra ? [...pending, ...options.extra] : pending;
    const versions = options.touchAll ? knownVersions : pendingVersions;
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
      pending = [];
      pendingVersions.clear();
      stats.appended += result.appended;
      stats.skipped += result.skipped;
      stats.batches++;
      return result;
    } catch (error) {
      // Nothing of the batch was written: keep it (extra included) and try again later.
      pending = entries;
      onError(error);
      arm();
      return undefined;
    }
  }

  return {
    add(entry: NewEntry): void {
      pending.push(entry);
      if (pending.length >= maxBatch) flush();
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
