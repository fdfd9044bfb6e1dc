// /api/v1/pods: pods at an instant, and one pod's summary, owners, timelines, versions and diffs.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { formatTime, podJsonItem } from '../../cli/index.ts';
import type { PodRow } from '../../projector/index.ts';
import { matchesLabels, parseLabelSelector } from '../../sim/index.ts';
import { type KubeObject, KubetrailError, type MarkerBody, podLabelsAt } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { InputError, validationHook } from '../errors.ts';
import { jsonDiff } from '../jsonDiff.ts';
import { clusterSchema, namespaceSchema, resolveTime, timeSchema, uidParams } from '../params.ts';
import { eventOccurrenceJson, restartJson } from '../serialize.ts';
import { iso, isoOrNull } from '../time.ts';

const labelSelectorSchema = z
  .string()
  .superRefine((value, ctx) => {
    const parsed = parseLabelSelector(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  })
  .optional()
  .openapi({ description: 'Label selector, as kubectl -l takes it.', example: 'app=web' });

const listRoute = createRoute({
  method: 'get',
  path: '/pods',
  summary: 'Pods that existed at an instant, as `kubetrail get pods -o json` prints them',
  request: {
    query: z.strictObject({
      at: timeSchema('The instant (default now).').optional(),
      cluster: clusterSchema,
      namespace: namespaceSchema,
      labelSelector: labelSelectorSchema,
      ownerUid: z
        .string()
        .min(1)
        .optional()
        .openapi({ description: 'uid of the owning ReplicaSet, StatefulSet, Job…' }),
      node: z.string().min(1).optional(),
      status: z.string().min(1).optional().openapi({ description: 'STATUS column, e.g. CrashLoopBackOff.' }),
    }),
  },
  responses: {
    200: {
      description:
        '`{at, items: [{cluster, namespace, name, uid, phase, ready, status, restarts, restartsText, node, deleted}]}`',
    },
  },
});

const podRoute = createRoute({
  method: 'get',
  path: '/pods/{uid}',
  summary: 'One pod: identity, lifetime, owner chain and its columns now (or just before deletion)',
  request: { params: uidParams },
  responses: {
    200: { description: 'The pod summary.' },
    404: { description: 'No pod with this uid was recorded.' },
  },
});

const timelineRoute = createRoute({
  method: 'get',
  path: '/pods/{uid}/timeline',
  summary:
    'All timelines of a pod: phases, statuses, conditions, containers, deletion, restarts, CrashLoopBackOff, Events, gaps',
  request: { params: uidParams },
  responses: {
    200: { description: 'Every time carries its source: object (its own timestamps) or observed.' },
    404: { description: 'Unknown uid.' },
  },
});

const objectRoute = createRoute({
  method: 'get',
  path: '/pods/{uid}/object',
  summary: 'The pod object exactly as observed (byte for byte) at an instant or at a log position',
  request: {
    params: uidParams,
    query: z.strictObject({
      at: timeSchema('The instant (default: the newest version).').optional(),
      position: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'A log position from /versions.' }),
    }),
  },
  responses: {
    200: {
      description:
        'The stored JSON; headers X-Kubetrail-Position, X-Kubetrail-Observed-At, X-Kubetrail-Entry-Type.',
    },
    404: { description: 'Unknown uid, or not yet observed at that instant.' },
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/pods/{uid}/versions',
  summary: 'Every recorded version of a pod, oldest first',
  request: { params: uidParams },
  responses: {
    200: {
      description:
        '`{items: [{position, observedAt, type, source, resourceVersion, inferred, phase, ready, status, restarts}]}`',
    },
  },
});

const diffRoute = createRoute({
  method: 'get',
  path: '/pods/{uid}/diff',
  summary: 'What changed between two versions of a pod (JSON Pointer paths)',
  request: {
    params: uidParams,
    query: z.strictObject({
      from: z.coerce.number().int().min(1).openapi({ description: 'Log position of the older version.' }),
      to: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'Log position of the newer version (default: the one after `from`).' }),
    }),
  },
  responses: {
    200: { description: '`{from, to, changes: [{op: add|remove|replace, path, oldValue?, value?}]}`' },
    404: { description: 'Unknown uid or position.' },
  },
});

const podOrThrow = (deps: ApiDeps, uid: string): PodRow => {
  const pod = deps.queries.pod(uid);
  if (!pod) throw new KubetrailError('not-found', `pod ${JSON.stringify(uid)}: not recorded`);
  return pod;
};

