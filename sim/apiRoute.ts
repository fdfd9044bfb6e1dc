// Which Kubernetes API path a request names: a discovery document, a resource (list, get or
// watch, cluster-wide or in a namespace), or nothing. Shared by the sim's server and kubetrail's
// read-only facade, which serve the same paths.
import { coreVersions, groupDocument, groupList, resourceList } from './discovery.ts';
import { findResource, type ResourceInfo } from './resources.ts';

export type ApiRoute =
  | { kind: 'document'; body: unknown }
  | {
      kind: 'resource';
      info: ResourceInfo;
      namespace: string | undefined;
      name: string | undefined;
      watch: boolean;
    }
  | { kind: 'notFound' };

function resourceRoute(group: string, version: string, input: string[]): ApiRoute {
  // The deprecated /watch/ prefix is still served by the API server.
  const watch = input[0] === 'watch';
  const segs = watch ? input.slice(1) : input;
  let namespace: string | undefined;
  let rest = segs;
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    rest = segs.slice(2);
  }
  const info = findResource(group, version, rest[0] ?? '');
  if (!info || rest.length > 2) return { kind: 'notFound' };
  const name = rest[1];
  if (namespace !== undefined && !info.namespaced) return { kind: 'notFound' };
  // A namespaced object is only addressable inside its namespace.
  if (name !== undefined && info.namespaced && namespace === undefined) return { kind: 'notFound' };
  return { kind: 'resource', info, namespace, name, watch };
}

/** Routes decoded path segments; `version` is the /version document this server reports. */
export function apiRoute(segs: string[], serverAddress: string, version: unknown): ApiRoute {
  const document = (body: unknown): ApiRoute =>
    body === undefined ? { kind: 'notFound' } : { kind: 'document', body };
  if (segs.length === 1 && segs[0] === 'version') return document(version);
  if (segs[0] === 'api') {
    if (segs.length === 1) return document(coreVersions(serverAddress));
    if (segs[1] !== 'v1') return { kind: 'notFound' };
    if (segs.length === 2) return document(resourceList('', 'v1'));
    return resourceRoute('', 'v1', segs.slice(2));
  }
  if (segs[0] === 'apis') {
    if (segs.length === 1) return document(groupList());
    if (segs.length === 2) return document(groupDocument(segs[1]!));
    if (segs.length === 3) return document(resourceList(segs[1]!, segs[2]!));
    return resourceRoute(segs[1]!, segs[2]!, segs.slice(3));
  }
  return { kind: 'notFound' };
}
