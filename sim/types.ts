// The seam between the simulated cluster's scenario engine (which plays scheduler, kubelet and
// controllers) and its HTTP API server (which serves list/watch). The engine only mutates
// objects through ObjectStore; the server assigns resourceVersions and fans changes out to watches.
import type { KubeObject } from '../store/types.ts';

/** Resources the sim serves, keyed the way kubetrail names them (plural[.group]). */
export type SimResource =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'events'
  | 'events.events.k8s.io'
  | 'replicasets.apps'
  | 'deployments.apps';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type StoreChange = {
  type: WatchEventType;
  resource: SimResource;
  /** The object as stored after the change, with metadata.resourceVersion set by the store. */
  object: KubeObject;
  /** The store's global revision after this change (as a decimal string, like etcd's). */
  resourceVersion: string;
  /** The object as it was before a MODIFIED or DELETED (lets selector-filtered watches emit ADDED/DELETED on transitions). */
  previous?: KubeObject;
};

/** A versioned object store, like etcd behind the API server. Objects are plain JSON. */
export type ObjectStore = {
  /** Creates an object; fills metadata.uid, resourceVersion, creationTimestamp (from the virtual clock) when absent. */
  create(resource: SimResource, object: KubeObject): KubeObject;
  /** Replaces an object (matched by namespace/name); bumps resourceVersion. */
  update(resource: SimResource, object: KubeObject): KubeObject;
  /** Removes an object; watchers see DELETED with a fresh resourceVersion. */
  remove(resource: SimResource, namespace: string | undefined, name: string): KubeObject | undefined;
  get(resource: SimResource, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: SimResource, namespace?: string): KubeObject[];
  /** Current global revision. */
  revision(): string;
  subscribe(listener: (change: StoreChange) => void): () => void;
};

/** The virtual clock the scenario engine runs on: the sim's "now" in epoch ms. */
export type VirtualClock = {
  now(): number;
};
