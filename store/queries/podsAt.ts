import type Database from 'better-sqlite3';

/** A pod as it was at an instant: its identity and the version observed last before then. */
export type PodAtRow = {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  createdAt: number | null;
  firstSeenAt: number;
  deletedAt: number | null;
  deletionRequestedAt: number | null;
  ownerKind: string | null;
  ownerName: string | null;
  ownerUid: string | null;
  labels: Record<string, string>;
  position: number;
  observedAt: number;
  phase: string | null;
  ready: string;
  status: string;
  restarts: number;
  lastRestartAt: number | null;
  node: string | null;
};

export type PodsAtFilter = {
  at: number;
  cluster?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  ownerUid?: string | undefined;
  node?: string | undefined;
  status?: string | undefined;
};

type Raw = Omit<PodAtRow, 'labels'> & { labels: string };

/**
 * The pods that existed at an instant (first observed at or before it, not yet deleted), each
 * with the version observed last at or before it. Sorted like kubectl: namespace, then name.
 */
export function createPodsAtQuery(db: Database.Database) {
  const sql = `
    SELECT p.uid, p.cluster, p.namespace, p.name, p.created_at AS createdAt, p.first_seen_at AS firstSeenAt,
      p.deleted_at AS deletedAt, p.deletion_requested_at AS deletionRequestedAt, p.owner_kind AS ownerKind,
      p.owner_name AS ownerName, p.owner_uid AS ownerUid, p.labels,
      v.position, v.observed_at AS observedAt, v.phase, v.ready, v.status, v.restarts,
      v.last_restart_at AS lastRestartAt, v.node
    FROM pods p
    JOIN pod_versions v ON v.position = (
      SELECT position FROM pod_versions WHERE uid = p.uid AND observed_at <= @at
      ORDER BY observed_at DESC, position DESC LIMIT 1)
    WHERE p.first_seen_at <= @at AND (p.deleted_at IS NULL OR p.deleted_at > @at)
      AND (@cluster IS NULL OR p.cluster = @cluster)
      AND (@namespace IS NULL OR p.namespace = @namespace)
      AND (@name IS NULL OR p.name = @name)
      AND (@ownerUid IS NULL OR p.owner_uid = @ownerUid)
      AND (@node IS NULL OR v.node = @node)
      AND (@status IS NULL OR v.status = @status)
    ORDER BY p.cluster, p.namespace, p.name`;
  const statement = db.prepare<Record<string, unknown>, Raw>(sql);
  return (filter: PodsAtFilter): PodAtRow[] =>
    statement
      .all({
        at: filter.at,
        cluster: filter.cluster ?? null,
        namespace: filter.namespace ?? null,
        name: filter.name ?? null,
        ownerUid: filter.ownerUid ?? null,
        node: filter.node ?? null,
        status: filter.status ?? null,
      })
      .map((row) => ({ ...row, labels: JSON.parse(row.labels) as Record<string, string> }));
}
