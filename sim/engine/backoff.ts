// The kubelet's flowcontrol.Backoff, without jitter: per-key delay that starts at 10 s, doubles up to
// 5 min, and starts over when nothing was recorded for twice the maximum (10 min of quiet).

export type Backoff = {
  /** True while `now - eventTime` is inside the key's current delay. */
  isInBackOffSince(key: string, eventTime: number, now: number): boolean;
  /** True while `now - lastUpdate` is inside the key's current delay (image pulls). */
  isInBackOffSinceUpdate(key: string, now: number): boolean;
  /** Records one more failure: the first (or first after quiet) gets the initial delay, the next ones double it. */
  next(key: string, eventTime: number, now: number): void;
  /** The key's current delay in ms (0 when unknown). */
  get(key: string): number;
  /** When the key's current window ends, counted from lastUpdate. */
  lastUpdate(key: string): number | undefined;
  reset(key: string): void;
};

export const createBackoff = (initialMs = 10_000, maxMs = 300_000): Backoff => {
  const entries = new Map<string, { delay: number; lastUpdate: number }>();
  const expired = (eventTime: number, lastUpdate: number): boolean => eventTime - lastUpdate > 2 * maxMs;
  return {
    isInBackOffSince(key, eventTime, now) {
      const e = entries.get(key);
      if (!e || expired(eventTime, e.lastUpdate)) return false;
      return now - eventTime < e.delay;
    },
    isInBackOffSinceUpdate(key, now) {
      const e = entries.get(key);
      if (!e || expired(now, e.lastUpdate)) return false;
      return now - e.lastUpdate < e.delay;
    },
    next(key, eventTime, now) {
      const e = entries.get(key);
      if (!e || expired(eventTime, e.lastUpdate)) entries.set(key, { delay: initialMs, lastUpdate: now });
      else entries.set(key, { delay: Math.min(e.delay * 2, maxMs), lastUpdate: now });
    },
    get: (key) => entries.get(key)?.delay ?? 0,
    lastUpdate: (key) => entries.get(key)?.lastUpdate,
    reset: (key) => {
      entries.delete(key);
    },
  };
};
