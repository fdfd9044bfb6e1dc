// LIST semantics: resourceVersion / resourceVersionMatch, limit + continue, selectors.
import type { KubeObject } from '../store/types.ts';
import type { SimObjectStore } from './objectStore.ts';
import type { ResourceInfo } from './resources.ts';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels } from './selectors.ts';
import { failure, type Status } from './status.ts';

export type ListRequest = {
  info: ResourceInfo;
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion: string | undefined;
  resourceVersionMatch: string | undefined;
  limit: number | undefined;
  continueToken: string | undefined;
};

export type ListResult =
  | {
      ok: true;
      /** Objects in the store's (core) form for this resource's storage. */
      items: KubeObject[];
      metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
    }
  | { ok: false; status: Status };

type ContinueToken = { v: string; rv: number; start: string };

const keyOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

// Same shape as the API server's token: base64 of {"v","rv","start"}, start being the next key.
const encodeContinue = (rv: string, lastKey: string): string =>
  Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: `${lastKey}\u0000` })).toString(
    'base64url',
  );

const decodeContinue = (token: string): ContinueToken | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { v, rv, start } = parsed as Record<string, unknown>;
    if (v !== 'meta.k8s.io/v1' || typeof rv !== 'number' || typeof start !== 'string') return undefined;
    return { v, rv, start };
  } catch {
    return undefined;
  }
};

const expiredList = 'The resourceVersion for the provided list is too old.';
const expiredContinue =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

export const listObjects = (store: SimObjectStore, req: ListRequest): ListResult => {
  const { info, namespace } = req;
  let objects: KubeObject[];
  let revision: string;
  let start = '';

  if (req.continueToken) {
    const token = decodeContinue(req.continueToken);
    if (!token) return { ok: false, status: failure(400, 'BadRequest', 'continue key is not valid') };
    if (req.resourceVersion && req.resourceVersion !== '0')
      return {
        ok: false,
        status: failure(400, 'BadRequest', 'specifying resource version is not allowed when using continue'),
      };
    // Later pages show the list as it was when the first page was served.
    const snap = store.snapshotAt(info.storage, String(token.rv), namespace);
    if (!snap.ok) return { ok: false, status: failure(410, 'Expired', expiredContinue) };
    objects = snap.objects;
    revision = snap.revision;
    start = token.start;
  } else if (req.resourceVersion && req.resourceVersion !== '0') {
    const rv = req.resourceVersion;
    if (!/^\d+$/.test(rv))
      return { ok: false, status: failure(400, 'BadRequest', `invalid resource version: ${rv}`) };
    if (Number(rv) > Number(store.revision()))
      return {
        ok: false,
        status: failure(504, 'Timeout', `Too large resource version: ${rv}, current: ${store.revision()}`, {
          retryAfterSeconds: 1,
        }),
      };
    if (Number(rv) < Number(store.oldestRevision()))
      return { ok: false, status: failure(410, 'Expired', expiredList) };
    if (req.resourceVersionMatch === 'Exact') {
      const snap = store.snapshotAt(info.storage, rv, namespace);
      if (!snap.ok) return { ok: false, status: failure(410, 'Expired', expiredList) };
      objects = snap.objects;
      revision = snap.revision;
    } else {
      objects = store.list(info.storage, namespace);
      revision = store.revision();
    }
  } else {
    objects = store.list(info.storage, namespace);
    revision = store.revision();
  }

  const matching = objects.filter(
    (o) =>
      keyOf(o) >= start &&
      matchesLabels(req.labelSelector, o.metadata?.labels) &&
      matchesFields(info.resource, req.fieldSelector, o),
  );
  const limit = req.limit && req.limit > 0 ? req.limit : undefined;
  if (limit === undefined || matching.length <= limit) {
    return { ok: true, items: matching, metadata: { resourceVersion: revision } };
  }
  const page = matching.slice(0, limit);
  return {
    ok: true,
    items: page,
    metadata: {
      resourceVersion: revision,
      continue: encodeContinue(revision, keyOf(page[page.length - 1]!)),
      remainingItemCount: matching.length - limit,
    },
  };
};
