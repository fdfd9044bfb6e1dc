import type Database from 'better-sqlite3';
import type { ObjectRow } from '../../projector/index.ts';

type Raw = Omit<ObjectRow, 'deletedInferred'> & { deletedInferred: number };

/** What an Event's row says of the object it is about (migration 0022). */
export type EventInvolved = {
  name: string | null;
  /** 0: every version named the row's object; 1: a later one named another; null: not known. */
  changed: number | null;
};

/** Non-pod objects (ReplicaSets, Deployments, …) by uid, for owner chains; what an Event is about. */
export function createObjectIdentityQueries(db: Database.Database) {
  const eventInvolved = db.prepare<[string], EventInvolved>(
    'SELECT involved_name AS name, involved_changed AS changed FROM events WHERE uid = ?',
  );
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
    eventInvolved(uid: string): EventInvolved | undefined {
      return eventInvolved.get(uid);
    },
  };
}
