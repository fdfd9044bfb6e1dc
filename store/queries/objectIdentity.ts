import type Database from 'better-sqlite3';
import type { ObjectRow } from '../../projector/index.ts';

type Raw = Omit<ObjectRow, 'deletedInferred'> & { deletedInferred: number };

/** Non-pod objects (ReplicaSets, Deployments, …) by uid, for owner chains. */
export function createObjectIdentityQueries(db: Database.Database) {
  const byUid = db.prepare<[string], Raw>(
    `SELECT uid, cluster, resource, kind, namespace, name, owner_kind AS ownerKind, owner_name AS ownerName,
       owner_uid AS ownerUid, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt, last_position AS lastPosition,
       deleted_at AS deletedAt, deleted_inferred AS deletedInferred
     FROM objects WHERE uid = ?`,
  );
  return {
    object(uid: string): ObjectRow | undefined {
      const row = byUid.get(uid);
      return row ? { ...row, deletedInferred: row.deletedInferred === 1 } : undefined;
    },
  };
}
