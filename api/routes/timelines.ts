// /api/v1/timelines: the viewer's swimlanes, many pods over a window in one compact read.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { LaneKey, TimelineLane } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { InputError, validationHook } from '../errors.ts';
import {
  checkWindow,
  clusterSchema,
  cursorSchema,
  namespaceSchema,
  resolveTime,
  timeSchema,
} from '../params.ts';
import { iso } from '../time.ts';

/** Lanes per page: the viewer's 2,000-pod view in one request. */
export const maxLanes = 2000;
const defaultWindowMs = 60 * 60 * 1000;

const timelinesRoute = createRoute({
  method: 'get',
  path: '/timelines',
  summary: 'Swimlanes: STATUS spans, restarts and CrashLoopBackOff episodes of the pods alive in a window',
  description: [
    'Pods that existed at some time in [from, to], in (cluster, namespace, name) order, keyset-paginated.',
    'Inside `items`, times are epoch milliseconds and lists are compact tuples:',
    '`spans: [[from, to, status]]` (the STATUS column, clipped to the window and to the deletion; end exclusive),',
    '`restarts: [[at, container, exitCode, reason, signal, inferred]]`,',
    '`crashLoops: [[startedAt, endedAt|null, container, restarts]]` (episodes that overlap the window).',
    '`gaps` lists the intervals where the recorder was blind (no data), for every cluster in view.',
  ].join(' '),
  request: {
    query: z.strictObject({
      from: timeSchema('Start of the window (default: one hour before `to`).').optional(),
      to: timeSchema('End of the window (default now).').optional(),
      cluster: clusterSchema,
      namespace: namespaceSchema,
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(maxLanes)
        .default(maxLanes)
        .openapi({ description: `Pods per page, 1 to ${maxLanes} (default ${maxLanes}).` }),
      cursor: cursorSchema.optional(),
    }),
  },
  responses: {
    200: {
      description:
        '`{from, to, items: [{uid, cluster, namespace, name, node, createdAt, firstSeenAt, deletedAt, spans, restarts, crashLoops}], gaps: [{cluster, from, to, reason}], nextCursor}`',
    },
    400: { description: 'A bad parameter, named in `error.field`.' },
  },
});

// Opaque to clients, like the other cursors, but keyed by the lane's sort key (strings and all).
const encodeLaneCursor = (key: LaneKey) =>
  Buffer.from(
    JSON.stringify({
      k: 'timelines',
      c: key.cluster,
      n: key.namespace,
      p: key.name,
      f: key.firstSeenAt,
      u: key.uid,
    }),
  ).toString('base64url');

function decodeLaneCursor(text: string | undefined): LaneKey | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor', 'not a cursor this server issued');
  }
  const { k, c, n, p, f, u } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (k !== 'timelines') throw new InputError('cursor', 'not a cursor of this list (timelines)');
  if (
    typeof c !== 'string' ||
    typeof n !== 'string' ||
    typeof p !== 'string' ||
    typeof u !== 'string' ||
    !Number.isSafeInteger(f)
  )
    throw new InputError('cursor', 'not a cursor this server issued');
  return { cluster: c, namespace: n, name: p, firstSeenAt: f as number, uid: u };
}

const compactLane = (lane: TimelineLane) => ({
  uid: lane.uid,
  cluster: lane.cluster,
  namespace: lane.namespace,
  name: lane.name,
  node: lane.node,
  createdAt: lane.createdAt,
  firstSeenAt: lane.firstSeenAt,
  deletedAt: lane.deletedAt,
  spans: lane.spans.map((s) => [s.from, s.to, s.status] as const),
  restarts: lane.restarts.map(
    (r) => [r.at, r.container, r.exitCode, r.reason, r.signal, r.inferred] as const,
  ),
  crashLoops: lane.crashLoops.map((e) => [e.startedAt, e.endedAt, e.container, e.restarts] as const),
});

export function timelineRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(timelinesRoute, (c) => {
    const q = c.req.valid('query');
    const now = deps.now();
    const to = resolveTime('to', q.to, now) ?? now;
    const from = resolveTime('from', q.from, now) ?? to - defaultWindowMs;
    checkWindow(from, to, 'to');
    const after = decodeLaneCursor(q.cursor);
    const lanes = deps.queries.timelinesInRange.lanes({
      from,
      to,
      cluster: q.cluster,
      namespace: q.namespace,
      after,
      limit: q.limit + 1,
    });
    const items = lanes.slice(0, q.limit);
    const last = items[items.length - 1];
    return c.json({
      from: iso(from),
      to: iso(to),
      items: items.map(compactLane),
      gaps: deps.queries.timelinesInRange
        .gaps({ from, to, cluster: q.cluster })
        .map((g) => ({ cluster: g.cluster, from: g.from, to: g.to, reason: g.reason })),
      nextCursor: lanes.length > q.limit && last ? encodeLaneCursor(last) : null,
    });
  });

  return app;
}
