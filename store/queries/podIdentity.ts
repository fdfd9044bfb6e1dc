import type Database from 'better-sqlite3';
import type { PodRow } from '../../projector/index.ts';
import { podRowFromTable } from '../readModels/readModelStatements.ts';
import { clustersOf } from './lifetimeSql.ts';

export type PodNewestLabels = {
  /** The labels of the pod's newest version, as JSON text (parsed only when they hold). */
  labels: string;
  labelsSincePosition: number | null;
  lastPosition: number;
};

/** Every pod (uid) ever recorded under a name, oldest first: a StatefulSet pod's successive lives. */
export function createPodIdentityQueries(db: Database.Database) {
  // Each cluster through (cluster, namespace, name): with the cluster unbound, SQLite scanned every
  // pod unless statistics (`kubetrail compact`) told it to skip through the clusters.
  const named = (clusters: string) =>
    db.prepare<Record<string, unknown>, Parameters<typeof podRowFromTable>[0]>(
      `WITH RECURSIVE clusters(k) AS (${clusters})
       SELECT p.* FROM clusters CROSS JOIN pods p INDEXED BY pods_by_name
       WHERE p.cluster = clusters.k AND p.namespace = @namespace AND p.name = @name
       ORDER BY p.first_seen_at, p.first_position`,
    );
  const byName = { inCluster: named('SELECT @cluster'), anyCluster: named(clustersOf('pods')) };
  const byUid = db.prepare<[string], Parameters<typeof podRowFromTable>[0]>(
    `SELECT * FROM pods WHERE uid = ?`,
  );
  const namespaceSeen = db.prepare<Record<string, unknown>, { known: number }>(
    `WITH RECURSIVE clusters(k) AS (${clustersOf('pods')})
     SELECT 1 AS known FROM clusters CROSS JOIN pods p INDEXED BY pods_by_namespace
     WHERE p.cluster = clusters.k AND p.namespace = @namespace LIMIT 1`,
  );
  const versionFacts = db.prepare<[number], { node: string | null; phase: string | null }>(
    'SELECT node, phase FROM pod_versions WHERE position = ?',
  );
  const newestLabels = db.prepare<[string], PodNewestLabels>(
    `SELECT labels, labels_since_position AS labelsSincePosition, last_position AS lastPosition
     FROM pods WHERE uid = ?`,
  );
  return {
    /**
     * A pod version's node and phase as the projection read them from that version (spec.nodeName,
     * status.phase; null when absent or not a string): a field selector decided without decoding it.
     */
    podVersionFacts(position: number): { node: string | null; phase: string | null } | undefined {
      return versionFacts.get(position);
    },
    /** A pod's newest labels and from where its versions carry them (see podLabelsAt). */
    podNewestLabels(uid: string): PodNewestLabels | undefined {
      return newestLabels.get(uid);
    },
    podsNamed(namespace: string, name: string, cluster?: string): PodRow[] {
      const rows =
        cluster === undefined
          ? byName.anyCluster.all({ namespace, name })
          : byName.inCluster.all({ namespace, name, cluster });
      return rows.map(podRowFromTable);
    },
    pod(uid: string): PodRow | undefined {
      const row = byUid.get(uid);
      return row ? podRowFromTable(row) : undefined;
    },
    namespaceKnown(namespace: string): boolean {
      return namespaceSeen.get({ namespace }) !== undefined;
    },
  };
}
