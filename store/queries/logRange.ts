import type Database from 'better-sqlite3';
import { projectionName } from '../readModels/projectionRunner.ts';
import { timeChunkOf, timeChunkSize } from '../readModels/timeChunks.ts';
import { tables } from '../tables.ts';

export type LogRangeFilter = {
  cluster?: string | undefined;
  /** Canonical resource names; all (markers included) when absent. */
  resources?: readonly string[] | undefined;
  namespace?: string | undefined;
  /** Observed strictly after this instant (epoch ms). */
  afterTime?: number | undefined;
  /** Observed at or before this instant. */
  untilTime?: number | undefined;
  /** Keyset: positions strictly after this one. */
  afterPosition?: number | undefined;
  limit: number;
};

/**
 * Positions of log entries in a time window, in log order, for replays and watches. Returns
 * positions only: the reader decodes the entries, so objects come back exactly as observed.
 *
 * Observation times only mostly grow with positions (an import of an older file, a clock step),
 * so neither the time index nor a scan in log order finds a window's entries without reading every
 * entry after it. The runs of 1,024 positions with their range of observation times
 * (`log_time_chunks`) say which runs can hold any: only those are read, up to the projection's
 * checkpoint (the read models' extent), and every entry past it (a rebuild in progress).
 */
export function createLogRangeQuery(db: Database.Database) {
  const statement = db.prepare<
    Record<string, unknown>,
    { position: number; observedAt: number; type: string; uid: string | null }
  >(
    `SELECT position, observed_at AS observedAt, type, uid FROM log_entries
     WHERE position > @afterPosition AND position <= @untilPosition
       AND (@cluster IS NULL OR cluster = @cluster)
       AND (@resources IS NULL OR resource IN (SELECT value FROM json_each(@resources)))
       AND (@namespace IS NULL OR namespace = @namespace)
       AND (@afterTime IS NULL OR observed_at > @afterTime)
       AND (@untilTime IS NULL OR observed_at <= @untilTime)
     ORDER BY position LIMIT @limit`,
  );
  const runsInWindow = db.prepare<Record<string, unknown>, { chunk: number }>(
    `SELECT chunk FROM log_time_chunks
     WHERE (@cluster IS NULL OR cluster = @cluster) AND chunk BETWEEN @fromChunk AND @toChunk
       AND (@afterTime IS NULL OR last_observed_at > @afterTime)
       AND (@untilTime IS NULL OR first_observed_at <= @untilTime)
     GROUP BY chunk ORDER BY chunk`,
  );
  const projectedUpTo = db.prepare<[string], { position: number }>(
    `SELECT position FROM ${tables.projectionCheckpoints} WHERE name = ?`,
  );
  const last = db.prepare<[], { position: number | null }>(
    `SELECT max(position) AS position FROM log_entries`,
  );
  const atInstant = db.prepare<[string, number], { position: number }>(
    `SELECT position FROM log_entries WHERE cluster = ? AND observed_at <= ?
     ORDER BY observed_at DESC, position DESC LIMIT 1`,
  );
  type Row = { position: number; observedAt: number; type: string; uid: string | null };

  // One read transaction: the log's end, the checkpoint, the runs and the rows agree.
  const page = db.transaction((filter: LogRangeFilter): { rows: Row[]; next: number } => {
    // Read before the page: the log is append-only and positions commit in order, so nothing
    // at or below this end can appear after the page was read.
    const end = last.get()?.position ?? 0;
    const after = filter.afterPosition ?? 0;
    const window = {
      cluster: filter.cluster ?? null,
      afterTime: filter.afterTime ?? null,
      untilTime: filter.untilTime ?? null,
    };
    const params = {
      ...window,
      resources: filter.resources ? JSON.stringify(filter.resources) : null,
      namespace: filter.namespace ?? null,
    };
    const rows: Row[] = [];
    const read = (afterPosition: number, untilPosition: number) =>
      rows.push(
        ...statement.all({ ...params, afterPosition, untilPosition, limit: filter.limit - rows.length }),
      );
    let rest = after;
    if (filter.afterTime !== undefined || filter.untilTime !== undefined) {
      const projected = Math.min(end, projectedUpTo.get(projectionName)?.position ?? 0);
      const runs = { ...window, fromChunk: timeChunkOf(after + 1), toChunk: timeChunkOf(projected) };
      for (const { chunk } of runsInWindow.iterate(runs)) {
        const first = chunk * timeChunkSize;
        read(Math.max(after, first - 1), Math.min(projected, first + timeChunkSize - 1));
        if (rows.length === filter.limit) break;
      }
      rest = Math.max(after, projected);
    }
    if (rows.length < filter.limit) read(rest, Number.MAX_SAFE_INTEGER);
    const lastRow = rows.at(-1)?.position ?? 0;
    const next = rows.length === filter.limit ? lastRow : Math.max(after, end, lastRow);
    return { rows, next };
  });

  /** The first entry, in log order, observed after an instant: of one cluster, or of any (null when none). */
  const firstAfter = (cluster: string | undefined, at: number): number | null =>
    page({ cluster, afterTime: at, limit: 1 }).rows[0]?.position ?? null;

  return {
    /**
     * A page of positions, and where the next page starts: past everything this one looked at,
     * so a caller polling for new entries does not read the same non-matching stretch again.
     */
    page: (filter: LogRangeFilter): { rows: Row[]; next: number } => page(filter),
    firstAfter,
    /**
     * Where a scan of the entries observed after an instant may start: just before the first of
     * them in log order (the log's end when there is none).
     */
    startAfter(cluster: string | undefined, at: number): number {
      const first = firstAfter(cluster, at);
      return first !== null ? first - 1 : (last.get()?.position ?? 0);
    },
    /** The position of the cluster's newest entry observed at or before an instant (0 when none). */
    positionAt: (cluster: string, at: number): number => atInstant.get(cluster, at)?.position ?? 0,
    /** The newest position in the log (0 when empty). */
    lastPosition: (): number => last.get()?.position ?? 0,
  };
}
