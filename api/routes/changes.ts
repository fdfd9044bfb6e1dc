// /api/v1/changes: what changed between two instants (in a namespace).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.ts';
import { validationHook } from '../errors.ts';
import { checkWindow, clusterSchema, namespaceSchema, resolveTime, timeSchema } from '../params.ts';
import { iso } from '../time.ts';

const changesRoute = createRoute({
  method: 'get',
  path: '/changes',
  summary: 'Objects created and deleted, and pod STATUS changes, in (from, to]',
  request: {
    query: z.strictObject({
      from: timeSchema('Start (exclusive).'),
      to: timeSchema('End (inclusive, default now).').optional(),
      cluster: clusterSchema,
      namespace: namespaceSchema,
    }),
  },
  responses: { 200: { description: '`{from, to, created, deleted, statusChanges}`' } },
});

export function changeRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(changesRoute, (c) => {
    const q = c.req.valid('query');
    const now = deps.now();
    const from = resolveTime('from', q.from, now);
    const to = resolveTime('to', q.to, now) ?? now;
    checkWindow(from, to, 'to');
    const changes = deps.queries.changes({ from, to, cluster: q.cluster, namespace: q.namespace });
    const object = (o: (typeof changes.created)[number]) => ({ ...o, at: iso(o.at) });
    return c.json({
      from: iso(from),
      to: iso(to),
      namespace: q.namespace ?? null,
      created: changes.created.map(object),
      deleted: changes.deleted.map(object),
      statusChanges: changes.statusChanges.map((s) => ({ ...s, at: iso(s.at) })),
    });
  });
  return app;
}
