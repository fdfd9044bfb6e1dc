// Canonical resource names (plural[.group]) from an object's apiVersion and kind.
const knownPlurals: Record<string, string> = {
  Pod: 'pods',
  Event: 'events',
  ReplicaSet: 'replicasets',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Node: 'nodes',
  Namespace: 'namespaces',
  Endpoints: 'endpoints',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  StorageClass: 'storageclasses',
};

/** The API group of an apiVersion: '' for core (`v1`), `apps` for `apps/v1`. */
export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion?.includes('/')) return '';
  return apiVersion.slice(0, apiVersion.indexOf('/'));
}

/** The plural of a kind, as the API server's RESTMapper guesses it for kinds it does not list. */
export function pluralOf(kind: string): string {
  const known = knownPlurals[kind];
  if (known) return known;
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function resourceOf(apiVersion: string | undefined, kind: string): string {
  const group = groupOf(apiVersion);
  const plural = pluralOf(kind);
  return group ? `${plural}.${group}` : plural;
}

export const podResource = 'pods';
export const coreEventResource = 'events';
export const eventsApiResource = 'events.events.k8s.io';

export function isEventResource(resource: string): boolean {
  return resource === coreEventResource || resource === eventsApiResource;
}
