// /api/v1/replay: Server-Sent Events replaying the log between two instants at a chosen speed,
// then following live changes when no end is given. Resumable: Last-Event-ID is a log position.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { podColumns } from '../../projector/index.ts';
import type { KubeObject, LogEntry } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { InputError, validationHook } from '../errors.ts';
import { checkWindow, clusterSchema, namespaceSchema, resolveTime, timeSchema } from '../params.ts';
import { iso } from '../time.ts';

const speedSchema = z
  .string()
  .regex(/^(max|\d+(\.\d+)?x?)$/, 'use max, or a factor such as 1x or 10x')
  .refine(
    (v) => v === 'max' || (Number.parseFloat(v) > 0 && Number.parseFloat(v) <= 10_000),
    'the factor must be above 0 and at most 10000',
  )
  .default('1x')
  .openapi({
    description: 'Replay speed: 1x (as it happened), 10x, any factor, or max (no waiting).',
    example: '10x',
  });

const replayRoute = createRoute({
  method: 'get',
  path: '/replay',
  summary: 'Replay the log as Server-Sent Events (id = log position; resume with Last-Event-ID)',
  request: {
    query: z.strictObject({
      from: timeSchema('First instant replayed (inclusive; default: the start of the log).').optional(),
      to: timeSchema(
        'Last instant replayed (inclusive); without it the stream follows live changes.',
      ).optional(),
      speed: speedSchema,
      cluster: clusterSchema,
      namespace: namespaceSchema,
      resource: z
        .string()
        .min(1)
        .optional()
        .openapi({ description: 'Canonical resource(s), comma separated: pods, events, replicasets.apps…' }),
      detail: z
        .enum(['summary', 'object'])
        .default('summary')
        .openapi({ description: 'Send each object whole, or a summary.' }),
      lastEventId: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .openapi({ description: 'Resume after this position (same as the Last-Event-ID header).' }),
    }),
    headers: z.object({ 'last-event-id': z.string().regex(/^\d+$/, 'must be a log position').optional() }),
  },
  responses: {
    200: {
      description:
        'text/event-stream; each event: id = position, event = entry, data = the entry as JSON. An `end` event closes a bounded replay.',
    },
  },
});

/** What a replayed entry says, in brief: kubectl's columns for pods, the reason for Events. */
function summaryOf(entry: LogEntry): Record<string, unknown> {
  if (entry.type === 'MARKER') return { ...entry.object };
  const object = entry.object as KubeObject;
  if (entry.resource === 'pods') {
    const columns = podColumns(object, entry.observedAt);
    return {
      phase: (object.status as { phase?: string } | undefined)?.phase ?? null,
      ready: columns.ready,
      status: columns.status,
      restarts: columns.restarts,
      node: columns.node,
    };
  }
  if (entry.resource === 'events' || entry.resource === 'events.events.k8s.io') {
    return {
      reason: object.reason ?? null,
      type: object.type ?? null,
      message: object.message ?? object.note ?? null,
    };
  }
  return { kind: entry.kind };
}

export function replayData(entry: LogEntry, detail: 'summary' | 'object') {
  const base = {
    position: entry.position,
    cluster: entry.cluster,
    resource: entry.resource,
    kind: entry.kind,
    type: entry.type,
    uid: entry.uid,
    namespace: entry.namespace,
    name: entry.name,
    resourceVersion: entry.resourceVersion,
    observedAt: iso(entry.observedAt),
    source: entry.source,
    inferred: entry.inferred,
  };
  return detail === 'object' ? { ...base, object: entry.object } : { ...base, summary: summaryOf(entry) };
}

export function replayRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(replayRoute, (c) => {
    const q = c.req.valid('query');
    const header = c.req.valid('header')['last-event-id'];
    const now = deps.now();
    const from = resolveTime('from', q.from, now);
    const to = resolveTime('to', q.to, now);
    checkWindow(from, to, 'to');
    const factor = q.speed === 'max' ? null : Number.parseFloat(q.speed);
    if (header !== undefined && q.lastEventId !== undefined && Number(header) !== q.lastEventId) {
      throw new InputError('lastEventId', 'differs from the Last-Event-ID header');
    }
    const resources = q.resource
      ?.split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const resumeAfter = header !== undefined ? Number(header) : q.lastEventId;
    // A replay from an instant starts at the first entry observed then (through the log's time ranges).
    let afterPosition =
      resumeAfter ?? (from === undefined ? 0 : deps.queries.logRange.startAfter(q.cluster, from - 1));
    let lastSent = resumeAfter ?? 0;

    return streamSSE(c, async (stream) => {
      let aborted = false;
      stream.onAbort(() => {
        aborted = true;
      });
      let previousAt: number | undefined;
      const pageSize = 500;
      while (!aborted && !deps.lifecycle.shuttingDown) {
        const { rows, next } = deps.queries.logRange.page({
          cluster: q.cluster,
          resources,
          namespace: q.namespace,
          afterTime: from === undefined ? undefined : from - 1,
          untilTime: to,
          afterPosition,
          limit: pageSize,
        });
        afterPosition = next;
        for (const row of rows) {
          if (aborted) return;
          const entry = deps.store.reader.entry(row.position);
          if (!entry) continue;
          // Paced on observed time; entries observed out of order (imports) are sent without waiting.
          if (factor !== null && previousAt !== undefined && entry.observedAt > previousAt) {
            await deps.sleep((entry.observedAt - previousAt) / factor);
          }
          previousAt = Math.max(previousAt ?? entry.observedAt, entry.observedAt);
          await stream.writeSSE({
            id: String(entry.position),
            event: 'entry',
            data: JSON.stringify(replayData(entry, q.detail)),
          });
          lastSent = entry.position;
        }
        if (rows.length === pageSize) continue;
        // Caught up: a bounded replay whose end has passed is over; otherwise wait for new entries.
        if (to !== undefined && to <= deps.now()) {
          await stream.writeSSE({ event: 'end', data: JSON.stringify({ lastPosition: lastSent }) });
          return;
        }
        await deps.sleep(deps.pollMs);
      }
    });
  });
  return app;
}
