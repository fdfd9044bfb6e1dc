import { describe, expect, it } from 'vitest';
import { clipStatusSpans } from './timelinesInRange.ts';

describe('clipStatusSpans', () => {
  it('starts with the status held at the window start and ends at the window end', () => {
    expect(
      clipStatusSpans(
        'Running',
        [
          { at: 20, status: 'Error' },
          { at: 25, status: 'CrashLoopBackOff' },
        ],
        10,
        50,
        null,
      ),
    ).toEqual([
      { from: 10, to: 20, status: 'Running' },
      { from: 20, to: 25, status: 'Error' },
      { from: 25, to: 50, status: 'CrashLoopBackOff' },
    ]);
  });

  it('begins at the first change when the pod did not exist at the window start', () => {
    expect(clipStatusSpans(null, [{ at: 30, status: 'Pending' }], 10, 50, null)).toEqual([
      { from: 30, to: 50, status: 'Pending' },
    ]);
  });

  it('ends at the deletion and ignores what follows it', () => {
    expect(
      clipStatusSpans(
        'Running',
        [
          { at: 30, status: 'Terminating' },
          { at: 45, status: 'Completed' },
        ],
        10,
        50,
        40,
      ),
    ).toEqual([
      { from: 10, to: 30, status: 'Running' },
      { from: 30, to: 40, status: 'Terminating' },
    ]);
  });

  it('drops zero-length spans and joins neighbours of the same status', () => {
    expect(
      clipStatusSpans(
        null,
        [
          { at: 10, status: 'Pending' },
          { at: 10, status: 'ContainerCreating' },
          { at: 20, status: 'Running' },
          { at: 30, status: 'Running' },
        ],
        0,
        50,
        null,
      ),
    ).toEqual([
      { from: 10, to: 20, status: 'ContainerCreating' },
      { from: 20, to: 50, status: 'Running' },
    ]);
  });

  it('gives nothing for a pod deleted at the window start', () => {
    expect(clipStatusSpans('Running', [], 10, 50, 10)).toEqual([]);
  });
});
