// List pagination of the facade: the continue token names the instant and the last key listed.
import type { ListKey } from '../../store/index.ts';

type Token = { v: 'kubetrail/v2'; at: number; after: ListKey };

export const encodeContinue = (at: number, after: ListKey): string =>
  Buffer.from(JSON.stringify({ v: 'kubetrail/v2', at, after } satisfies Token)).toString('base64url');

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
    const { v, at, after } = parsed as Record<string, unknown>;
    if (v !== 'kubetrail/v2' || typeof at !== 'number' || !isListKey(after)) return undefined;
    return { v, at, after: { namespace: after.namespace, name: after.name, uid: after.uid } };
  } catch {
    return undefined;
  }
}
