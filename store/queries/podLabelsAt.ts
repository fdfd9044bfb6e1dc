import type { LogReader } from '../readLog.ts';
import type { KubeObject } from '../types.ts';
import type { PodAtRow } from './podsAt.ts';

/**
 * A pod's labels at the row's instant, for a label selector over the past. The read model keeps
 * those of the pod's newest version and where they were first observed: a version from there on
 * (or the newest itself) carries them. An earlier one, or one of a pod projected before that was
 * kept, is read from the log. A pod relabeled after the instant (out of a Service, to take it out
 * of rotation) is so selected as it was labeled then, as kubectl showed it.
 */
export const podLabelsAt = (reader: Pick<LogReader, 'entry'>, row: PodAtRow): Record<string, string> => {
  if (newestLabelsHoldAt(row.position, row)) return row.newestLabels;
  const object = reader.entry(row.position)?.object as KubeObject | undefined;
  return object?.metadata?.labels ?? {};
};

/** Whether the version at `position` carries the pod's newest labels, as far as the row tells. */
export const newestLabelsHoldAt = (
  position: number,
  pod: { lastPosition: number; labelsSincePosition: number | null },
): boolean =>
  position === pod.lastPosition || (pod.labelsSincePosition !== null && position >= pod.labelsSincePosition);