/** Pod -> ReplicaSet -> Deployment…, through the pods and objects read models; unrecorded owners stay as named. */
export function ownerChain(deps: ApiDeps, pod: PodRow) {
  const chain: {
    kind: string | null;
    name: string | null;
    uid: string;
    recorded: boolean;
    deletedAt: string | null;
  }[] = [];
  let next: { kind: string | null; name: string | null; uid: string | null } = {
    kind: pod.ownerKind,
    name: pod.ownerName,
    uid: pod.ownerUid,
  };
  const seen = new Set<string>([pod.uid]);
  while (next.uid && !seen.has(next.uid)) {
    seen.add(next.uid);
    const row = deps.queries.object(next.uid);
    chain.push({
      kind: row?.kind ?? next.kind,
      name: row?.name ?? next.name,
      uid: next.uid,
      recorded: row !== undefined,
      deletedAt: isoOrNull(row?.deletedAt),
    });
    next = row
      ? { kind: row.ownerKind, name: row.ownerName, uid: row.ownerUid }
      : { kind: null, name: null, uid: null };
  }
  return chain;
}

const podIdentity = (pod: PodRow) => ({
  uid: pod.uid,
  cluster: pod.cluster,
  namespace: pod.namespace,
  name: pod.name,
  createdAt: isoOrNull(pod.createdAt),
  firstSeenAt: iso(pod.firstSeenAt),
  lastSeenAt: iso(pod.lastSeenAt),
  deletionRequestedAt: isoOrNull(pod.deletionRequestedAt),
  gracePeriodSeconds: pod.gracePeriodSeconds,
  deletedAt: isoOrNull(pod.deletedAt),
  deletedInferred: pod.deletedInferred,
  node: pod.node,
  labels: pod.labels,
  predecessorUid: pod.predecessorUid,
});

