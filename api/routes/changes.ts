// /api/v1/changes: what changed between two instants (in a namespace), whole or in pages.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isRelativeTime } from '../../cli/index.ts';
import {
  type ChangedObject,
  type ChangesFilter,
  objectChangeKeyOf,
  type StatusChange,
  statusChangeKeyOf,
} from '../../store/index.ts';
import { type ChangesCursor, decodeChangesCursor, encodeChangesCursor } from '../changesCursor.ts';
import type { ApiDeps } from '../deps.ts';
import { InputError, validationHook } from '../errors.ts';
import { keysetChunks } from '../keysetChunks.ts';
import {
  checkWindow,
  clusterSchema,
  cursorSchema,
  maxLimit,
  namespaceSchema,
  resolveTime,
  timeSchema,
} from '../params.ts';
import { streamJson } from '../streamJson.ts';
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
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(maxLimit)
        .optional()
        .openapi({
          description: `Page size of each list, 1 to ${maxLimit}; without it the whole window in one response.`,
        }),
      cursor: cursorSchema.optional(),
    }),
  },
  responses: {
    200: {
      description:
        '`{from, to, namespace, created, deleted, statusChanges, nextCursor}`; with `limit`, each list holds at most that many items and `nextCursor` (null on the last page) continues all three.',
    },
  },
});

/** A page of one list: at most `limit` rows of the `limit + 1` read, and the key to go on from. */
function cut<T, K>(
  rows: T[],
  limit: number | undefined,
  keyOf: (row: T) => K,
): { items: T[]; next: K | null } {
  if (limit === undefined || rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: keyOf(items[items.length - 1] as T) };
}

/** A later page's window is its first page's: an absolute `from` or `to` that differs is refused. */
function checkSameWindow(
  field: 'from' | 'to',
  text: string | undefined,
  value: number | undefined,
  kept: number,
) {
  if (text !== undefined && value !== kept && !isRelativeTime(text))
    throw new InputError(field, `differs from the window of the cursor's first page (${iso(kept)})`);
}

export function changeRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(changesRoute, (c) => {
    const q = c.req.valid('query');
    const now = deps.now();
    const asked = { from: resolveTime('from', q.from, now), to: resolveTime('to', q.to, now) };
    let from = asked.from;
    let to = asked.to ?? now;
    let cursor: ChangesCursor | undefined;
    if (q.cursor !== undefined) {
      if (q.limit === undefined) throw new InputError('limit', 'is required with a cursor');
      cursor = decodeChangesCursor(q.cursor);
      checkSameWindow('from', q.from, asked.from, cursor.from);
      checkSameWindow('to', q.to, asked.to, cursor.to);
      ({ from, to } = cursor);
    }
    checkWindow(from, to, 'to');
    const filter: ChangesFilter = {
      from,
      to,
      cluster: q.cluster,
      namespace: q.namespace,
      limit: q.limit === undefined ? undefined : q.limit + 1,
    };
    const changes = deps.queries.changes;
    const object = (o: ChangedObject) => ({ ...o, at: iso(o.at) });
    const statusChange = (s: StatusChange) => ({ ...s, at: iso(s.at) });
    const envelope = { from: iso(from), to: iso(to), namespace: q.namespace ?? null };
    if (q.limit === undefined) {
      // The whole window, streamed a page of each list at a time: a long window over every
      // namespace holds millions of STATUS changes (nine days of the bench's 10 M log exhausted a
      // 256 MB heap built whole).
      const all = <T, K>(read: (f: ChangesFilter, after: K | undefined) => T[], keyOf: (row: T) => K) =>
        keysetChunks((after: K | undefined, limit) => read({ ...filter, limit }, after), keyOf, maxLimit);
      const mapped = function* <T>(chunks: Iterable<T[]>, map: (row: T) => unknown) {
        for (const chunk of chunks) yield chunk.map(map);
      };
      return streamJson(
        c,
        { ...envelope, created: [], deleted: [], statusChanges: [], nextCursor: null },
        {
          created: mapped(all(changes.created, objectChangeKeyOf), object),
          deleted: mapped(all(changes.deleted, objectChangeKeyOf), object),
          statusChanges: mapped(all(changes.statusChanges, statusChangeKeyOf), statusChange),
        },
      );
    }
    // A list its cursor marks as served whole reads nothing more.
    const created = cut(
      cursor && !cursor.created ? [] : changes.created(filter, cursor?.created ?? undefined),
      q.limit,
      objectChangeKeyOf,
    );
    const deleted = cut(
      cursor && !cursor.deleted ? [] : changes.deleted(filter, cursor?.deleted ?? undefined),
      q.limit,
      objectChangeKeyOf,
    );
    const statusChanges = cut(
      cursor && !cursor.statusChanges
        ? []
        : changes.statusChanges(filter, cursor?.statusChanges ?? undefined),
      q.limit,
      statusChangeKeyOf,
    );
    const more = created.next || deleted.next || statusChanges.next;
    return c.json({
      ...envelope,
      created: created.items.map(object),
      deleted: deleted.items.map(object),
      statusChanges: statusChanges.items.map(statusChange),
      nextCursor: more
        ? encodeChangesCursor({
            from,
            to,
            created: created.next,
            deleted: deleted.next,
            statusChanges: statusChanges.next,
          })
        : null,
    });
  });
  return app;
}
