// Discovery documents: /version, /api, /apis and the per-group-version resource lists.
import { apiVersionOf, resources } from './resources.ts';

const verbs = ['get', 'list', 'watch'];

export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kubetrail-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const coreVersions = (serverAddress: string) => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

const groupNames = (): string[] => [...new Set(resources.map((r) => r.group).filter((g) => g !== ''))];

const apiGroup = (name: string) => {
  const versions = [...new Set(resources.filter((r) => r.group === name).map((r) => r.version))].map(
    (version) => ({
      groupVersion: `${name}/${version}`,
      version,
    }),
  );
  return { name, versions, preferredVersion: versions[0] };
};

export const groupList = () => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: groupNames().map(apiGroup),
});

export const groupDocument = (name: string) =>
  groupNames().includes(name) ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name) } : undefined;

export const resourceList = (group: string, version: string) => {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(served[0]!),
    resources: served.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs,
      shortNames: r.shortNames,
    })),
  };
};
