import { KubetrailError } from '../store/index.ts';

/** A resource the collector lists and watches across all namespaces. */
export type WatchedResource = {
  /** Canonical name in the log: plural[.group]. */
  name: string;
  /** Cluster-wide collection path, e.g. /api/v1/pods. */
  path: string;
  /** The apiVersion and kind that list items lack on the wire. */
  apiVersion: string;
  kind: string;
};

const known: readonly WatchedResource[] = [
  { name: 'pods', path: '/api/v1/pods', apiVersion: 'v1', kind: 'Pod' },
  { name: 'events', path: '/api/v1/events', apiVersion: 'v1', kind: 'Event' },
  {
    name: 'events.events.k8s.io',
    path: '/apis/events.k8s.io/v1/events',
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
  },
  { name: 'replicasets.apps', path: '/apis/apps/v1/replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { name: 'deployments.apps', path: '/apis/apps/v1/deployments', apiVersion: 'apps/v1', kind: 'Deployment' },
  {
    name: 'statefulsets.apps',
    path: '/apis/apps/v1/statefulsets',
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
  },
  { name: 'daemonsets.apps', path: '/apis/apps/v1/daemonsets', apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { name: 'jobs.batch', path: '/apis/batch/v1/jobs', apiVersion: 'batch/v1', kind: 'Job' },
  { name: 'nodes', path: '/api/v1/nodes', apiVersion: 'v1', kind: 'Node' },
];

/** What `kubetrail record` watches unless told otherwise. */
export const defaultResources = [
  'pods',
  'events',
  'events.events.k8s.io',
  'replicasets.apps',
  'deployments.apps',
];

// Names people type: kubectl's short forms and unqualified plurals.
const aliases: Record<string, string> = {
  po: 'pods',
  pod: 'pods',
  ev: 'events',
  event: 'events',
  'events.k8s.io': 'events.events.k8s.io',
  rs: 'replicasets.apps',
  replicasets: 'replicasets.apps',
  deploy: 'deployments.apps',
  deployments: 'deployments.apps',
  sts: 'statefulsets.apps',
  statefulsets: 'statefulsets.apps',
  ds: 'daemonsets.apps',
  daemonsets: 'daemonsets.apps',
  jobs: 'jobs.batch',
  no: 'nodes',
};

/** Resolves a comma-separated list (`pods,events,rs`) to watched resources, without duplicates. */
export function parseResources(list: string | readonly string[] = defaultResources): WatchedResource[] {
  const names = typeof list === 'string' ? list.split(',') : list;
  const chosen = new Map<string, WatchedResource>();
  for (const raw of names) {
    const typed = raw.trim().toLowerCase();
    if (typed === '') continue;
    const name = aliases[typed] ?? typed;
    const resource = known.find((r) => r.name === name);
    if (!resource) {
      throw new KubetrailError(
        'bad-input',
        `unknown resource ${JSON.stringify(raw)} (known: ${known.map((r) => r.name).join(', ')})`,
      );
    }
    chosen.set(resource.name, resource);
  }
  if (chosen.size === 0) throw new KubetrailError('bad-input', 'no resource to watch');
  return [...chosen.values()];
}
