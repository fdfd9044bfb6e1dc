import type Database from 'better-sqlite3';
import {
  isEventResource,
  type KubeObject,
  type LogReader,
  openUids,
  type ProjectionRunner,
  podResource,
  tables,
} from '../store/index.ts';

/** An object the log last saw alive: its newest entry is not a deletion. */
export type LiveObject = { uid: string; position: number; resourceVersion: string | null };

type NewestRow = { uid: string; position: number; resource_version: string | null; type: string };

/**
 * What the log believes exists, per resource: the base against which a relist finds the
 * objects that vanished while nobody watched. Read from the log (not memory) so it holds
 * across restarts.
 */
export function createLiveObjects(
  db: Database.Database,
  reader: LogReader,
  projections?: Pick<ProjectionRunner, 'isStale' | 'position'>,
) {
  // Every entry of the resource, grouped by object: a pass over the whole history, seconds to
  // minutes on a log of millions of entries. Only when the read models cannot say.
  const newestOfEvery = db.prepare<[string, string], NewestRow>(
    `SELECT l.uid, l.position, l.resource_version, l.type FROM ${tables.log} AS l
     JOIN (SELECT uid, max(position) AS newest FROM ${tables.log}
           WHERE cluster = ? AND resource = ? AND uid IS NOT NULL GROUP BY uid) AS n
       ON l.position = n.newest`,
  );
  // The read models keep each object's lifetime: the ones not deleted are the candidates, and
  // each one's newest entry of this resource (a few index pages) decides, as the pass would.
  const newestOfCandidates = (candidates: string) =>
    db.prepare<Record<string, string>, NewestRow>(
      `SELECT l.uid, l.position, l.resource_version, l.type FROM (${candidates}) AS c
       JOIN ${tables.log} AS l ON l.position =
         (SELECT max(position) FROM ${tables.log} WHERE cluster = @cluster AND resource = @resource AND uid = c.uid)`,
    );
  const alivePods = newestOfCandidates(openUids('pods'));
  const aliveEvents = newestOfCandidates(openUids('events'));
  const aliveObjects = newestOfCandidates(openUids('objects'));
  const logEnd = db.prepare<[], { p: number | null }>(`SELECT max(position) AS p FROM ${tables.log}`);

  /** The read models hold every entry of the log, projected by this version of the code. */
  const readModelsCurrent = (): boolean =>
    projections !== undefined && !projections.isStale() && projections.position() === (logEnd.get()?.p ?? 0);

  return {
    /** uid → newest entry, for the objects of `resource` whose newest entry is not DELETED. */
    of(cluster: string, resource: string): Map<string, LiveObject> {
      const rows = !readModelsCurrent()
        ? newestOfEvery.iterate(cluster, resource)
        : (resource === podResource
            ? alivePods
            : isEventResource(resource)
              ? aliveEvents
              : aliveObjects
          ).iterate({
            cluster,
            resource,
          });
      const live = new Map<string, LiveObject>();
      for (const row of rows) {
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
