// The sim's etcd: objects keyed by resource/namespace/name, one global revision, and a bounded
// history of changes (the window) so that watches can resume and paged lists stay consistent.
import type { KubeObject } from '../store/types.ts';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from './eventConversion.ts';
import { apiVersionOf, resourceInfo } from './resources.ts';
import type { ObjectStore, SimResource, StoreChange, VirtualClock } from './types.ts';

export type ObjectStoreOptions = {
  clock: VirtualClock;
  uid: () => string;
  /** How many changes the history keeps; older resourceVersions are "too old" (410). */
  windowSize?: number;
};

/** Changes after a resourceVersion, or why they cannot be given. */
export type ChangesSince =
  | { ok: true; changes: StoreChange[] }
  | { ok: false; reason: 'tooOld'; oldest: string }
  | { ok: false; reason: 'invalid' };

/** State of one resource at a revision, or why it cannot be rebuilt. */
export type Snapshot =
  | { ok: true; objects: KubeObject[]; revision: string }
  | { ok: false; reason: 'tooOld'; oldest: string }
  | { ok: false; reason: 'tooNew' | 'invalid' };

export type SimObjectStore = ObjectStore & {
  /** Changes with a revision greater than `resourceVersion`, oldest first, for every resource. */
  changesSince(resourceVersion: string): ChangesSince;
  /** Objects of a resource (in its own view) as they were at `resourceVersion`, sorted by namespace/name. */
  snapshotAt(resource: SimResource, resourceVersion: string, namespace?: string): Snapshot;
  /** The oldest revision a watch can still resume from. */
  oldestRevision(): string;
  /** Drops the whole history (like an etcd compaction at a new revision): every earlier resourceVersion becomes too old. */
  forceExpire(): void;
};

type HistoryEntry = {
  change: StoreChange;
  key: string;
  storage: SimResource;
  previous: KubeObject | undefined;
};

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** RFC3339 with second resolution, as metav1.Time serialises. */
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const parseRevision = (rv: string): number | undefined => (/^\d+$/.test(rv) ? Number(rv) : undefined);

