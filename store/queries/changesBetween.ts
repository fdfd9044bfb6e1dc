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

export type ChangesBetween = {
  created: ChangedObject[];
  deleted: ChangedObject[];
  statusChanges: StatusChange[];
};

export type ChangesFilter = {
  from: number;
  to: number;
  cluster?: string | undefined;
  namespace?: string | undefined;
};

/**
 * What changed in (from, to]: objects created (their creationTimestamp, or first observation when
 * they carry none) and deleted, and every change of a pod's STATUS column, with the one before it.
 */
export function createChangesQuery(db: Database.Database) {
  const created = db.prepare<Record<string, unknown>, Omit<ChangedObject, 'inferred'> & { inferred: number }>(
    `SELECT cluster, 'pods' AS resource, 'Pod' AS kind, namespace, name, uid,
       coalesce(created_at, first_seen_at) AS at, created_at IS NULL AS inferred
     FROM pods
     WHERE coalesce(created_at, first_seen_at) > @from AND coalesce(created_at, first_seen_at) <= @to
       AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
     UNION ALL
     SELECT cluster, resource, kind, namespace, name, uid, first_seen_at AS at, 1 AS inferred
     FROM objects
     WHERE first_seen_at > @from AND first_seen_at <= @to
       AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
     ORDER BY at, namespace, name`,
  );
  const deleted = db.prepare<Record<string, unknown>, Omit<ChangedObject, 'inferred'> & { inferred: number }>(
    `SELECT cluster, 'pods' AS resource, 'Pod' AS kind, namespace, name, uid, deleted_at AS at, deleted_inferred AS inferred
     FROM pods
     WHERE deleted_at > @from AND deleted_at <= @to
       AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
     UNION ALL
     SELECT cluster, resource, kind, namespace, name, uid, deleted_at AS at, deleted_inferred AS inferred
     FROM objects
     WHERE deleted_at > @from AND deleted_at <= @to
       AND (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace)
     ORDER BY at, namespace, name`,
  );
  // STATUS changes are the projection's 'status' track (one transition per change of the column,
  // at the version's observed time), found by time. The value before a change is the one before
  // it in the window; only a pod's first change in the window looks further back, through the
  // per-pod index.
  const statusChanges = db.prepare<Record<string, unknown>, StatusChange>(
    `SELECT p.cluster, p.namespace, p.name, w.uid, w.at,
       CASE WHEN w.nth > 1 THEN w.previous ELSE
         (SELECT b.value FROM pod_transitions b
          WHERE b.uid = w.uid AND b.track = 'status' AND b.at <= w.at AND (b.at < w.at OR b.id < w.id)
          ORDER BY b.at DESC, b.id DESC LIMIT 1) END AS "from",
       w.value AS "to", w.position
     FROM (
       SELECT t.id, t.uid, t.at, t.value, t.position,
         lag(t.value) OVER byPod AS previous, row_number() OVER byPod AS nth
       FROM pod_transitions t
       WHERE t.track = 'status' AND t.at > @from AND t.at <= @to
       WINDOW byPod AS (PARTITION BY t.uid ORDER BY t.at, t.id)
     ) w JOIN pods p ON p.uid = w.uid
     WHERE (@cluster IS NULL OR p.cluster = @cluster) AND (@namespace IS NULL OR p.namespace = @namespace)
     ORDER BY w.at, w.position`,
  );
  return (filter: ChangesFilter): ChangesBetween => {
    const params = {
      from: filter.from,
      to: filter.to,
      cluster: filter.cluster ?? null,
      namespace: filter.namespace ?? null,
    };
    const withFlag = (row: Omit<ChangedObject, 'inferred'> & { inferred: number }): ChangedObject => ({
      ...row,
      inferred: row.inferred === 1,
    });
    return {
      created: created.all(params).map(withFlag),
      deleted: deleted.all(params).map(withFlag),
      statusChanges: statusChanges.all(params),
    };
  };
}
