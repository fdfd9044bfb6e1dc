// Shared zod schemas of query parameters, and their conversions that need the clock.
import { z } from '@hono/zod-openapi';
import { parseTime } from '../cli/index.ts';
import { InputError } from './errors.ts';

/** The largest page any list endpoint returns; larger limits are refused (400), not clamped. */
export const maxLimit = 1000;
export const defaultLimit = 100;

// Year 1970 to 9999: outside that a time is a typo, not an instant kubetrail could have recorded.
const latest = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const parses = (value: string) => {
  try {
    parseTime(value, Date.UTC(2000, 0, 1));
    return true;
  } catch {
    return false;
  }
};

export const timeSchema = (description: string) =>
  z
    .string()
    .refine(parses, {
      message: 'cannot parse: use RFC3339 (2026-01-02T03:12:00Z) or relative (now, -15m, 2h ago)',
    })
    .openapi({
      description: `${description} RFC3339 or relative (now, -15m, 2h ago).`,
      example: '2026-01-02T03:12:00Z',
    });

/** A parsed TIME, checked to be a plausible instant. */
export function resolveTime(field: string, value: string, now: number): number;
export function resolveTime(field: string, value: string | undefined, now: number): number | undefined;
export function resolveTime(field: string, value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  try {
    ms = parseTime(value, now, field);
  } catch (error) {
    throw new InputError(field, (error as Error).message.replace(`${field}: `, ''));
  }
  if (ms < 0 || ms > latest)
    throw new InputError(field, `${JSON.stringify(value)} is out of range (1970 to 9999)`);
  return ms;
}

/** since <= until, when both are given. */
export function checkWindow(since: number | undefined, until: number | undefined, untilField = 'until') {
  if (since !== undefined && until !== undefined && since > until) {
    throw new InputError(untilField, 'must not be before the start of the window');
  }
}

export const limitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(maxLimit)
  .default(defaultLimit)
  .openapi({
    description: `Page size, 1 to ${maxLimit} (default ${defaultLimit}); larger values are refused with 400.`,
  });

export const cursorSchema = z
  .string()
  .min(1)
  .openapi({ description: 'Opaque cursor from the previous page (nextCursor).' });

export const clusterSchema = z.string().min(1).optional().openapi({ description: 'Cluster name.' });
export const namespaceSchema = z.string().min(1).optional().openapi({ description: 'Namespace.' });

export const uidParams = z.strictObject({
  uid: z
    .string()
    .min(1)
    .openapi({ param: { name: 'uid', in: 'path' }, description: 'Pod uid.' }),
});
