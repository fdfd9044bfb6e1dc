import { InputError } from './errors.ts';

/** A keyset position: the sort key of the last item served, and its id for ties. */
export type Keyset = { at: number; id: number };

// Opaque to clients: base64url of a small JSON naming what it pages, so a cursor of one list is refused by another.
export function encodeCursor(kind: string, key: Keyset): string {
  return Buffer.from(JSON.stringify({ k: kind, at: key.at, id: key.id })).toString('base64url');
}

export function decodeCursor(kind: string, text: string | undefined, field = 'cursor'): Keyset | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InputError(field, 'not a cursor this server issued');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new InputError(field, 'not a cursor this server issued');
  const { k, at, id } = parsed as Record<string, unknown>;
  if (k !== kind) throw new InputError(field, `not a cursor of this list (${kind})`);
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id))
    throw new InputError(field, 'not a cursor this server issued');
  return { at: at as number, id: id as number };
}

/** One page: the items and the cursor of the next page (null on the last). */
export function page<T extends { id: number }>(
  kind: string,
  rows: T[],
  limit: number,
  keyOf: (row: T) => number,
) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(kind, { at: keyOf(last), id: last.id }) : null;
  return { items, nextCursor };
}
