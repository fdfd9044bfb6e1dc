/**
 * Epoch ms of an RFC3339 timestamp, or null when missing, unparseable, or a zero time: runtimes
 * print Go's zero time (0001-01-01) or the Unix epoch for "never", and such a value must not
 * become the start of a span.
 */
export function timeOf(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms < zeroTimeFloor ? null : ms;
}

const zeroTimeFloor = 86_400_000;

/** A derived time and where it came from: the object's own timestamps, or the collector's clock. */
export type Timed = { at: number; atSource: 'object' | 'observed' };

/** The object's timestamp when it has one, else the observed time. */
export function objectTimeOr(value: unknown, observedAt: number): Timed {
  const at = timeOf(value);
  return at === null ? { at: observedAt, atSource: 'observed' } : { at, atSource: 'object' };
}

/** A known epoch-ms time (from the object), or the observed time when unknown. */
export function knownOr(ms: number | null, observedAt: number): Timed {
  return ms === null ? { at: observedAt, atSource: 'observed' } : { at: ms, atSource: 'object' };
}
