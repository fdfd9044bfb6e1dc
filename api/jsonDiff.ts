// The difference between two JSON values as JSON Patch-like operations on JSON Pointer paths.

export type DiffOp =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string; oldValue: unknown }
  | { op: 'replace'; path: string; oldValue: unknown; value: unknown };

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Changed paths from `before` to `after`, depth first in key order. Arrays are compared item by
 * item (a status list rarely reorders); an item added or removed at the end is one operation.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): DiffOp[] {
  if (isObject(before) && isObject(after)) {
    const ops: DiffOp[] = [];
    for (const key of Object.keys(before)) {
      const child = `${path}/${escapeKey(key)}`;
      if (!(key in after)) ops.push({ op: 'remove', path: child, oldValue: before[key] });
      else ops.push(...jsonDiff(before[key], after[key], child));
    }
    for (const key of Object.keys(after)) {
      if (!(key in before)) ops.push({ op: 'add', path: `${path}/${escapeKey(key)}`, value: after[key] });
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const ops: DiffOp[] = [];
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) ops.push(...jsonDiff(before[i], after[i], `${path}/${i}`));
    // Removals from the end backwards, so each path is valid when applied in order.
    for (let i = before.length - 1; i >= common; i--)
      ops.push({ op: 'remove', path: `${path}/${i}`, oldValue: before[i] });
    for (let i = common; i < after.length; i++)
      ops.push({ op: 'add', path: `${path}/${i}`, value: after[i] });
    return ops;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ op: 'replace', path, oldValue: before, value: after }];
}
