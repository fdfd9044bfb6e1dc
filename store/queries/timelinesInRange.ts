import type Database from 'better-sqlite3';
import type { MarkerBody } from '../types.ts';

/** Where a page of lanes ends: the sort key of its last pod (cluster, namespace, name, first seen, uid). */
export type LaneKey = { cluster: string; namespace: string; name: string; firstSeenAt: number; uid: string };

/** A STATUS span inside the window, end exclusive. */
export type StatusSpan = { from: number; to: number; status: string };

/** One swimlane of the viewer: a pod's STATUS spans, restarts and CrashLoopBackOff episodes in a window. */
export type TimelineLane = LaneKey & {
  node: string | null;
  createdAt: number | null;
  deletedAt: number | null;
  spans: StatusSpan[];
  restarts: {
    at: number;
    container: string;
    exitCode: number | null;
    reason: string | null;
    signal: number | null;
    inferred: boolean;
  }[];
  crashLoops: { container: string; startedAt: number; endedAt: number | null; restarts: number }[];
};

export type TimelinesInRangeFilter = {
  from: number;
  to: number;
  cluster?: string | undefined;
  namespace?: string | undefined;
  /** Keyset pagination: pods strictly after this key. */
  after?: LaneKey | undefined;
  limit: number;
};

/** A blind interval of the recorder (a Gap marker) that overlaps the window. */
export type TimelineGap = {
  cluster: string;
  from: number;
  to: number;
  reason: string | null;
  position: number;
};

/**
 * STATUS spans clipped to [from, to): the status held at `from` (if any) runs until the first
 * change, each change until the next, the last until the window ends or the pod is deleted.
 * Zero-length spans (two changes in one instant) are dropped: nothing of them can be drawn;
 * neighbours with the same STATUS are joined.
 */
export function clipStatusSpans(
  statusAtFrom: string | null,
  changes: readonly { at: number; status: string }[],
  from: number,
  to: number,
  deletedAt: number | null,
): StatusSpan[] {
  const end = deletedAt === null ? to : Math.max(from, Math.min(to, deletedAt));
  const starts: { at: number; status: string }[] = [];
  if (statusAtFrom !== null) starts.push({ at: from, status: statusAtFrom });
  for (const c of changes) if (c.at > from && c.at < end) starts.push(c);
  const spans: StatusSpan[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const stop = starts[i + 1]?.at ?? end;
    if (stop <= start.at) continue;
    const previous = spans[spans.length - 1];
    // The status track also changes when only READY does; the STATUS lane draws one span.
    if (previous && previous.status === start.status && previous.to === start.at) previous.to = stop;
    else spans.push({ from: start.at, to: stop, status: start.status });
  }
  return spans;
}

type PodRow = LaneKey & {
  node: string | null;
  createdAt: number | null;
  deletedAt: number | null;
  statusAtFrom: string | null;
};

/**
 * The viewer's swimlanes for the pods alive at some time in [from, to]: one page of pods in
 * (cluster, namespace, name) order, then three set-based reads for the whole page (status
 * changes, restarts, episodes), each an index range per pod through json_each, so the cost
 * follows the window's size, not the pods' whole history.
 */
