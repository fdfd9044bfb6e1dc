import type Database from 'better-sqlite3';

export type ChangedObject = {
  cluster: string;
  resource: string;
  kind: string | null;
  namespace: string | null;
  name: string;
  uid: string;
  at: number;
  inferred: boolean;
};

export type StatusChange = {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  at: number;
  from: string | null;
  to: string;
  position: number;
};

/** Where a list of created or deleted objects stopped: its order is (at, namespace, name, uid). */
export type ObjectChangeKey = { at: number; namespace: string; name: string; uid: string };
/** Where the STATUS changes stopped: their order is (at, position), one change per position. */
export type StatusChangeKey = { at: number; position: number };

export type ChangesFilter = {
  from: number;
  to: number;
  cluster?: string | undefined;
  namespace?: string | undefined;
  /** At most this many rows (all of the window when absent). */
  limit?: number | undefined;
};

export const objectChangeKeyOf = (o: ChangedObject): ObjectChangeKey => ({
  at: o.at,
  namespace: o.namespace ?? '',
  name: o.name,
  uid: o.uid,
});

export const statusChangeKeyOf = (s: StatusChange): StatusChangeKey => ({ at: s.at, position: s.position });

type ObjectRow = Omit<ChangedObject, 'inferred'> & { inferred: number };

/**
 * What changed in (from, to], each list in its own order and pageable by keyset (a page starts
 * after the key of the previous page's last row and reads only its own rows through the indexes
 * by time): objects created (their creationTimestamp, or first observation when they carry none)
 * and deleted, and every change of a pod's STATUS column, with the one before it.
 */
export function createChangesQuery(db: Database.Database) {
  // Cluster-scoped objects (no namespace) sort as the empty namespace, first at their instant.
  const objectsIn = (atColumn: string, objectsAt: string, inferredColumn: string, objectsInferred: string) =>
    db.prepare<Record<string, unknown>, ObjectRow>(
      `SELECT * FROM (
         SELECT cluster, 'pods' AS resource, 'Pod' AS kind, namespace, name, uid, ${atColumn} AS at,
           ${inferredColumn} AS inferred
         FROM pods
         WHERE ${atColumn} > @from AND ${atColumn} <= @to AND ${atColumn} >= @floor
           AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
         UNION ALL
         SELECT cluster, resource, kind, namespace, name, uid, ${objectsAt} AS at, ${objectsInferred} AS inferred
         FROM objects
         WHERE ${objectsAt} > @from AND ${objectsAt} <= @to AND ${objectsAt} >= @floor
           AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
       )
       WHERE @afterAt IS NULL OR (at, coalesce(namespace, ''), name, uid) > (@afterAt, @afterNamespace, @afterName, @afterUid)
       ORDER BY at, coalesce(namespace, ''), name, uid
       LIMIT @limit`,
    );
  const created = objectsIn(
    'coalesce(created_at, first_seen_at)',
    'first_seen_at',
    'created_at IS NULL',
    '1',
  );
  const deleted = objectsIn('deleted_at', 'deleted_at', 'deleted_inferred', 'deleted_inferred');
  // STATUS changes are the projection's 'status' track (one transition per change of the column,
  // at the version's observed time), walked in time order through their index by time, so a page
  // reads only its own rows; the value before each comes from the per-pod index.
  const statusChanges = db.prepare<Record<string, unknown>, StatusChange>(
    `SELECT p.cluster, p.namespace, p.name, t.uid, t.at,
       (SELECT b.value FROM pod_transitions b INDEXED BY pod_status_changes
        WHERE b.uid = t.uid AND b.track = 'status' AND b.at <= t.at AND (b.at < t.at OR b.id < t.id)
        ORDER BY b.at DESC, b.id DESC LIMIT 1) AS "from",
       t.value AS "to", t.position
     FROM pod_transitions t INDEXED BY pod_status_changes_by_time JOIN pods p ON p.uid = t.uid
     WHERE t.track = 'status' AND t.at > @from AND t.at <= @to AND t.at >= @floor
       AND (@afterAt IS NULL OR t.at > @afterAt OR t.position > @afterPosition)
       AND (@cluster IS NULL OR p.cluster = @cluster) AND (@namespace IS NULL OR p.namespace = @namespace)
     ORDER BY t.at, t.position
     LIMIT @limit`,
  );
  const paramsOf = (filter: ChangesFilter) => ({
    from: filter.from,
    to: filter.to,
    floor: filter.from,
    cluster: filter.cluster ?? null,
    namespace: filter.namespace ?? null,
    limit: filter.limit ?? -1,
    afterAt: null as number | null,
  });
  const withFlag = (row: ObjectRow): ChangedObject => ({ ...row, inferred: row.inferred === 1 });
  const objects =
    (statement: typeof created) =>
    (filter: ChangesFilter, after?: ObjectChangeKey): ChangedObject[] =>
      statement
        .all({
          ...paramsOf(filter),
          ...(after && {
            floor: after.at,
            afterAt: after.at,
            afterNamespace: after.namespace,
            afterName: after.name,
            afterUid: after.uid,
          }),
          ...(!after && { afterNamespace: null, afterName: null, afterUid: null }),
        })
        .map(withFlag);
  return {
    created: objects(created),
    deleted: objects(deleted),
    statusChanges: (filter: ChangesFilter, after?: StatusChangeKey): StatusChange[] =>
      statusChanges.all({
        ...paramsOf(filter),
        ...(after
          ? { floor: after.at, afterAt: after.at, afterPosition: after.position }
          : { afterPosition: null }),
      }),
  };
}
