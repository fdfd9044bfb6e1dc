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
  /**
   * Where the virtual clock should be now (default: where the engine is). A target ahead of the
   * engine makes it play the difference as a fast backlog, `maxStepMs` of virtual time per tick.
   */
  target?: number;
  /** The most virtual time played in one tick (default: no limit). */
  maxStepMs?: number;
};

export type RealtimeDriver = { stop(): void };

export const runRealtime = (
  engine: Engine,
  {
    speed = 1,
    tickMs = 100,
    wallNow = Date.now,
    target,
    maxStepMs = Number.POSITIVE_INFINITY,
  }: RealtimeOptions = {},
): RealtimeDriver => {
  let lastWall = wallNow();
  let virtual = target ?? engine.now();
  const timer = setInterval(() => {
    const wall = wallNow();
    virtual += (wall - lastWall) * speed;
    lastWall = wall;
    // Small steps while behind, so watchers (and the HTTP server) keep up with a backlog.
    engine.advanceTo(Math.floor(Math.min(virtual, engine.now() + maxStepMs)));
  }, tickMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
};
