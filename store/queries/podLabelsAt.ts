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
  const since = row.labelsSincePosition;
  if (row.position === row.lastPosition || (since !== null && row.position >= since)) return row.newestLabels;
  const object = reader.entry(row.position)?.object as KubeObject | undefined;
  return object?.metadata?.labels ?? {};
};
