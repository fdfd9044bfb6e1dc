import type Database from 'better-sqlite3';
import type { MarkerBody } from '../types.ts';

export type ClusterSummary = {
  cluster: string;
  entries: number;
  firstObservedAt: number | null;
  lastObservedAt: number | null;
  pods: number;
};

export type MarkerItem = {
  position: number;
  cluster: string;
  observedAt: number;
  marker: string;
  resource: string;
  body: MarkerBody;
};

/** What the log says about the recorder itself: clusters, markers (gaps, relists, reconnects), sizes. */
export function createCollectorQueries(db: Database.Database) {
  const clusters = db.prepare<[], ClusterSummary>(
    `SELECT s.cluster, sum(s.entries) AS entries, min(s.first_observed_at) AS firstObservedAt,
       max(s.last_observed_at) AS lastObservedAt,
       (SELECT count(*) FROM pods p WHERE p.cluster = s.cluster) AS pods
     FROM log_stats s GROUP BY s.cluster ORDER BY s.cluster`,
  );
  const lastObservation = db.prepare<[string], { observedAt: number | null; position: number | null }>(
    `SELECT observed_at AS observedAt, position FROM log_entries WHERE cluster = ? AND type != 'MARKER'
     ORDER BY observed_at DESC, position DESC LIMIT 1`,
  );
  const markers = db.prepare<
    Record<string, unknown>,
    { position: number; cluster: string; observedAt: number; marker: string; resource: string; body: Buffer }
  >(
    `SELECT position, cluster, observed_at AS observedAt, kind AS marker, resource, body FROM log_entries
     WHERE type = 'MARKER' AND (@cluster IS NULL OR cluster = @cluster)
       AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
     ORDER BY position DESC LIMIT @limit`,
  );
  const markerCounts = db.prepare<[], { cluster: string; marker: string; count: number }>(
    `SELECT cluster, kind AS marker, count(*) AS count FROM log_entries WHERE type = 'MARKER' GROUP BY cluster, kind`,
  );
  const byResource = db.prepare<[], { cluster: string; resource: string; count: number }>(
    `SELECT cluster, resource, sum(entries) AS count FROM log_stats WHERE type != 'MARKER' GROUP BY cluster, resource`,
  );
  const size = db.prepare<[], { entries: number; lastPosition: number | null }>(
    `SELECT (SELECT coalesce(sum(entries), 0) FROM log_stats) AS entries, max(position) AS lastPosition FROM log_entries`,
  );
  return {
    clusters: (): ClusterSummary[] => clusters.all(),
    lastObservation: (cluster: string) =>
      lastObservation.get(cluster) ?? { observedAt: null, position: null },
    /** Markers, newest first. Marker bodies are stored as plain JSON (never delta-encoded). */
    markers: (filter: {
      cluster?: string | undefined;
      kinds?: readonly string[] | undefined;
      limit: number;
    }): MarkerItem[] =>
      markers
        .all({
          cluster: filter.cluster ?? null,
          kinds: filter.kinds ? JSON.stringify(filter.kinds) : null,
          limit: filter.limit,
        })
        .map((row) => ({ ...row, body: JSON.parse(row.body.toString('utf8')) as MarkerBody })),
    markerCounts: () => markerCounts.all(),
    entriesByResource: () => byResource.all(),
    logSize: () => {
      const row = size.get() ?? { entries: 0, lastPosition: null };
      const pageCount = db.pragma('page_count', { simple: true }) as number;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      return { entries: row.entries, lastPosition: row.lastPosition ?? 0, bytes: pageCount * pageSize };
    },
  };
}
