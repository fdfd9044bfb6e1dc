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
  const statusChanges = db.prepare<Record<string, unknown>, StatusChange>(
    `SELECT p.cluster, p.namespace, p.name, v.uid, v.observedAt AS at, v.previous AS "from", v.status AS "to", v.position
     FROM (
       SELECT uid, position, observed_at AS observedAt, status,
         lag(status) OVER (PARTITION BY uid ORDER BY observed_at, position) AS previous
       FROM pod_versions
       WHERE uid IN (SELECT uid FROM pods
                     WHERE (@cluster IS NULL OR cluster = @cluster) AND (@namespace IS NULL OR namespace = @namespace))
     ) v JOIN pods p ON p.uid = v.uid
     WHERE v.observedAt > @from AND v.observedAt <= @to AND (v.previous IS NULL OR v.previous != v.status)
     ORDER BY v.observedAt, v.position`,
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
