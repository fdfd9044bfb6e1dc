// /api/v1/events: Event occurrences, including Events the API server has already expired.
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
import { eventOccurrenceJson } from '../serialize.ts';

const eventsRoute = createRoute({
  method: 'get',
  path: '/events',
  summary: 'Event occurrences in a window, oldest first (a count going 3 -> 5 is one item of 2 occurrences)',
  request: {
    query: z.strictObject({
      cluster: clusterSchema,
      namespace: namespaceSchema,
      podUid: z.string().min(1).optional().openapi({ description: 'Events about this pod.' }),
      involvedKind: z.string().min(1).optional(),
      involvedName: z.string().min(1).optional(),
      reason: z.string().min(1).optional().openapi({ example: 'BackOff' }),
      type: z.string().min(1).optional().openapi({ example: 'Warning' }),
      since: timeSchema('Start of the window (inclusive).').optional(),
      until: timeSchema('End of the window (inclusive).').optional(),
      cursor: cursorSchema.optional(),
      limit: limitSchema,
    }),
  },
  responses: {
    200: {
      description: '`{items: [...], nextCursor}`; `expired` is true once the API server deleted the Event.',
    },
  },
});

export function eventRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(eventsRoute, (c) => {
    const q = c.req.valid('query');
    const now = deps.now();
    const since = resolveTime('since', q.since, now);
    const until = resolveTime('until', q.until, now);
    checkWindow(since, until);
    const rows = deps.queries.events({
      cluster: q.cluster,
      namespace: q.namespace,
      podUid: q.podUid,
      involvedKind: q.involvedKind,
      involvedName: q.involvedName,
      reason: q.reason,
      type: q.type,
      since,
      until,
      after: decodeCursor('events', q.cursor),
      limit: q.limit + 1,
    });
    const { items, nextCursor } = page('events', rows, q.limit, (r) => r.at);
    return c.json({
      items: items.map((e) => ({
        ...eventOccurrenceJson(e),
        cluster: e.cluster,
        namespace: e.namespace,
        name: e.name,
        podUid: e.podUid,
        involvedObject: { kind: e.involvedKind, name: e.involvedName, fieldPath: e.involvedField },
        expired: e.expired,
      })),
      nextCursor,
    });
  });
  return app;
}
