import type Database from 'better-sqlite3';
import { aliveByLifetime } from './lifetimeSql.ts';
import { createShapedQuery, whereAll } from './shapedQuery.ts';

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
  /**
   * The labels of the pod's newest version, which may postdate the instant (a pod relabeled out of
   * a Service during an incident): `podLabelsAt` gives those of the version at the instant.
   */
  newestLabels: Record<string, string>;
  /** Where the pod's newest version is in the log: the version at the instant, when equal. */
  lastPosition: number;
  /** From where on its versions carry `newestLabels` (null: not known, see PodRow). */
  labelsSincePosition: number | null;
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

type Raw = Omit<PodAtRow, 'newestLabels'> & { labels: string };

/**
 * The pods that existed at an instant (first observed at or before it, not yet deleted), each
 * with the version observed last at or before it. Sorted like kubectl: namespace, then name. One
 * statement per combination of filters (see shapedQuery.ts). The pods of a namespace, or of all,
 * are found through the time their lifetimes span (migration 0016), so a long recording's dead
 * pods cost nothing; one pod by name, or an owner's pods, through their own indexes.
 */
export function createPodsAtQuery(db: Database.Database) {
  const podColumns = (p: string) => `${p}.uid, ${p}.cluster, ${p}.namespace, ${p}.name,
    ${p}.created_at AS createdAt, ${p}.first_seen_at AS firstSeenAt, ${p}.deleted_at AS deletedAt,
    ${p}.deletion_requested_at AS deletionRequestedAt, ${p}.owner_kind AS ownerKind,
    ${p}.owner_name AS ownerName, ${p}.owner_uid AS ownerUid, ${p}.labels, ${p}.last_position AS lastPosition,
    ${p}.labels_since_position AS labelsSincePosition`;
  const versionColumns = `v.position, v.observed_at AS observedAt, v.phase, v.ready, v.status, v.restarts,
    v.last_restart_at AS lastRestartAt, v.node`;
  const newestVersion = `JOIN pod_versions v ON v.position = (
    SELECT position FROM pod_versions WHERE uid = p.uid AND observed_at <= @at
    ORDER BY observed_at DESC, position DESC LIMIT 1)`;
  const on = {
    cluster: 'p.cluster = @cluster',
    namespace: 'p.namespace = @namespace',
    name: 'p.name = @name',
    ownerUid: 'p.owner_uid = @ownerUid',
    node: 'v.node = @node',
    status: 'v.status = @status',
  } as const;
  const query = createShapedQuery<PodsAtFilter, Raw>(
    db,
    Object.entries(on) as [keyof typeof on, string][],
    (conditions) => {
      const order = 'ORDER BY p.cluster, p.namespace, p.name';
      if (conditions.includes(on.name) || conditions.includes(on.ownerUid)) {
        return `SELECT ${podColumns('p')}, ${versionColumns} FROM pods p ${newestVersion}
          WHERE ${['p.first_seen_at <= @at', '(p.deleted_at IS NULL OR p.deleted_at > @at)', ...conditions].join(' AND ')}
          ${order}`;
      }
      const alive = aliveByLifetime('pods', podColumns('x'), [], {
        cluster: conditions.includes(on.cluster),
        namespace: conditions.includes(on.namespace),
      });
      return `SELECT p.*, ${versionColumns} FROM (${alive}) p ${newestVersion}
        ${whereAll(conditions.filter((c) => c === on.node || c === on.status))} ${order}`;
    },
  );
  return (filter: PodsAtFilter): PodAtRow[] =>
    query(filter, { at: filter.at }).map(({ labels, ...row }) => ({
      ...row,
      newestLabels: JSON.parse(labels) as Record<string, string>,
    }));
}
