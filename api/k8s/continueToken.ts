// List pagination of the facade: the continue token names the instant and the last key listed,
// and how many items follow it (so that the next page need not count them again).
import type { ListKey } from '../../store/index.ts';

type Token = { v: 'kubetrail/v2'; at: number; after: ListKey; remaining?: number };

export const encodeContinue = (at: number, after: ListKey, remaining?: number): string =>
  Buffer.from(JSON.stringify({ v: 'kubetrail/v2', at, after, remaining } satisfies Token)).toString(
    'base64url',
  );

const isListKey = (value: unknown): value is ListKey => {
  if (typeof value !== 'object' || value === null) return false;
  const { namespace, name, uid } = value as Record<string, unknown>;
  return typeof namespace === 'string' && typeof name === 'string' && typeof uid === 'string';
};

/** The token's instant and key, or undefined for anything this server did not write. */
export function decodeContinue(token: string): Token | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { v, at, after, remaining } = parsed as Record<string, unknown>;
    if (v !== 'kubetrail/v2' || typeof at !== 'number' || !isListKey(after)) return undefined;
    const key = { namespace: after.namespace, name: after.name, uid: after.uid };
    // A count that is not a whole number is ignored: the next page counts for itself.
    return Number.isSafeInteger(remaining) && (remaining as number) >= 0
      ? { v, at, after: key, remaining: remaining as number }
      : { v, at, after: key };
  } catch {
    return undefined;
  }
}
