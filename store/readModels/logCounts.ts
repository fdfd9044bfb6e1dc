/** Entries of one cluster, resource and watch type, and the range of their observation times (log_stats). */
export type LogCount = {
  cluster: string;
  resource: string;
  type: string;
  entries: number;
  first: number;
  last: number;
};

/** Counts one entry into `counts`, keyed by cluster, resource and type. */
export function countEntry(
  counts: Map<string, LogCount>,
  entry: { cluster: string; resource: string; type: string; observedAt: number },
): void {
  const key = logCountKey(entry.cluster, entry.resource, entry.type);
  const count = counts.get(key);
  if (count) {
    count.entries++;
    count.first = Math.min(count.first, entry.observedAt);
    count.last = Math.max(count.last, entry.observedAt);
  } else {
    counts.set(key, {
      cluster: entry.cluster,
      resource: entry.resource,
      type: entry.type,
      entries: 1,
      first: entry.observedAt,
      last: entry.observedAt,
    });
  }
}

export const logCountKey = (cluster: string, resource: string, type: string): string =>
  `${cluster}\u0000${resource}\u0000${type}`;
