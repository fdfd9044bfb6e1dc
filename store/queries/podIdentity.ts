import type Database from 'better-sqlite3';
import type { PodRow } from '../../projector/index.ts';
import { podRowFromTable } from '../readModels/readModelStatements.ts';

/** Every pod (uid) ever recorded under a name, oldest first: a StatefulSet pod's successive lives. */
export function createPodIdentityQueries(db: Database.Database) {
  const byName = db.prepare<Record<string, unknown>, Parameters<typeof podRowFromTable>[0]>(
    `SELECT * FROM pods WHERE namespace = @namespace AND name = @name AND (@cluster IS NULL OR cluster = @cluster)
     ORDER BY first_seen_at, first_position`,
  );
  const byUid = db.prepare<[string], Parameters<typeof podRowFromTable>[0]>(
    `SELECT * FROM pods WHERE uid = ?`,
  );
  const namespaces = db.prepare<[], { namespace: string }>(`SELECT DISTINCT namespace FROM pods`);
  return {
    podsNamed(namespace: string, name: string, cluster?: string): PodRow[] {
      return byName.all({ namespace, name, cluster: cluster ?? null }).map(podRowFromTable);
    },
    pod(uid: string): PodRow | undefined {
      const row = byUid.get(uid);
      return row ? podRowFromTable(row) : undefined;
    },
    namespaceKnown(namespace: string): boolean {
      return namespaces.all().some((row) => row.namespace === namespace);
    },
  };
}
