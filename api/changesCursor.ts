// The cursor of /api/v1/changes: the window its first page resolved (so that `to=now` or a
// relative `from` does not move between pages) and where each of the three lists stopped, null
// for a list already served whole. Opaque to clients, like the other lists' cursors.
import type { ObjectChangeKey, StatusChangeKey } from '../store/index.ts';
import { InputError } from './errors.ts';

export type ChangesCursor = {
  from: number;
  to: number;
  created: ObjectChangeKey | null;
  deleted: ObjectChangeKey | null;
  statusChanges: StatusChangeKey | null;
};

const kind = 'changes';

export const encodeChangesCursor = (cursor: ChangesCursor): string =>
  Buffer.from(JSON.stringify({ k: kind, ...cursor })).toString('base64url');

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);
const isString = (value: unknown): value is string => typeof value === 'string';

const objectKey = (value: unknown): ObjectChangeKey | null | undefined => {
  if (value === null) return null;
  const key = value as Partial<Record<keyof ObjectChangeKey, unknown>> | undefined;
  if (!key || !isInteger(key.at) || !isString(key.namespace) || !isString(key.name) || !isString(key.uid))
    return undefined;
  return { at: key.at, namespace: key.namespace, name: key.name, uid: key.uid };
};

const statusKey = (value: unknown): StatusChangeKey | null | undefined => {
  if (value === null) return null;
  const key = value as Partial<Record<keyof StatusChangeKey, unknown>> | undefined;
  if (!key || !isInteger(key.at) || !isInteger(key.position)) return undefined;
  return { at: key.at, position: key.position };
};

export function decodeChangesCursor(text: string, field = 'cursor'): ChangesCursor {
  const refused = new InputError(field, 'not a cursor this server issued');
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw refused;
  }
  if (typeof parsed !== 'object' || parsed === null) throw refused;
  if (parsed.k !== kind) throw new InputError(field, `not a cursor of this list (${kind})`);
  const created = objectKey(parsed.created);
  const deleted = objectKey(parsed.deleted);
  const statusChanges = statusKey(parsed.statusChanges);
  if (!isInteger(parsed.from) || !isInteger(parsed.to)) throw refused;
  if (created === undefined || deleted === undefined || statusChanges === undefined) throw refused;
  return { from: parsed.from, to: parsed.to, created, deleted, statusChanges };
}
