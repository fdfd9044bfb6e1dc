import { describe, expect, it } from 'vitest';
import { humanDuration, parseTimestamp, translateTimestampSince } from './index.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [-2001, '<invalid>'],
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 5 * s, '2m5s'],
    [9 * m + 59 * s + 999, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 30 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 10 * m, '3h10m'],
    [3 * h + 10 * m + 59 * s, '3h10m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [5 * d + 2 * h, '5d2h'],
    [5 * d + 2 * h + 59 * m, '5d2h'],
    [7 * d + 23 * h + 59 * m, '7d23h'],
    [8 * d, '8d'],
    [729 * d + 23 * h, '729d'],
    [730 * d, '2y'],
    [733 * d, '2y3d'],
    [8 * 365 * d - h, '7y364d'],
    [8 * 365 * d, '8y'],
    [10 * 365 * d + 100 * d, '10y'],
    [Number.NaN, '<invalid>'],
  ])('%d ms prints %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2026-01-02T03:12:00Z');

  it.each([
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['0001-01-01T00:00:00Z', '<unknown>'],
    ['2026-01-02T03:12:03Z', '<invalid>'],
    ['2026-01-02T03:12:01Z', '0s'],
    ['2026-01-02T03:11:00Z', '60s'],
    ['2026-01-02T03:07:00Z', '5m'],
    ['2026-01-02T03:06:55.500000Z', '5m4s'],
    ['2026-01-01T23:00:00Z', '4h12m'],
    ['2025-12-25T03:12:00Z', '8d'],
  ])('%s prints %s', (timestamp, expected) => {
    expect(translateTimestampSince(timestamp, now)).toBe(expected);
  });

  it('treats Go zero time as unset', () => {
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseTimestamp('2026-01-02T03:12:00Z')).toBe(now);
  });
});
