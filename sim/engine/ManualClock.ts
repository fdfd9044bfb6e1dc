import type { VirtualClock } from '../types.ts';

/** A virtual clock that moves only when told to; the engine sets it as it plays timed actions. */
export class ManualClock implements VirtualClock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock to `t` (epoch ms). Time never runs backwards. */
  set(t: number): void {
    if (t < this.#now) throw new Error(`ManualClock cannot go back from ${this.#now} to ${t}`);
    this.#now = t;
  }

  advance(ms: number): void {
    this.set(this.#now + ms);
  }
}
