import type { KubeObject } from '../store/types.ts';
import type { ObjectRow } from './types.ts';

/** Identity, owner and lifetime of any object that is neither a Pod nor an Event. */
export function projectObject(
  prev: ObjectRow | undefined,
  object: KubeObject,
  entry: {
    cluster: string;
    resource: string;
    position: number;
    observedAt: number;
    deleted: boolean;
    inferred: boolean;
  },
): ObjectRow {
  const meta = object.metadata ?? {};
  const owner = (meta.ownerReferences ?? []).find((o) => o.controller) ?? meta.ownerReferences?.[0];
  return {
    uid: meta.uid ?? '',
    cluster: entry.cluster,
    resource: entry.resource,
    kind: object.kind ?? prev?.kind ?? null,
    namespace: meta.namespace ?? null,
    name: meta.name ?? '',
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    ownerUid: owner?.uid ?? null,
    firstSeenAt: prev?.firstSeenAt ?? entry.observedAt,
    lastSeenAt: Math.max(prev?.lastSeenAt ?? entry.observedAt, entry.observedAt),
    lastPosition: entry.position,
    deletedAt: entry.deleted ? entry.observedAt : (prev?.deletedAt ?? null),
    deletedInferred: entry.deleted ? entry.inferred : (prev?.deletedInferred ?? false),
  };
}
