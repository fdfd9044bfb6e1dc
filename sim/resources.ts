// What the sim serves: one row per API resource, as discovery describes it.
import type { SimResource } from './types.ts';

export type ResourceInfo = {
  resource: SimResource;
  /** API group, '' for core. */
  group: string;
  version: string;
  /** Plural name as it appears in URLs. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Where the objects live in the store: both Event APIs read the same stored core Events. */
  storage: SimResource;
};

export const resources: readonly ResourceInfo[] = [
  {
    resource: 'namespaces',
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    storage: 'namespaces',
  },
  {
    resource: 'nodes',
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    storage: 'nodes',
  },
  {
    resource: 'pods',
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    storage: 'pods',
  },
  {
    resource: 'events',
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    storage: 'events',
  },
  {
    resource: 'events.events.k8s.io',
    group: 'events.k8s.io',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    storage: 'events',
  },
  {
    resource: 'replicasets.apps',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    storage: 'replicasets.apps',
  },
  {
    resource: 'deployments.apps',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    storage: 'deployments.apps',
  },
];

export const resourceInfo = (resource: SimResource): ResourceInfo => {
  const info = resources.find((r) => r.resource === resource);
  if (!info) throw new Error(`unknown sim resource ${resource}`);
  return info;
};

export const apiVersionOf = (info: ResourceInfo): string =>
  info.group === '' ? info.version : `${info.group}/${info.version}`;

/** The resource served at /api/v1 (group '') or /apis/{group}/{version} under this plural, if any. */
export const findResource = (group: string, version: string, plural: string): ResourceInfo | undefined =>
  resources.find((r) => r.group === group && r.version === version && r.plural === plural);
