import type Database from 'better-sqlite3';

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
 */
export function createLogRangeQuery(db: Database.Database) {
  const statement = db.prepare<
    Record<string, unknown>,
    { position: number; observedAt: number; type: string }
  >(
    `SELECT position, observed_at AS observedAt, type FROM log_entries
     WHERE position > @afterPosition
       AND (@cluster IS NULL OR cluster = @cluster)
       AND (@resources IS NULL OR resource IN (SELECT value FROM json_each(@resources)))
       AND (@namespace IS NULL OR namespace = @namespace)
       AND (@afterTime IS NULL OR observed_at > @afterTime)
       AND (@untilTime IS NULL OR observed_at <= @untilTime)
     ORDER BY position LIMIT @limit`,
  );
  const last = db.prepare<[], { position: number | null }>(
    `SELECT max(position) AS position FROM log_entries`,
  );
  const atInstant = db.prepare<[string, number], { position: number }>(
    `SELECT position FROM log_entries WHERE cluster = ? AND observed_at <= ?
     ORDER BY observed_at DESC, position DESC LIMIT 1`,
  );
  const firstAfter = db.prepare<[string, number], { position: number | null }>(
    `SELECT min(position) AS position FROM log_entries WHERE cluster = ? AND observed_at > ?`,
  );
  const clusters = db.prepare<[], { cluster: string }>(`SELECT DISTINCT cluster FROM log_stats`);
  const positions = (filter: LogRangeFilter) =>
    statement.all({
      afterPosition: filter.afterPosition ?? 0,
      cluster: filter.cluster ?? null,
      resources: filter.resources ? JSON.stringify(filter.resources) : null,
      namespace: filter.namespace ?? null,
      afterTime: filter.afterTime ?? null,
      untilTime: filter.untilTime ?? null,
      limit: filter.limit,
    });
  return {
    /**
     * A page of positions, and where the next page starts: past everything this one looked at,
     * so a caller polling for new entries does not read the same non-matching stretch again.
     */
    page(filter: LogRangeFilter): { rows: ReturnType<typeof positions>; next: number } {
      // Read before the page: the log is append-only and positions commit in order, so nothing
      // at or below this end can appear after the page was read.
      const end = last.get()?.position ?? 0;
      const rows = positions(filter);
      const lastRow = rows.at(-1)?.position ?? 0;
      const next = rows.length === filter.limit ? lastRow : Math.max(filter.afterPosition ?? 0, end, lastRow);
      return { rows, next };
    },
    /**
     * Where a scan of the entries observed after an instant may start: just before the first of
     * them in log order (through the time index, not a pass over the log up to the instant).
     */
    startAfter(cluster: string | undefined, at: number): number {
      const names = cluster === undefined ? clusters.all().map((c) => c.cluster) : [cluster];
      const firsts = names.map((name) => firstAfter.get(name, at)?.position ?? null);
      const found = firsts.filter((p): p is number => p !== null);
      return found.length > 0 ? Math.min(...found) - 1 : (last.get()?.position ?? 0);
    },
    /** The position of the cluster's newest entry observed at or before an instant (0 when none). */
    positionAt: (cluster: string, at: number): number => atInstant.get(cluster, at)?.position ?? 0,
    /** The newest position in the log (0 when empty). */
    lastPosition: (): number => last.get()?.position ?? 0,
  };
}
