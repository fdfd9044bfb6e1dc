import { tmpdir } from 'node:os';
import {
  type AppendResult,
  isLockedByAnotherWriter,
  type LogWriter,
  type NewEntry,
  type WatchCheckpoint,
} from '../store/index.ts';
import { createHeldObservations } from './heldObservations.ts';

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
  /**
   * While writes fail, observations beyond this many move from memory to a file in `spillDir`
   * (the log's directory), so a recorder's memory stays bounded however long the lock is held.
   */
  maxHeldInMemory?: number;
  spillDir?: string;
};

export type LockChange =
  | { locked: true; held: number }
  | { locked: false; lockedForMs: number; written: number; spilled: number };

/**
 * The largest batch the collector writes in one transaction (a busy cluster fills it). Each entry
 * held is a parsed object (a pod with managedFields is thousands of small objects) that dies once
 * written, and V8 sizes its heap for that garbage: `kubetrail record` taking 250,000 changes of a
 * 10,000-pod cluster as fast as it could peaked at 191-205 MB with batches of 1,000, and at 179 MB
 * with 250, for about a tenth fewer changes a second (1,231 against 1,366).
 */
export const defaultMaxBatch = 250;

/**
 * About 7 MB of parsed pods (14 KB each, text included). With 2,000 the recorder's peak while it
 * caught up after a long lock was about 20 MB higher (the bench's locked run: 253 MB against 230).
 */
export const defaultMaxHeldInMemory = 500;

/** How soon a write that failed is tried again (at least the batch delay). */
const retryMs = 1000;

export type BatcherStats = {
  appended: number;
  skipped: number;
  batches: number;
  /** Observations not yet written, in memory or on file. */
  pending: number;
  /** Of those, the ones on file. */
  spilled: number;
};

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
  maxHeldInMemory = defaultMaxHeldInMemory,
  spillDir = tmpdir(),
}: AppendBatcherOptions) {
  const held = createHeldObservations({ maxInMemory: maxHeldInMemory, spillDir });
  const pendingVersions = new Map<string, string>();
  // Every resource's newest known version, to touch them all at shutdown.
  const knownVersions = new Map<string, string>();
  let cancelTimer: (() => void) | undefined;
  /** Set while writes fail (the log locked elsewhere, or an error): retried by the timer only. */
  let failing = false;
  /** When a write first found the log locked by another process, until one succeeds. */
  let lockedSince: number | undefined;
  /** Observations kept when the lock was first found taken, and since; and how many went to file. */
  let heldSinceLocked = 0;
  let spilledAtLock = 0;
  /** Set by the final flush: every part written from then on carries every checkpoint, at `at`. */
  let finalAt: number | undefined;
  const stats = { appended: 0, skipped: 0, batches: 0 };

  /** Set when the disk refused held observations too: tried again with the next write attempt. */
  let spillRefused = false;
  /** Bounds what is held in memory while writes fail; if the disk refuses too, memory holds it. */
  function spillBeyondBound(): void {
    if (spillRefused) return;
    try {
      held.spillIfOver();
    } catch (error) {
      spillRefused = true;
      onError(
        new Error(`could not move held observations to disk, kept in memory: ${(error as Error).message}`),
      );
    }
  }

  function arm(ms = maxDelayMs): void {
    if (cancelTimer) return;
    cancelTimer = schedule(ms, () => {
      cancelTimer = undefined;
      flush();
    });
  }

  /**
   * Writes what is held (and `extra` after it), with the checkpoints it covers, in one
   * transaction; keeps it all on failure. A backlog (held while the log was locked) is written
   * `maxBatch` at a time, so that no single transaction blocks the event loop for long: the
   * checkpoints go with its last part, and a crash between parts only means the next start
   * watches again what the written parts hold (the dedupe skips it). `final` (at shutdown) makes
   * that last part touch every resource's checkpoint at `final.at`, whichever call writes it.
   */
  function flush(options: { extra?: NewEntry[]; final?: { at: number } } = {}): AppendResult | undefined {
    cancelTimer?.();
    cancelTimer = undefined;
    if (options.extra) held.push(options.extra);
    if (options.final) finalAt ??= options.final.at;
    const entries = held.peek(maxBatch);
    const last = entries.length === held.size();
    const versions = !last
      ? new Map<string, string>()
      : finalAt !== undefined
        ? knownVersions
        : pendingVersions;
    if (entries.length === 0 && versions.size === 0) return undefined;
    try {
      const result = writer.transaction(() => {
        const appended = writer.append(entries);
        const updatedAt = finalAt ?? now();
        for (const [resource, resourceVersion] of versions) {
          checkpoints.set({ cluster, resource, resourceVersion, position: appended.lastPosition, updatedAt });
        }
        return appended;
      });
      held.drop(entries.length);
      if (last) pendingVersions.clear();
      stats.appended += result.appended;
      stats.skipped += result.skipped;
      stats.batches++;
      failing = false;
      if (!last) arm(0);
      else if (lockedSince !== undefined) {
        onLock({
          locked: false,
          lockedForMs: now() - lockedSince,
          written: heldSinceLocked,
          spilled: held.spilledEver() - spilledAtLock,
        });
        lockedSince = undefined;
      }
      return result;
    } catch (error) {
      // Nothing of the part was written: it stays held (extra included); tried again later.
      failing = true;
      if (!isLockedByAnotherWriter(error)) onError(error);
      else if (lockedSince === undefined) {
        lockedSince = now();
        heldSinceLocked = held.size();
        spilledAtLock = held.spilledEver();
        onLock({ locked: true, held: held.size() });
      }
      spillRefused = false;
      spillBeyondBound();
      arm(Math.max(maxDelayMs, retryMs));
      return undefined;
    }
  }

  return {
    add(entry: NewEntry): void {
      held.push([entry]);
      if (lockedSince !== undefined) heldSinceLocked++;
      // While writes fail, only the timer tries again: an attempt per observation would spend
      // the event loop on a lock wait or an error each time. Memory holds a bounded number.
      if (failing) {
        spillBeyondBound();
        arm();
      } else if (held.size() >= maxBatch) flush();
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
    stats: (): BatcherStats => ({ ...stats, pending: held.size(), spilled: held.spilled() }),
    /** Stops the timer; whatever is still held is not written (its file is closed). */
    close(): void {
      cancelTimer?.();
      cancelTimer = undefined;
      held.close();
    },
  };
}

export type AppendBatcher = ReturnType<typeof createAppendBatcher>;
