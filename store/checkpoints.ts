import type Database from 'better-sqlite3';
import { tables } from './tables.ts';

export type WatchCheckpoint = {
  cluster: string;
  resource: string;
  resourceVersion: string;
  position: number | null;
  updatedAt: number;
};

/** Where each watch resumes after a restart; written in the same transaction as the entries it covers. */
export function createCheckpointStore(db: Database.Database) {
  const read = db.prepare<
    [string, string],
    { resource_version: string; position: number | null; updated_at: number }
  >(
    `SELECT resource_version, position, updated_at FROM ${tables.watchCheckpoints} WHERE cluster = ? AND resource = ?`,
  );
  const all = db.prepare<
    [],
    {
      cluster: string;
      resource: string;
      resource_version: string;
      position: number | null;
      updated_at: number;
    }
  >(`SELECT * FROM ${tables.watchCheckpoints} ORDER BY cluster, resource`);
  const write = db.prepare(
    `INSERT INTO ${tables.watchCheckpoints} (cluster, resource, resource_version, position, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (cluster, resource) DO UPDATE SET resource_version = excluded.resource_version,
       position = coalesce(excluded.position, position), updated_at = excluded.updated_at`,
  );
  return {
    get(cluster: string, resource: string): WatchCheckpoint | undefined {
      const row = read.get(cluster, resource);
      return row
        ? {
            cluster,
            resource,
            resourceVersion: row.resource_version,
            position: row.position,
            updatedAt: row.updated_at,
          }
        : undefined;
    },
    all(): WatchCheckpoint[] {
      return all.all().map((r) => ({
        cluster: r.cluster,
        resource: r.resource,
        resourceVersion: r.resource_version,
        position: r.position,
        updatedAt: r.updated_at,
      }));
    },
    set(checkpoint: WatchCheckpoint) {
      write.run(
        checkpoint.cluster,
        checkpoint.resource,
        checkpoint.resourceVersion,
        checkpoint.position,
        checkpoint.updatedAt,
      );
    },
  };
}
