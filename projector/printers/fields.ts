// Narrowing helpers for reading recorded objects, which are plain JSON of unknown shape.

export type JsonRecord = Record<string, unknown>;

export const rec = (v: unknown): JsonRecord | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonRecord) : undefined;

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A string field; anything else (absent, null, a number) reads as '' like Go's zero value. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** An integer field; absent or non-numeric reads as `fallback` (Go's zero value by default). */
export const int = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : fallback;

/** Follows a path of object keys; undefined as soon as one step is not an object. */
export const at = (v: unknown, ...path: string[]): unknown => {
  let cur: unknown = v;
  for (const key of path) {
    const r = rec(cur);
    if (r === undefined) return undefined;
    cur = r[key];
  }
  return cur;
};
