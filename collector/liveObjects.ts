import type Database from 'better-sqlite3';
import { type KubeObject, type LogReader, tables } from '../store/index.ts';

/** An object the log last saw alive: its newest entry is not a deletion. */
export type LiveObject = { uid: string; position: number; resourceVersion: string | null };

/**
 * What the log believes exists, per resource: the base against which a relist finds the
 * objects that vanished while nobody watched. Read from the log (not memory) so it holds
 * across restarts.
 */
export function createLiveObjects(db: Database.Database, reader: LogReader) {
  const alive = db.prepare<
    [string, string],
    { uid: string; position: number; resource_version: string | null; type: string }
  >(
    `SELECT l.uid, l.position, l.resource_version, l.type FROM ${tables.log} AS l
     JOIN (SELECT uid, max(position) AS newest FROM ${tables.log}
           WHERE cluster = ? AND resource = ? AND uid IS NOT NULL GROUP BY uid) AS n
       ON l.position = n.newest`,
  );
  return {
    /** uid → newest entry, for the objects of `resource` whose newest entry is not DELETED. */
    of(cluster: string, resource: string): Map<string, LiveObject> {
      const live = new Map<string, LiveObject>();
      for (const row of alive.iterate(cluster, resource)) {
        if (row.type !== 'DELETED')
          live.set(row.uid, { uid: row.uid, position: row.position, resourceVersion: row.resource_version });
      }
      return live;
    },
    /** The object exactly as last recorded. */
    lastObject(position: number): KubeObject | undefined {
      return reader.entry(position)?.object as KubeObject | undefined;
    },
  };
}

export type LiveObjects = ReturnType<typeof createLiveObjects>;