export function podRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    const at = resolveTime('at', q.at, deps.now()) ?? deps.now();
    let rows = deps.queries.podsAt({
      at,
      cluster: q.cluster,
      namespace: q.namespace,
      ownerUid: q.ownerUid,
      node: q.node,
      status: q.status,
    });
    if (q.labelSelector !== undefined) {
      const selector = parseLabelSelector(q.labelSelector);
      if (!selector.ok) throw new InputError('labelSelector', selector.message);
      rows = rows.filter((row) => matchesLabels(selector.value, podLabelsAt(deps.store.reader, row)));
    }
    return c.json({ at: formatTime(at), items: rows.map((row) => podJsonItem(row, at)) });
  });

  app.openapi(podRoute, (c) => {
    const pod = podOrThrow(deps, c.req.valid('param').uid);
    const at =
      pod.deletedAt !== null
        ? Math.max(pod.firstSeenAt, pod.deletedAt - 1)
        : Math.max(deps.now(), pod.lastSeenAt);
    const row = deps.queries
      .podsAt({ at, cluster: pod.cluster, namespace: pod.namespace, name: pod.name })
      .find((r) => r.uid === pod.uid);
    const successor = deps.queries
      .podsNamed(pod.namespace, pod.name, pod.cluster)
      .find((p) => p.predecessorUid === pod.uid);
    return c.json({
      ...podIdentity(pod),
      successorUid: successor?.uid ?? null,
      owners: ownerChain(deps, pod),
      columnsAt: formatTime(at),
      columns: row ? podJsonItem(row, at) : null,
      restartCount: deps.queries.restarts({ uid: pod.uid }).length,
    });
  });

  app.openapi(timelineRoute, (c) => {
    const pod = podOrThrow(deps, c.req.valid('param').uid);
    const transitions = deps.queries.history.transitions(pod.uid);
    const spans = (track: string) => {
      const list = transitions.filter((t) => t.track === track);
      return list.map((t, i) => {
        const next = list[i + 1];
        const to = next ? next.at : track === 'deletion' ? null : pod.deletedAt;
        return {
          from: iso(t.at),
          fromSource: t.atSource,
          to: isoOrNull(to),
          toSource: next ? next.atSource : to === null ? null : 'observed',
          value: t.value,
          reason: t.reason,
          message: t.message,
          detail: t.detail,
          position: t.position,
        };
      });
    };
    const named = (prefix: string) => {
      const out: Record<string, ReturnType<typeof spans>> = {};
      for (const track of new Set(transitions.map((t) => t.track))) {
        if (track.startsWith(prefix)) out[track.slice(prefix.length)] = spans(track);
      }
      return out;
    };
    const end = pod.deletedAt ?? deps.now();
    const gaps = deps.queries.collector
      .markers({ cluster: pod.cluster, kinds: ['Gap'], limit: 10_000 })
      .map((m) => ({ body: m.body as MarkerBody, position: m.position, observedAt: m.observedAt }))
      .filter((m) => (m.body.from ?? m.observedAt) <= end && (m.body.to ?? m.observedAt) >= pod.firstSeenAt)
      .reverse()
      .map((m) => ({
        from: isoOrNull(m.body.from),
        to: isoOrNull(m.body.to),
        reason: m.body.reason ?? null,
        position: m.position,
      }));
    return c.json({
      pod: podIdentity(pod),
      phases: spans('phase'),
      statuses: spans('status'),
      conditions: named('condition/'),
      containers: named('container/'),
      deletion: spans('deletion'),
      restarts: deps.queries.restarts({ uid: pod.uid }).map(restartJson),
      crashLoops: deps.queries.history.episodes(pod.uid).map((e) => ({
        container: e.container,
        startedAt: iso(e.startedAt),
        startedAtSource: 'object' as const,
        endedAt: isoOrNull(e.endedAt),
        endReason: e.endReason,
        restarts: e.restarts,
        lastMessage: e.lastMessage,
      })),
      events: deps.queries.history.events(pod).map((e) => ({
        ...eventOccurrenceJson(e),
        firstAt: isoOrNull(e.firstAt),
        fieldPath: e.involvedField,
        linkedBy: e.linkedBy,
      })),
      gaps,
    });
  });

  app.openapi(objectRoute, (c) => {
    const { uid } = c.req.valid('param');
    const q = c.req.valid('query');
    if (q.at !== undefined && q.position !== undefined)
      throw new InputError('position', 'give either at or position, not both');
    podOrThrow(deps, uid);
    // The stored text as observed: decoded once, never parsed nor re-serialised.
    let position: number | undefined;
    if (q.position !== undefined) position = q.position;
    else {
      const at = resolveTime('at', q.at, deps.now()) ?? Number.MAX_SAFE_INTEGER;
      position = deps.store.reader.positionAt(uid, at);
      if (position === undefined)
        throw new KubetrailError('not-found', `pod ${uid} was not yet observed at ${q.at ?? 'now'}`);
    }
    const entry = deps.store.reader.stored(position);
    if (!entry || entry.uid !== uid)
      throw new KubetrailError('not-found', `position ${q.position}: not a version of pod ${uid}`);
    const json = entry.json;
    return c.body(json, 200, {
      'Content-Type': 'application/json',
      'X-Kubetrail-Position': String(entry.position),
      'X-Kubetrail-Observed-At': iso(entry.observedAt),
      'X-Kubetrail-Entry-Type': entry.type,
    });
  });

  app.openapi(versionsRoute, (c) => {
    const { uid } = c.req.valid('param');
    const pod = podOrThrow(deps, uid);
    const items = deps.store.reader.versions(uid).map((e) => {
      const columns = deps.queries.podsAt({
        at: e.observedAt,
        cluster: pod.cluster,
        namespace: pod.namespace,
        name: pod.name,
      });
      const row = columns.find((r) => r.uid === uid && r.position === e.position);
      return {
        position: e.position,
        observedAt: iso(e.observedAt),
        type: e.type,
        source: e.source,
        resourceVersion: e.resourceVersion,
        inferred: e.inferred,
        phase:
          row?.phase ?? ((e.object as KubeObject).status as { phase?: string } | undefined)?.phase ?? null,
        ready: row?.ready ?? null,
        status: row?.status ?? null,
        restarts: row?.restarts ?? null,
      };
    });
    return c.json({ uid, items });
  });

  app.openapi(diffRoute, (c) => {
    const { uid } = c.req.valid('param');
    const q = c.req.valid('query');
    podOrThrow(deps, uid);
    const versions = deps.store.reader.versions(uid);
    const fromIndex = versions.findIndex((v) => v.position === q.from);
    if (fromIndex < 0)
      throw new KubetrailError('not-found', `from: position ${q.from} is not a version of pod ${uid}`);
    const to = q.to === undefined ? versions[fromIndex + 1] : versions.find((v) => v.position === q.to);
    if (!to) {
      throw new KubetrailError(
        'not-found',
        q.to === undefined
          ? `from: position ${q.from} is the newest version`
          : `to: position ${q.to} is not a version of pod ${uid}`,
      );
    }
    const from = versions[fromIndex]!;
    return c.json({
      uid,
      from: {
        position: from.position,
        observedAt: iso(from.observedAt),
        resourceVersion: from.resourceVersion,
      },
      to: { position: to.position, observedAt: iso(to.observedAt), resourceVersion: to.resourceVersion },
      changes: jsonDiff(from.object, to.object),
    });
  });

  return app;
}
