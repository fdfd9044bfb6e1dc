import { describe, expect, it } from 'vitest';
import { knownOr, timeOf } from './time.ts';

describe('timeOf', () => {
  it.each([
    ['2026-01-02T03:04:05Z', Date.UTC(2026, 0, 2, 3, 4, 5)],
    ['2026-01-02T03:04:05.123456Z', Date.UTC(2026, 0, 2, 3, 4, 5, 123)],
    ['1970-01-01T00:00:00Z', null],
    ['0001-01-01T00:00:00Z', null],
    ['', null],
    ['yesterday', null],
    [undefined, null],
  ])('%s → %s', (text, ms) => {
    expect(timeOf(text)).toBe(ms);
  });

  it('a zero time falls back to the observed time, saying so', () => {
    expect(knownOr(timeOf('1970-01-01T00:00:00Z'), 42)).toEqual({ at: 42, atSource: 'observed' });
  });
});