export function createTimelinesInRangeQuery(db: Database.Database) {
  const podStatements = new Map<string, Database.Statement<Record<string, unknown>, PodRow>>();
  // Separate statements per filter shape: `@x IS NULL OR …` would keep SQLite off the indexes.
  const podsStatement = (cluster: boolean, namespace: boolean, after: boolean) => {
    const key = `${cluster}${namespace}${after}`;
    let statement = podStatements.get(key);
    if (!statement) {
      const where = [
        'p.first_seen_at <= @to',
        '(p.deleted_at IS NULL OR p.deleted_at >= @from)',
        cluster ? 'p.cluster = @cluster' : '',
        namespace ? 'p.namespace = @namespace' : '',
        after
          ? '(p.cluster, p.namespace, p.name, p.first_seen_at, p.uid) > (@afterCluster, @afterNamespace, @afterName, @afterFirstSeenAt, @afterUid)'
          : '',
      ].filter((term) => term !== '');
      statement = db.prepare<Record<string, unknown>, PodRow>(
        `SELECT p.uid, p.cluster, p.namespace, p.name, p.first_seen_at AS firstSeenAt, p.node,
           p.created_at AS createdAt, p.deleted_at AS deletedAt,
           (SELECT t.value FROM pod_transitions t INDEXED BY pod_status_changes
            WHERE t.uid = p.uid AND t.track = 'status' AND t.at <= @from
            ORDER BY t.at DESC, t.id DESC LIMIT 1) AS statusAtFrom
         FROM pods p
         WHERE ${where.join(' AND ')}
         ORDER BY p.cluster, p.namespace, p.name, p.first_seen_at, p.uid
         LIMIT @limit`,
      );
      podStatements.set(key, statement);
    }
    return statement;
  };
  // Each read below names its covering index (migrations 0007 and 0008): without statistics for
  // it SQLite may prefer a narrower index and read a table row per item.
  const changes = db.prepare<Record<string, unknown>, { uid: string; at: number; status: string }>(
    `SELECT t.uid, t.at, t.value AS status
     FROM json_each(@uids) j CROSS JOIN pod_transitions t INDEXED BY pod_status_changes
     WHERE t.uid = j.value AND t.track = 'status' AND t.at > @from AND t.at < @to
     ORDER BY j.key, t.at, t.id`,
  );
  type RestartRow = Omit<TimelineLane['restarts'][number], 'inferred'> & { uid: string; inferred: number };
  const restarts = db.prepare<Record<string, unknown>, RestartRow>(
    `SELECT r.uid, r.at, r.container, r.exit_code AS exitCode, r.reason, r.signal, r.inferred
     FROM json_each(@uids) j CROSS JOIN restarts r INDEXED BY restarts_by_uid
     WHERE r.uid = j.value AND r.at >= @from AND r.at <= @to
     ORDER BY j.key, r.at, r.id`,
  );
  const episodes = db.prepare<Record<string, unknown>, TimelineLane['crashLoops'][number] & { uid: string }>(
    `SELECT e.uid, e.container, e.started_at AS startedAt, e.ended_at AS endedAt, e.restarts
     FROM json_each(@uids) j CROSS JOIN crashloop_episodes e INDEXED BY crashloop_lanes
     WHERE e.uid = j.value AND e.started_at <= @to AND (e.ended_at IS NULL OR e.ended_at >= @from)
     ORDER BY j.key, e.started_at, e.id`,
  );
  // Gap markers are rare: a partial index (migration 0003) finds them without scanning the log.
  const gaps = db.prepare<
    Record<string, unknown>,
    { cluster: string; observedAt: number; position: number; body: Buffer }
  >(
    `SELECT cluster, observed_at AS observedAt, position, body FROM log_entries
     WHERE type = 'MARKER' AND kind = 'Gap' AND observed_at >= @from AND (@cluster IS NULL OR cluster = @cluster)
     ORDER BY observed_at, position`,
  );

  const grouped = <T extends { uid: string }>(rows: T[]) => {
    const byUid = new Map<string, T[]>();
    for (const row of rows) {
      const list = byUid.get(row.uid);
      if (list) list.push(row);
      else byUid.set(row.uid, [row]);
    }
    return byUid;
  };

  return {
    lanes: (filter: TimelinesInRangeFilter): TimelineLane[] => {
      const { from, to, after } = filter;
      const pods = podsStatement(filter.cluster !== undefined, filter.namespace !== undefined, !!after).all({
        from,
        to,
        limit: filter.limit,
        ...(filter.cluster !== undefined && { cluster: filter.cluster }),
        ...(filter.namespace !== undefined && { namespace: filter.namespace }),
        ...(after && {
          afterCluster: after.cluster,
          afterNamespace: after.namespace,
          afterName: after.name,
          afterFirstSeenAt: after.firstSeenAt,
          afterUid: after.uid,
        }),
      });
      if (pods.length === 0) return [];
      const window = { uids: JSON.stringify(pods.map((p) => p.uid)), from, to };
      const changesOf = grouped(changes.all(window));
      const restartsOf = grouped(restarts.all(window));
      const episodesOf = grouped(episodes.all(window));
      return pods.map(({ statusAtFrom, ...pod }) => ({
        ...pod,
        spans: clipStatusSpans(statusAtFrom, changesOf.get(pod.uid) ?? [], from, to, pod.deletedAt),
        restarts: (restartsOf.get(pod.uid) ?? []).map(({ uid: _uid, inferred, ...r }) => ({
          ...r,
          inferred: inferred === 1,
        })),
        crashLoops: (episodesOf.get(pod.uid) ?? []).map(({ uid: _uid, ...e }) => e),
      }));
    },
    /** Gap markers whose blind interval overlaps [from, to], oldest first. */
    gaps: (filter: { from: number; to: number; cluster?: string | undefined }): TimelineGap[] =>
      gaps
        .all({ from: filter.from, cluster: filter.cluster ?? null })
        .map((row) => {
          const body = JSON.parse(row.body.toString('utf8')) as MarkerBody;
          return {
            cluster: row.cluster,
            from: body.from ?? row.observedAt,
            to: body.to ?? row.observedAt,
            reason: body.reason ?? null,
            position: row.position,
          };
        })
        .filter((gap) => gap.from <= filter.to && gap.to >= filter.from),
  };
}
