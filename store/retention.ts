// Retention: removes whole old ranges of the log (by age, by size), records that it did, and
// keeps what is left decodable and its read models equal to a rebuild.
// See docs/decisions/0002-retention.md.
import type Database from 'better-sqlite3';
import type { LogWriter } from './logWriter.ts';
import { createLogRangeQuery } from './queries/logRange.ts';
import { createReadModelCut } from './readModels/cutReadModels.ts';
import type { ProjectionRunner } from './readModels/projectionRunner.ts';
import { tables } from './tables.ts';

export type RetentionPolicy = {
  /** Remove entries observed before this instant (epoch ms). */
  olderThan?: number | undefined;
  /** Remove the oldest entries until the log's estimated size is at most this many bytes. */
  maxBytes?: number | undefined;
};

export type RetentionResult = {
  /** Entries below this position were removed (0: nothing was). */
  belowPosition: number;
  removedEntries: number;
  /** Keyframes of removed entries that kept entries are deltas of, now in `retained_bases`. */
  retainedBases: number;
  /** Position of the RetentionApplied marker, when something was removed. */
  markerPosition: number | null;
  /**
   * How the read models followed: the entries of objects spanning the cut projected again, or
   * null when they were rebuilt from everything left (they were behind the log, or older).
   */
  reprojectedEntries: number | null;
  reason: string;
};

/** Bytes a row costs beyond its body (columns, dedupe/time/uid indexes, its read-model rows): an estimate. */
const rowOverheadBytes = 400;

type Deps = {
  db: Database.Database;
  writer: LogWriter;
  projections: Pick<ProjectionRunner, 'rebuild' | 'position' | 'isStale' | 'reproject'>;
  now: () => number;
  cluster?: string;
};

/** The first position the policy keeps (everything below it may go). */
export function requestedCut(db: Database.Database, policy: RetentionPolicy): number {
  let cut = 0;
  if (policy.olderThan !== undefined) {
    // Below the first entry observed at or after the instant, every entry is older than it.
    const range = createLogRangeQuery(db);
    cut = Math.max(cut, range.firstAfter(undefined, policy.olderThan - 1) ?? range.lastPosition() + 1);
  }
  if (policy.maxBytes !== undefined) {
    const total =
      db
        .prepare<[], { bytes: number | null }>(
          `SELECT sum(length(body)) + count(*) * ${rowOverheadBytes} AS bytes FROM ${tables.log}`,
        )
        .get()?.bytes ?? 0;
    let excess = total - policy.maxBytes;
    if (excess > 0) {
      const rows = db
        .prepare<[], { position: number; bytes: number }>(
          `SELECT position, length(body) + ${rowOverheadBytes} AS bytes FROM ${tables.log} ORDER BY position`,
        )
        .iterate();
      for (const row of rows) {
        excess -= row.bytes;
        if (excess <= 0) {
          cut = Math.max(cut, row.position + 1);
          break;
        }
      }
    }
  }
  return cut;
}

/**
 * Applies a retention policy: removes every entry below the cut inside a retention cut (the only
 * way the schema lets rows go), first copying into `retained_bases` the keyframes that kept
 * entries are deltas of (and pruning those no longer needed); records the run in
 * `retention_runs` and as a RetentionApplied marker in the log; and brings the read models to
 * what a fresh `kubetrail rebuild` of what is left makes: in the same transaction, by projecting
 * again only the objects that span the cut (readModels/cutReadModels.ts), or by that rebuild.
 */
export function applyRetention(deps: Deps, policy: RetentionPolicy): RetentionResult {
  const { db, writer, projections, now } = deps;
  const belowPosition = requestedCut(db, policy);
  const reasons: string[] = [];
  if (policy.olderThan !== undefined) reasons.push(`older than ${new Date(policy.olderThan).toISOString()}`);
  if (policy.maxBytes !== undefined) reasons.push(`log above ${policy.maxBytes} bytes`);
  const reason = reasons.join(', ') || 'no policy';
  const nothing = {
    belowPosition: 0,
    removedEntries: 0,
    retainedBases: 0,
    markerPosition: null,
    reprojectedEntries: 0,
    reason,
  };
  if (belowPosition <= 1) return nothing;

  const readModels = createReadModelCut(db, projections);
  const { removed, bases, reprojected } = db.transaction(() => {
    const plan = readModels.prepare(belowPosition);
    // Bases below the cut that kept rows still need (keyframes: standalone, never deltas).
    const copied = db
      .prepare(
        `INSERT OR IGNORE INTO ${tables.retainedBases} (position, encoding, body)
         SELECT b.position, b.encoding, b.body FROM ${tables.log} b
         WHERE b.position < @cut AND b.position IN
           (SELECT base_position FROM ${tables.log} WHERE position >= @cut AND base_position < @cut)`,
      )
      .run({ cut: belowPosition }).changes;
    db.prepare(`INSERT INTO ${tables.retentionCut} (below_position) VALUES (?)`).run(belowPosition);
    const removedRows = db.prepare(`DELETE FROM ${tables.log} WHERE position < ?`).run(belowPosition).changes;
    db.prepare(`DELETE FROM ${tables.retentionCut}`).run();
    // Earlier runs' bases that no kept row refers to any more.
    db.prepare(
      `DELETE FROM ${tables.retainedBases} WHERE position NOT IN
         (SELECT base_position FROM ${tables.log} WHERE base_position IS NOT NULL AND base_position < ?)`,
    ).run(belowPosition);
    if (removedRows > 0) {
      db.prepare(
        `INSERT INTO ${tables.retentionRuns} (applied_at, below_position, removed_entries, reason) VALUES (?, ?, ?, ?)`,
      ).run(now(), belowPosition, removedRows, reason);
    }
    const followed = plan && removedRows > 0 ? readModels.apply(belowPosition, plan) : { reprojected: 0 };
    return {
      removed: removedRows,
      bases: copied,
      reprojected: plan ? (followed?.reprojected ?? null) : null,
    };
  })();
  if (removed === 0) return { ...nothing, belowPosition };

  // The writer sees the new retention run before it appends, and forgets the keyframes it
  // remembers (some may be removed rows): so does a recorder writing from another process.
  const marker = writer.append([
    {
      cluster: deps.cluster ?? '',
      observedAt: now(),
      source: 'collector',
      type: 'MARKER',
      resource: '',
      object: {
        marker: 'RetentionApplied',
        belowPosition,
        removedEntries: removed,
        retainedBases: bases,
        reason,
      },
    },
  ]);
  // Read models that were behind the log, or hold rows projected before their ids were derived
  // from positions, are rebuilt from what is left instead (which also derives every id).
  if (reprojected === null) projections.rebuild();
  return {
    belowPosition,
    removedEntries: removed,
    retainedBases: bases,
    markerPosition: marker.lastPosition,
    reprojectedEntries: reprojected,
    reason,
  };
}
