import type Database from 'better-sqlite3';
import type { MarkerBody } from '../types.ts';
import { aliveByLifetime, lifetimeScopes } from './lifetimeSql.ts';

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
 * Builds a pod's STATUS spans clipped to [from, to) from its changes fed in time order: the status
 * held at `from` (if any) runs until the first change, each change until the next, the last until
 * the window ends or the pod is deleted. Zero-length spans (two changes in one instant) are
 * dropped: nothing of them can be drawn; neighbours with the same STATUS are joined. Fed a row at
 * a time, so the viewer's bulk read keeps no object per change.
 */
export function statusSpanBuilder(
  statusAtFrom: string | null,
  from: number,
  to: number,
  deletedAt: number | null,
) {
  const end = deletedAt === null ? to : Math.max(from, Math.min(to, deletedAt));
  const spans: StatusSpan[] = [];
  let startAt = from;
  let startStatus = statusAtFrom;
  const close = (stop: number) => {
    if (startStatus === null || stop <= startAt) return;
    const previous = spans[spans.length - 1];
    // The status track also changes when only READY does; the STATUS lane draws one span.
    if (previous && previous.status === startStatus && previous.to === startAt) previous.to = stop;
    else spans.push({ from: startAt, to: stop, status: startStatus });
  };
  return {
    add(at: number, status: string): void {
      if (at <= from || at >= end) return;
      close(at);
      startAt = at;
      startStatus = status;
    },
    spans(): StatusSpan[] {
      close(end);
      startStatus = null;
      return spans;
    },
  };
}

