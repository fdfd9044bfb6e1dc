// Fields of Kubernetes objects that hold the time of something that happened. deletionTimestamp
// is left out on purpose: it is a deadline in the future, not an observation.
const timeFields = new Set([
  'creationTimestamp',
  'lastTransitionTime',
  'startedAt',
  'finishedAt',
  'startTime',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
  'lastProbeTime',
  'lastHeartbeatTime',
  'lastUpdateTime',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
  'time',
]);

/** The newest timestamp found anywhere in an object (epoch ms), or null when it holds none. */
export function newestTimestamp(value: unknown): number | null {
  let newest: number | null = null;
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const key in node) {
      // A managedFields entry's field set: keys naming fields, every value an empty object. Half a
      // pod's nodes, and no time among them (walking it was a tenth of an import's CPU).
      if (key === 'fieldsV1') continue;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'string') {
        if (timeFields.has(key)) {
          const ms = Date.parse(child);
          // Year 1970 timestamps (a zero time printed by some runtimes) are not observations.
          if (!Number.isNaN(ms) && ms > 86_400_000 && (newest === null || ms > newest)) newest = ms;
        }
      } else if (child && typeof child === 'object') visit(child);
    }
  };
  visit(value);
  return newest;
}
