// Ports of apimachinery's duration.HumanDuration and the printers' translateTimestampSince.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// Go's int(...) and integer division truncate toward zero; `|| 0` folds -0 into 0.
const trunc = (n: number): number => Math.trunc(n) || 0;

/**
 * A succinct duration with ~2-3 significant figures, exactly as kubectl prints ages:
 * "<invalid>" below -1s (clock skew up to 2s is tolerated as "0s"), then "59s", "119s", "2m5s",
 * "9m", "10m", "179m", "3h10m", "7h", "8h", "47h", "2d", "5d2h", "7d23h", "8d", "729d", "2y3d", "8y".
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<invalid>';
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    const years = trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

// Go's zero time (0001-01-01T00:00:00Z) counts as unset, like metav1.Time.IsZero().
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * Epoch ms of an RFC3339 timestamp, or null when it is missing, unparsable or Go's zero time.
 * Fractions finer than a millisecond (MicroTime) are kept, so "9m59.999999s" stays under 10m as in Go.
 */
export function parseTimestamp(timestamp: string | undefined | null): number | null {
  if (timestamp === undefined || timestamp === null || timestamp === '') return null;
  const fraction = /^([^.]*T\d\d:\d\d:\d\d)\.(\d+)(.*)$/.exec(timestamp);
  const whole = Date.parse(fraction === null ? timestamp : `${fraction[1]}${fraction[3]}`);
  if (Number.isNaN(whole) || whole === GO_ZERO_TIME) return null;
  return fraction === null ? whole : whole + Number(`0.${fraction[2]}`) * 1000;
}

/** Elapsed time from `timestamp` to `now` as kubectl's AGE column prints it; "<unknown>" when unset. */
export function translateTimestampSince(timestamp: string | undefined | null, now: number): string {
  const t = parseTimestamp(timestamp);
  return t === null ? '<unknown>' : humanDuration(now - t);
}
