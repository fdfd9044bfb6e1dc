// Which stored rows a field selector can narrow a list to before any object is decoded.
import type { FieldSelector, ResourceInfo } from '../../sim/index.ts';

/** Candidates for a selector to decide on: a superset of what it accepts, read by index. */
export type Narrowing = {
  /** Only objects of this name (`metadata.name=x`: `kubectl get pod x -w`). */
  name?: string;
  /**
   * Only Events about an object of this name (`involvedObject.name=x`, `regarding.name=x`:
   * `kubectl describe`), and those whose row cannot tell (store/queries/objectsAt.ts).
   */
  involvedName?: string;
};

const involvedNameFields = new Set(['involvedObject.name', 'regarding.name']);

/**
 * The narrowing a field selector allows: an equality on the name, or on an Event's involved
 * object's name. An empty value selects objects without one, which no index of names holds.
 */
export function narrowingOf(info: ResourceInfo, fields: FieldSelector): Narrowing {
  const narrowing: Narrowing = {};
  for (const { field, op, value } of fields) {
    if (op !== 'eq' || value === '') continue;
    if (field === 'metadata.name') narrowing.name = value;
    else if (info.storage === 'events' && involvedNameFields.has(field)) narrowing.involvedName = value;
  }
  return narrowing;
}