/** The same for a list of changes in time order (see `statusSpanBuilder`). */
export function clipStatusSpans(
  statusAtFrom: string | null,
  changes: readonly { at: number; status: string }[],
  from: number,
  to: number,
  deletedAt: number | null,
): StatusSpan[] {
  const builder = statusSpanBuilder(statusAtFrom, from, to, deletedAt);
  for (const change of changes) builder.add(change.at, change.status);
  return builder.spans();
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
  const podsStatement = (cluster: boolean, after: boolean) => {
    const key = `${cluster}${after}`;
    let statement = podStatements.get(key);
    if (!statement) {
      // The pods of the window through the time their lifetimes span (migration 0016): a page
      // costs the pods alive in the window, not every pod the namespace ever had.
      const alive = aliveByLifetime(
        'pods',
        'x.uid, x.cluster, x.namespace, x.name, x.first_seen_at AS firstSeenAt, x.node, x.created_at, x.deleted_at',
        after
          ? [
              '(x.cluster, x.namespace, x.name, x.first_seen_at, x.uid) > (@afterCluster, @afterNamespace, @afterName, @afterFirstSeenAt, @afterUid)',
            ]
          : [],
        { cluster, namespace: true },
        { seenBy: '@to', deletedAfter: '>= @from' },
      );
      const order = 'ORDER BY p.cluster, p.namespace, p.name, p.firstSeenAt, p.uid';
      // The page is cut before each pod's status at `from` is read.
      statement = db.prepare<Record<string, unknown>, PodRow>(
        `SELECT p.uid, p.cluster, p.namespace, p.name, p.firstSeenAt, p.node,
           p.created_at AS createdAt, p.deleted_at AS deletedAt,
           (SELECT t.value FROM pod_transitions t INDEXED BY pod_status_changes
            WHERE t.uid = p.uid AND t.track = 'status' AND t.at <= @from
            ORDER BY t.at DESC, t.id DESC LIMIT 1) AS statusAtFrom
         FROM (SELECT * FROM (${alive}) p ${order} LIMIT @limit) p
         ${order}`,
      );
      podStatements.set(key, statement);
    }
    return statement;
  };
  // Each read below names its covering index (migrations 0007 and 0008): without statistics for
  // it SQLite may prefer a narrower index and read a table row per item. Rows come back raw, keyed
  // by the pod's index in the page (json_each's key), and go straight into the lanes: an object
  // and a uid string per row made the young generation's collections copy tens of thousands of
  // rows mid-call (half the call's time on a 2,000-pod page).
  const changes = db
    .prepare<Record<string, unknown>, [number, number, string]>(
      `SELECT j.key, t.at, t.value
       FROM json_each(@uids) j CROSS JOIN pod_transitions t INDEXED BY pod_status_changes
       WHERE t.uid = j.value AND t.track = 'status' AND t.at > @from AND t.at < @to
       ORDER BY j.key, t.at, t.id`,
    )
    .raw();
  const restarts = db
    .prepare<
      Record<string, unknown>,
      [number, number, string, number | null, string | null, number | null, number]
    >(
      `SELECT j.key, r.at, r.container, r.exit_code, r.reason, r.signal, r.inferred
       FROM json_each(@uids) j CROSS JOIN restarts r INDEXED BY restarts_by_uid
       WHERE r.uid = j.value AND r.at >= @from AND r.at <= @to
       ORDER BY j.key, r.at, r.id`,
    )
    .raw();
  const episodes = db
    .prepare<Record<string, unknown>, [number, string, number, number | null, number]>(
      `SELECT j.key, e.container, e.started_at, e.ended_at, e.restarts
       FROM json_each(@uids) j CROSS JOIN crashloop_episodes e INDEXED BY crashloop_lanes
       WHERE e.uid = j.value AND e.started_at <= @to AND (e.ended_at IS NULL OR e.ended_at >= @from)
       ORDER BY j.key, e.started_at, e.id`,
    )
    .raw();
  // Gap markers are rare: a partial index (migration 0003) finds them without scanning the log.
  const gaps = db.prepare<
    Record<string, unknown>,
    { cluster: string; observedAt: number; position: number; body: Buffer }
  >(
    `SELECT cluster, observed_at AS observedAt, position, body FROM log_entries
     WHERE type = 'MARKER' AND kind = 'Gap' AND observed_at >= @from AND (@cluster IS NULL OR cluster = @cluster)
     ORDER BY observed_at, position`,
  );

  // A page over every namespace reads one (cluster, namespace) at a time, in order, until it is
  // full: read through the lifetimes all at once, each page would read every pod of the window in
  // every namespace (a large cluster's 100,000 for each 2,000 shown).
  const scopeStatements = new Map<boolean, Database.Statement<Record<string, unknown>, [string, string]>>();
  const scopesOf = (cluster: string | undefined): [string, string][] => {
    let statement = scopeStatements.get(cluster !== undefined);
    if (!statement) {
      statement = db
        .prepare<Record<string, unknown>, [string, string]>(
          `WITH RECURSIVE ${lifetimeScopes('pods', { cluster: cluster !== undefined, namespace: false })}
           SELECT cl, n FROM ns WHERE n IS NOT NULL ORDER BY cl, n`,
        )
        .raw();
      scopeStatements.set(cluster !== undefined, statement);
    }
    return statement.all(cluster === undefined ? {} : { cluster });
  };
  const afterParams = (after: LaneKey) => ({
    afterCluster: after.cluster,
    afterNamespace: after.namespace,
    afterName: after.name,
    afterFirstSeenAt: after.firstSeenAt,
    afterUid: after.uid,
  });
  const podsOfPage = ({ from, to, cluster, namespace, after, limit }: TimelinesInRangeFilter): PodRow[] => {
    if (namespace !== undefined)
      return podsStatement(cluster !== undefined, !!after).all({
        from,
        to,
        limit,
        namespace,
        ...(cluster !== undefined && { cluster }),
        ...(after && afterParams(after)),
      });
    const pods: PodRow[] = [];
    for (const [scopeCluster, scopeNamespace] of scopesOf(cluster)) {
      const before =
        after !== undefined &&
        (scopeCluster < after.cluster ||
          (scopeCluster === after.cluster && scopeNamespace < after.namespace));
      if (before) continue;
      const within =
        after !== undefined && scopeCluster === after.cluster && scopeNamespace === after.namespace;
      pods.push(
        ...podsStatement(true, within).all({
          from,
          to,
          limit: limit - pods.length,
          cluster: scopeCluster,
          namespace: scopeNamespace,
          ...(within && afterParams(after)),
        }),
      );
      if (pods.length >= limit) break;
    }
    return pods;
  };

  return {
    lanes: (filter: TimelinesInRangeFilter): TimelineLane[] => {
      const { from, to } = filter;
      const pods = podsOfPage(filter);
      if (pods.length === 0) return [];
      const window = { uids: JSON.stringify(pods.map((p) => p.uid)), from, to };
      const spans = pods.map((p) => statusSpanBuilder(p.statusAtFrom, from, to, p.deletedAt));
      for (const [key, at, status] of changes.iterate(window)) spans[key]!.add(at, status);
      const lanes: TimelineLane[] = pods.map((p, key) => ({
        uid: p.uid,
        cluster: p.cluster,
        namespace: p.namespace,
        name: p.name,
        firstSeenAt: p.firstSeenAt,
        node: p.node,
        createdAt: p.createdAt,
        deletedAt: p.deletedAt,
        spans: spans[key]!.spans(),
        restarts: [],
        crashLoops: [],
      }));
      for (const [key, at, container, exitCode, reason, signal, inferred] of restarts.iterate(window))
        lanes[key]!.restarts.push({ at, container, exitCode, reason, signal, inferred: inferred === 1 });
      for (const [key, container, startedAt, endedAt, count] of episodes.iterate(window))
        lanes[key]!.crashLoops.push({ container, startedAt, endedAt, restarts: count });
      return lanes;
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
