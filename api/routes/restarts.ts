// /api/v1/restarts, /api/v1/restarts/top and /api/v1/crashloops: across the cluster, keyset-paginated.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decodeCursor, page } from '../cursor.ts';
import type { ApiDeps } from '../deps.ts';
import { validationHook } from '../errors.ts';
import {
  checkWindow,
  clusterSchema,
  cursorSchema,
  limitSchema,
  namespaceSchema,
  resolveTime,
  timeSchema,
} from '../params.ts';
import { restartJson } from '../serialize.ts';
import { iso, isoOrNull } from '../time.ts';

const windowQuery = {
  cluster: clusterSchema,
  namespace: namespaceSchema,
  ownerUid: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'Only pods owned by this uid (a ReplicaSet, StatefulSet…).' }),
  since: timeSchema('Start of the window (inclusive).').optional(),
  until: timeSchema('End of the window (inclusive).').optional(),
};

const restartsRoute = createRoute({
  method: 'get',
  path: '/restarts',
  summary: 'Every restart in a window, oldest first',
  request: {
    query: z.strictObject({
      ...windowQuery,
      reason: z
        .string()
        .min(1)
        .optional()
        .openapi({ description: 'Termination reason, e.g. OOMKilled, Error.' }),
      cursor: cursorSchema.optional(),
      limit: limitSchema,
    }),
  },
  responses: {
    200: {
      description:
        '`{items: [...], nextCursor}`; `inferred` restarts are known only from a jump in restartCount.',
    },
  },
});

const topRoute = createRoute({
  method: 'get',
  path: '/restarts/top',
  summary: 'The pods that restarted most in a window',
  request: {
    query: z.strictObject({ ...windowQuery, reason: z.string().min(1).optional(), limit: limitSchema }),
  },
  responses: {
    200: {
      description: '`{items: [{cluster, namespace, pod, uid, owner, restarts, inferred, firstAt, lastAt}]}`',
    },
  },
});

const crashLoopsRoute = createRoute({
  method: 'get',
  path: '/crashloops',
  summary: 'CrashLoopBackOff episodes that overlap a window, oldest first',
  request: {
    query: z.strictObject({
      ...windowQuery,
      container: z.string().min(1).optional(),
      cursor: cursorSchema.optional(),
      limit: limitSchema,
    }),
  },
  responses: { 200: { description: '`{items: [...], nextCursor}`' } },
});

export function restartRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const window = (q: { since?: string | undefined; until?: string | undefined }) => {
    const now = deps.now();
    const since = resolveTime('since', q.since, now);
    const until = resolveTime('until', q.until, now);
    checkWindow(since, until);
    return { since, until };
  };

  app.openapi(restartsRoute, (c) => {
    const q = c.req.valid('query');
    const after = decodeCursor('restarts', q.cursor);
    const rows = deps.queries.restarts({
      cluster: q.cluster,
      namespace: q.namespace,
      ownerUid: q.ownerUid,
      reason: q.reason,
      ...window(q),
      after,
      limit: q.limit + 1,
    });
    const { items, nextCursor } = page('restarts', rows, q.limit, (r) => r.at);
    return c.json({
      items: items.map(restartJson),
      nextCursor,
    });
  });

  app.openapi(topRoute, (c) => {
    const q = c.req.valid('query');
    const rows = deps.queries.topRestarters({
      cluster: q.cluster,
      namespace: q.namespace,
      ownerUid: q.ownerUid,
      reason: q.reason,
      ...window(q),
      limit: q.limit,
    });
    return c.json({
      items: rows.map((r) => ({
        cluster: r.cluster,
        namespace: r.namespace,
        pod: r.pod,
        uid: r.uid,
        owner: r.ownerKind ? { kind: r.ownerKind, name: r.ownerName } : null,
        restarts: r.restarts,
        inferred: r.inferred,
        firstAt: iso(r.firstAt),
        lastAt: iso(r.lastAt),
      })),
    });
  });

  app.openapi(crashLoopsRoute, (c) => {
    const q = c.req.valid('query');
    const after = decodeCursor('crashloops', q.cursor);
    const rows = deps.queries.crashLoops({
      cluster: q.cluster,
      namespace: q.namespace,
      ownerUid: q.ownerUid,
      container: q.container,
      ...window(q),
      after,
      limit: q.limit + 1,
    });
    const { items, nextCursor } = page('crashloops', rows, q.limit, (r) => r.startedAt);
    return c.json({
      items: items.map((e) => ({
        cluster: e.cluster,
        namespace: e.namespace,
        pod: e.pod,
        uid: e.uid,
        container: e.container,
        startedAt: iso(e.startedAt),
        endedAt: isoOrNull(e.endedAt),
        endReason: e.endReason,
        restarts: e.restarts,
        lastMessage: e.lastMessage,
      })),
      nextCursor,
    });
  });
  return app;
}
