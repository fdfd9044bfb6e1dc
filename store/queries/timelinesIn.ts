import type Database from 'better-sqlite3';

/** One row of the viewer's many-pod timeline: a pod's STATUS spans and restarts in a window. */
export type PodLane = {
  uid: string;
  cluster: string;
  namespace: string;
  name: string;
  firstSeenAt: number;
  deletedAt: number | null;
  /** STATUS at the window's start (null when the pod was first seen inside it). */
  statusAtFrom: string | null;
  /** Each change of the STATUS column inside the window. */
  statusChanges: { at: number; status: string }[];
  restarts: { container: string; at: number; exitCode: number | null; reason: string | null }[];
};

export type TimelinesFilter = {
  from: number;
  to: number;
  cluster?: string | undefined;
  namespace?: string | undefined;
  /** Pods at most (namespace, then name order); 2000 by default. */
  limit?: number | undefined;
};

/**
 * The data of the viewer's timeline for many pods: every pod that existed at some time in
 * [from, to], with the STATUS it had at `from`, its STATUS changes and restarts inside the
 * window. Each pod costs three index range reads, whatever its history outside the window.
 */
export function createTimelinesQuery(db: Database.Database) {
  const pods = db.prepare<Record<string, unknown>, Omit<PodLane, 'statusAtFrom' | 'statusChanges' | 'restarts'>>(
    `SELECT uid, cluster, namespace, name, first_seen_at AS firstSeenAt, deleted_at AS deletedAt
     FROM pods
     WHERE first_seen_at <= @to AND (deleted_at IS NULL OR deleted_at >= @from)
       AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
     ORDER BY cluster, namespace, name
     LIMIT @limit`,
  );
  const statusAt = db.prepare<[string, number], { status: string }>(
    `SELECT status FROM pod_versions WHERE uid = ? AND observed_at <= ?
     ORDER BY observed_at DESC, position DESC LIMIT 1`,
  );
  const changes = db.prepare<[string, number, number], { at: number; status: string }>(
    `SELECT at, value AS status FROM pod_transitions WHERE uid = ? AND track = 'status' AND at > ? AND at <= ?
     ORDER BY at, id`,
  );
  const restarts = db.prepare<[string, number, number], PodLane['restarts'][number]>(
    `SELECT container, at, exit_code AS exitCode, reason FROM restarts WHERE uid = ? AND at >= ? AND at <= ?
     ORDER BY at, id`,
  );
  return (filter: TimelinesFilter): PodLane[] =>
    pods
      .all({
        from: filter.from,
        to: filter.to,
        cluster: filter.cluster ?? null,
        namespace: filter.namespace ?? null,
        limit: filter.limit ?? 2000,
      })
      .map((pod) => ({
        ...pod,
        statusAtFrom: statusAt.get(pod.uid, filter.from)?.status ?? null,
        statusChanges: changes.all(pod.uid, filter.from, filter.to),
        restarts: restarts.all(pod.uid, filter.from, filter.to),
      }));
}
