import { describe, expect, it } from 'vitest';
import { createOneAtATime } from './oneAtATime.ts';

describe('one piece of work at a time', () => {
  it('starts each piece when the one before has ended, in order, even when it failed', async () => {
    const turn = createOneAtATime();
    const log: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = turn(async () => {
      log.push('first starts');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      log.push('first ends');
      throw new Error('first failed');
    });
    const second = turn(async () => {
      log.push('second starts');
      return 2;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['first starts']);
    releaseFirst();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first starts', 'first ends', 'second starts']);
  });
});
