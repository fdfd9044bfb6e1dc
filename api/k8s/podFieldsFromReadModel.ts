// A pod field selector decided from the read model, before a pod is decoded from the log.
import type { FieldSelector } from '../../sim/index.ts';
import type { ApiDeps } from '../deps.ts';
import type { InstantObject } from './objectsAtInstant.ts';

type FieldRequirement = FieldSelector[number];

const factOf = { 'spec.nodeName': 'node', 'status.phase': 'phase' } as const;

/**
 * False for a pod that a term on spec.nodeName or status.phase certainly rejects, read from its
 * version's row (which the projection took from that very version); true otherwise, for the
 * decoded object to decide. A list of every pod on one node, or in one phase, then decodes only
 * those: `--field-selector spec.nodeName=…` decoded all 10,000 pods of the bench's 10 M log (1.8 s
 * a page warm). A row without the value (absent, or not a string) decides nothing.
 */
export function podFieldsFromReadModel(
  deps: ApiDeps,
  selector: FieldSelector,
): ((item: InstantObject) => boolean) | undefined {
  const terms = selector.filter(
    (r): r is FieldRequirement & { field: keyof typeof factOf } => r.field in factOf,
  );
  if (terms.length === 0) return undefined;
  return (item) => {
    const facts = deps.queries.podVersionFacts(item.position);
    if (!facts) return true;
    return terms.every((r) => {
      const value = facts[factOf[r.field]];
      if (value === null) return true;
      return r.op === 'eq' ? value === r.value : value !== r.value;
    });
  };
}
