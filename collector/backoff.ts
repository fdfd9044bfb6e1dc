export type BackoffOptions = {
  initialMs?: number;
  maxMs?: number;
  /** Uniform in [0, 1): spreads reconnects of many collectors (and of the resources of one). */
  random?: () => number;
};

/**
 * Delay before retry number `attempt` (0-based): doubling from `initialMs`, capped at `maxMs`,
 * with the upper half jittered so that watches cut together do not come back together.
 */
export function backoffDelay(
  attempt: number,
  { initialMs = 1000, maxMs = 30_000, random = Math.random }: BackoffOptions = {},
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
