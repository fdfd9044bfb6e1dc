// Retention: removes whole old ranges of the log (by age, by size), records that it did, and
// keeps what is left decodable and its read models equal to a rebuild.
// See docs/decisions/0002-retention.md.
import type Database from 'better-sqlite3';
import type { LogWriter } from './logWriter.ts';
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
  /** The cut the policy asked for, before it was moved back to keep delta bases. */
  requestedBelow: number;
  removedEntries: number;
  /** Position of the RetentionApplied marker, when something was removed. */
  markerPosition: number | null;
  reason: string;
};

/** Bytes a row costs beyond its body (columns, dedupe/time/uid indexes, its read-model rows): an estimate. */
const rowOverheadBytes = 400;

type Deps = {
  db: Database.Database;
  writer: LogWriter;
  projections: Pick<ProjectionRunner, 'rebuild'>;
  now: () => number;
  cluster?: string;
};

/** The first position the policy keeps (everything below it may go). */
export function requestedCut(db: Database.Database, policy: RetentionPolicy): number {
  let cut = 0;
  if (policy.olderThan !== undefined) {
    // Below the first entry observed at or after the instant, every entry is older than it.
    const row = db
      .prepare<[number], { p: number | null }>(`SELECT min(position) AS p FROM ${tables.log} WHERE observed_at >= ?`)
      .get(policy.olderThan);
    const last = db.prepare<[], { p: number | null }>(`SELECT max(position) AS p FROM ${tables.log}`).get()?.p ?? 0;
    cut = Math.max(cut, row?.p ?? last + 1);
  }
  if (policy.maxBytes !== undefined) {
    const total = db
      .prepare<[], { bytes: number | null }>(`SELECT sum(length(body)) + count(*) * ${rowOverheadBytes} AS bytes FROM ${tables.log}`)
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
 * Moves a cut back until no kept row is a delta against a removed one. Keyframes stand alone, so
 * the loop ends after as many rounds as it takes to reach rows whose bases are all kept.
 */
export function safeCut(db: Database.Database, cut: number): number {
  const lowestBase = db.prepare<[number, number], { p: number | null }>(
    `SELECT min(base_position) AS p FROM ${tables.log} WHERE position >= ? AND base_position < ?`,
  );
  let safe = cut;
  for (;;) {
    const base = lowestBase.get(safe, safe)?.p ?? null;
    if (base === null) return safe;
    safe = base;
  }
}

/**
 * Applies a retention policy: removes every entry below the (safe) cut inside a retention cut
 * (the only way the schema lets rows go), records the run in `retention_runs` and as a
 * RetentionApplied marker in the log, forgets the writer's keyframes, and rebuilds the read
 * models from what is left so they equal a fresh `kubetrail rebuild`.
 */
export function applyRetention(deps: Deps, policy: RetentionPolicy): RetentionResult {
  const { db, writer, projections, now } = deps;
  const requestedBelow = requestedCut(db, policy);
  const belowPosition = requestedBelow > 0 ? safeCut(db, requestedBelow) : 0;
  const reasons: string[] = [];
  if (policy.olderThan !== undefined) reasons.push(`older than ${new Date(policy.olderThan).toISOString()}`);
  if (policy.maxBytes !== undefined) reasons.push(`log above ${policy.maxBytes} bytes`);
  const reason = reasons.join(', ') || 'no policy';
  if (belowPosition <= 1) return { belowPosition: 0, requestedBelow, removedEntries: 0, markerPosition: null, reason };

  const removedEntries = db.transaction(() => {
    db.prepare(`INSERT INTO ${tables.retentionCut} (below_position) VALUES (?)`).run(belowPosition);
    const removed = db.prepare(`DELETE FROM ${tables.log} WHERE position < ?`).run(belowPosition).changes;
    db.prepare(`DELETE FROM ${tables.retentionCut}`).run();
    if (removed > 0) {
      db.prepare(
        `INSERT INTO ${tables.retentionRuns} (applied_at, below_position, removed_entries, reason) VALUES (?, ?, ?, ?)`,
      ).run(now(), belowPosition, removed, reason);
    }
    return removed;
  })();
  if (removedEntries === 0) return { belowPosition, requestedBelow, removedEntries, markerPosition: null, reason };

  // A remembered keyframe may be one of the removed rows: the next version must not point at it.
  writer.forgetEncoded();
  const marker = writer.append([
    {
      cluster: deps.cluster ?? '',
      observedAt: now(),
      source: 'collector',
      type: 'MARKER',
      resource: '',
      object: { marker: 'RetentionApplied', belowPosition, requestedBelow, removedEntries, reason },
    },
  ]);
  projections.rebuild();
  return { belowPosition, requestedBelow, removedEntries, markerPosition: marker.lastPosition, reason };
}
