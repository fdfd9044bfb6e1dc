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
  return {
    positions: (filter: LogRangeFilter) =>
      statement.all({
        afterPosition: filter.afterPosition ?? 0,
        cluster: filter.cluster ?? null,
        resources: filter.resources ? JSON.stringify(filter.resources) : null,
        namespace: filter.namespace ?? null,
        afterTime: filter.afterTime ?? null,
        untilTime: filter.untilTime ?? null,
        limit: filter.limit,
      }),
    /** The newest position in the log (0 when empty). */
    lastPosition: (): number => last.get()?.position ?? 0,
  };
}