const byKey = (a: [string, KubeObject], b: [string, KubeObject]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

export const createObjectStore = ({
  clock,
  uid,
  windowSize = 10_000,
}: ObjectStoreOptions): SimObjectStore => {
  const objects = new Map<SimResource, Map<string, KubeObject>>();
  const history: HistoryEntry[] = [];
  const listeners = new Set<(change: StoreChange) => void>();
  let revision = 0;
  // Every change with a revision above this one is still in `history`.
  let compacted = 0;

  const bucket = (storage: SimResource): Map<string, KubeObject> => {
    let map = objects.get(storage);
    if (!map) {
      map = new Map();
      objects.set(storage, map);
    }
    return map;
  };

  // Both Event APIs share one stored form (core/v1), as in the real API server.
  const toStored = (resource: SimResource, object: KubeObject): KubeObject =>
    resource === 'events.events.k8s.io' ? eventsV1ToCoreEvent(object) : object;
  const toView = (resource: SimResource, object: KubeObject): KubeObject =>
    resource === 'events.events.k8s.io' ? coreEventToEventsV1(object) : structuredClone(object);

  const record = (
    type: StoreChange['type'],
    storage: SimResource,
    key: string,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): void => {
    const change: StoreChange = { type, resource: storage, object, resourceVersion: String(revision) };
    if (previous) change.previous = previous;
    history.push({ change, key, storage, previous });
    while (history.length > windowSize) {
      const dropped = history.shift();
      if (dropped) compacted = Number(dropped.change.resourceVersion);
    }
    for (const listener of [...listeners]) listener(change);
  };

  const prepare = (
    resource: SimResource,
    input: KubeObject,
  ): { storage: SimResource; object: KubeObject } => {
    const info = resourceInfo(resource);
    const storageInfo = resourceInfo(info.storage);
    const { apiVersion: _a, kind: _k, metadata, ...rest } = structuredClone(toStored(resource, input));
    // apiVersion and kind first, as the API server serialises them.
    const meta: NonNullable<KubeObject['metadata']> = { ...(metadata ?? {}) };
    if (!meta.name) throw new Error(`${resource}: metadata.name is required`);
    if (storageInfo.namespaced && !meta.namespace) meta.namespace = 'default';
    if (!storageInfo.namespaced) delete meta.namespace;
    const object: KubeObject = {
      apiVersion: apiVersionOf(storageInfo),
      kind: storageInfo.kind,
      metadata: meta,
      ...rest,
    };
    return { storage: info.storage, object };
  };

  const store: SimObjectStore = {
    create(resource, input) {
      const { storage, object } = prepare(resource, input);
      const meta = object.metadata!;
      const key = keyOf(meta.namespace, meta.name!);
      const map = bucket(storage);
      if (map.has(key)) throw new Error(`${resource} "${key}" already exists`);
      revision += 1;
      meta.uid ??= uid();
      meta.creationTimestamp ??= rfc3339(clock.now());
      meta.resourceVersion = String(revision);
      map.set(key, object);
      record('ADDED', storage, key, structuredClone(object), undefined);
      return toView(resource, object);
    },

    update(resource, input) {
      const { storage, object } = prepare(resource, input);
      const meta = object.metadata!;
      const key = keyOf(meta.namespace, meta.name!);
      const map = bucket(storage);
      const previous = map.get(key);
      if (!previous) throw new Error(`${resource} "${key}" not found`);
      revision += 1;
      // Identity fields are the server's, not the writer's.
      meta.uid = previous.metadata?.uid;
      meta.creationTimestamp = previous.metadata?.creationTimestamp;
      meta.resourceVersion = String(revision);
      map.set(key, object);
      record('MODIFIED', storage, key, structuredClone(object), previous);
      return toView(resource, object);
    },

    remove(resource, namespace, name) {
      const info = resourceInfo(resource);
      const storageInfo = resourceInfo(info.storage);
      const key = keyOf(storageInfo.namespaced ? (namespace ?? 'default') : undefined, name);
      const map = bucket(info.storage);
      const previous = map.get(key);
      if (!previous) return undefined;
      map.delete(key);
      revision += 1;
      const gone = structuredClone(previous);
      gone.metadata = { ...gone.metadata, resourceVersion: String(revision) };
      record('DELETED', info.storage, key, gone, previous);
      return toView(resource, gone);
    },

    get(resource, namespace, name) {
      const info = resourceInfo(resource);
      const storageInfo = resourceInfo(info.storage);
      const found = bucket(info.storage).get(keyOf(storageInfo.namespaced ? namespace : undefined, name));
      return found ? toView(resource, found) : undefined;
    },

    list(resource, namespace) {
      const info = resourceInfo(resource);
      return [...bucket(info.storage).entries()]
        .filter(([, o]) => namespace === undefined || o.metadata?.namespace === namespace)
        .sort(byKey)
        .map(([, o]) => toView(resource, o));
    },

    revision: () => String(revision),

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    changesSince(resourceVersion) {
      const rv = parseRevision(resourceVersion);
      if (rv === undefined) return { ok: false, reason: 'invalid' };
      if (rv < compacted) return { ok: false, reason: 'tooOld', oldest: String(compacted) };
      return {
        ok: true,
        changes: history.filter((h) => Number(h.change.resourceVersion) > rv).map((h) => h.change),
      };
    },

    snapshotAt(resource, resourceVersion, namespace) {
      const rv = parseRevision(resourceVersion);
      if (rv === undefined) return { ok: false, reason: 'invalid' };
      if (rv < compacted) return { ok: false, reason: 'tooOld', oldest: String(compacted) };
      if (rv > revision) return { ok: false, reason: 'tooNew' };
      const info = resourceInfo(resource);
      const state = new Map(bucket(info.storage));
      // Undo, newest first, every change made after the requested revision.
      for (let i = history.length - 1; i >= 0; i--) {
        const h = history[i]!;
        if (Number(h.change.resourceVersion) <= rv) break;
        if (h.storage !== info.storage) continue;
        if (h.previous) state.set(h.key, h.previous);
        else state.delete(h.key);
      }
      const items = [...state.entries()]
        .filter(([, o]) => namespace === undefined || o.metadata?.namespace === namespace)
        .sort(byKey)
        .map(([, o]) => toView(resource, o));
      return { ok: true, objects: items, revision: String(rv) };
    },

    oldestRevision: () => String(compacted),

    forceExpire() {
      revision += 1;
      compacted = revision;
      history.length = 0;
    },
  };
  return store;
};
