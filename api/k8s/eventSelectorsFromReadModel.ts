// An Event field selector on the involved object's name decided from the Event's row, before the
// Event is decoded from the log.
import type { ApiDeps } from '../deps.ts';
import type { InstantObject } from './objectsAtInstant.ts';
import type { Narrowing } from './selectorNarrowing.ts';

/**
 * False for an Event that certainly is about another object than `narrowing.involvedName` (its row
 * names another, and every version named the row's: `involved_changed` 0); true otherwise, for the
 * decoded Event to decide. A watch replaying the Events recorded after an instant then decodes only
 * those about the object (a list reads only those already, store/queries/objectsAt.ts).
 */
export function eventSelectorsFromReadModel(
  deps: ApiDeps,
  narrowing: Narrowing,
): ((item: Pick<InstantObject, 'uid'>) => boolean) | undefined {
  const name = narrowing.involvedName;
  if (name === undefined) return undefined;
  return (item) => {
    const row = deps.queries.eventInvolved(item.uid);
    return row?.changed !== 0 || row.name === name;
  };
}
