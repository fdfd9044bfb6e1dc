// core/v1 Event <-> events.k8s.io/v1 Event, the way the API server converts between the two
// views of one stored Event: renamed fields map one to one, everything else is shared.
import type { KubeObject } from '../store/types.ts';

/** [core/v1 field, events.k8s.io/v1 field] for fields whose names differ. */
const renamed: readonly (readonly [string, string])[] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
];

const rename = (object: KubeObject, from: 0 | 1, apiVersion: string): KubeObject => {
  const to = from === 0 ? 1 : 0;
  const out: KubeObject = { apiVersion, kind: 'Event' };
  for (const [key, value] of Object.entries(structuredClone(object))) {
    if (key === 'apiVersion' || key === 'kind') continue;
    const pair = renamed.find((p) => p[from] === key);
    out[pair ? pair[to] : key] = value;
  }
  return out;
};

export const coreEventToEventsV1 = (event: KubeObject): KubeObject => rename(event, 0, 'events.k8s.io/v1');

export const eventsV1ToCoreEvent = (event: KubeObject): KubeObject => rename(event, 1, 'v1');
