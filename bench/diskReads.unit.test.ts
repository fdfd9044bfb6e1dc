import { describe, expect, it } from 'vitest';
import { diskReadsBetween, readBytesOf, scheduledMsOf } from './diskReads.ts';

describe('disk reads of a pass', () => {
  it('reads read_bytes out of /proc/<pid>/io, not rchar (which counts page-cache hits too)', () => {
    const text = 'rchar: 900000\nwchar: 0\nsyscr: 10\nsyscw: 0\nread_bytes: 40960\nwrite_bytes: 0\n';
    expect(readBytesOf(text)).toBe(40960);
    expect(readBytesOf('rchar: 12\nwchar: 0\n')).toBeUndefined();
  });

  it('reads the time the main thread ran or waited to run out of its schedstat', () => {
    expect(scheduledMsOf('53833566 1100720 6\n')).toBeCloseTo(54.934286, 6);
    expect(scheduledMsOf('')).toBeUndefined();
  });

  it('counts 4 KB pages and the wall time spent off the CPU', () => {
    const before = { readBytes: 8192, scheduledMs: 100, wallMs: 1000 };
    const after = { readBytes: 8192 + 50 * 4096, scheduledMs: 160, wallMs: 1090 };
    expect(diskReadsBetween(before, after)).toEqual({ pages: 50, waitMs: 30 });
  });

  it('never reports a negative wait when other threads add CPU time', () => {
    const before = { readBytes: 0, scheduledMs: 0, wallMs: 0 };
    expect(diskReadsBetween(before, { readBytes: 0, scheduledMs: 120, wallMs: 100 })).toEqual({
      pages: 0,
      waitMs: 0,
    });
  });
});
