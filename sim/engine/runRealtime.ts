// Drives an engine from wall time: every tick, the virtual clock moves `speed` times the wall time
// that passed, and every action due by then is played. Only this driver reads the real clock.
import type { Engine } from './createEngine.ts';

export type RealtimeOptions = {
  /** Virtual ms per wall ms (1 = real time, 60 = an hour in a minute). */
  speed?: number;
  /** Wall ms between ticks. */
  tickMs?: number;
  /** The wall clock (injectable for tests). */
  wallNow?: () => number;
};

export type RealtimeDriver = { stop(): void };

export const runRealtime = (
  engine: Engine,
  { speed = 1, tickMs = 100, wallNow = Date.now }: RealtimeOptions = {},
): RealtimeDriver => {
  let lastWall = wallNow();
  let virtual = engine.now();
  const timer = setInterval(() => {
    const wall = wallNow();
    virtual += (wall - lastWall) * speed;
    lastWall = wall;
    engine.advanceTo(Math.floor(virtual));
  }, tickMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
};
