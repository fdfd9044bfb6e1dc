// List pagination of the facade: the continue token names the instant and the next key.

type Token = { v: 'kubetrail/v1'; at: number; start: string };

export const keyOf = (namespace: string | undefined, name: string | undefined) =>
  `${namespace ?? ''}/${name ?? ''}`;

export const encodeContinue = (at: number, lastKey: string): string =>
  Buffer.from(JSON.stringify({ v: 'kubetrail/v1', at, start: `${lastKey}\u0000` } satisfies Token)).toString(
    'base64url',
  );

export function decodeContinue(token: string): Token | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { v, at, start } = parsed as Record<string, unknown>;
    if (v !== 'kubetrail/v1' || typeof at !== 'number' || typeof start !== 'string') return undefined;
    return { v, at, start };
  } catch {
    return undefined;
  }
}
