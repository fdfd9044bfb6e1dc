// A pod label or field selector decided from the read model, before a pod is decoded from the log.
import { type FieldSelector, type LabelSelector, matchesLabels } from '../../sim/index.ts';
import { newestLabelsHoldAt } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import type { InstantObject } from './objectsAtInstant.ts';

type FieldRequirement = FieldSelector[number];

const factOf = { 'spec.nodeName': 'node', 'status.phase': 'phase' } as const;

/**
 * False for a pod that the selectors certainly reject, read from the read model; true otherwise,
 * for the decoded object to decide. A list of the pods on one node, in one phase or of one app then
 * decodes only those: `--field-selector spec.nodeName=…` decoded all 10,000 pods of the bench's
 * 10 M log (1.8 s a page warm).
 * - spec.nodeName and status.phase: from the version's own row (the projection read them from
 *   that version); a row without the value (absent, or not a string) decides nothing.
 * - Labels: the pod's row holds its newest labels and where they began (podLabelsAt); an older
 *   version, or one whose beginning is not known, decides nothing.
 */
export function podSelectorsFromReadModel(
  deps: ApiDeps,
  labels: LabelSelector,
  fields: FieldSelector,
): ((item: Pick<InstantObject, 'position' | 'uid'>) => boolean) | undefined {
  const terms = fields.filter(
    (r): r is FieldRequirement & { field: keyof typeof factOf } => r.field in factOf,
  );
  if (terms.length === 0 && labels.length === 0) return undefined;
  const fieldsPass = (item: Pick<InstantObject, 'position'>): boolean => {
    if (terms.length === 0) return true;
    const facts = deps.queries.podVersionFacts(item.position);
    return (
      !facts ||
      terms.every((r) => {
        const value = facts[factOf[r.field]];
        if (value === null) return true;
        return r.op === 'eq' ? value === r.value : value !== r.value;
      })
    );
  };
  const labelsPass = (item: Pick<InstantObject, 'position' | 'uid'>): boolean => {
    if (labels.length === 0) return true;
    const pod = deps.queries.podNewestLabels(item.uid);
    if (!pod || !newestLabelsHoldAt(item.position, pod)) return true;
    return matchesLabels(labels, JSON.parse(pod.labels) as Record<string, string>);
  };
  return (item) => fieldsPass(item) && labelsPass(item);
}
