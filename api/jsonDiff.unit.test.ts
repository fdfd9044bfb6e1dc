import { describe, expect, it } from 'vitest';
import { jsonDiff } from './jsonDiff.ts';

describe('jsonDiff', () => {
  it('names changed, added and removed paths with JSON Pointer escaping', () => {
    const before = { metadata: { labels: { 'app/x': 'a', 'tier~1': 'b' } }, status: { phase: 'Pending' } };
    const after = { metadata: { labels: { 'app/x': 'c' } }, status: { phase: 'Running', podIP: '10.0.0.1' } };
    expect(jsonDiff(before, after)).toEqual([
      { op: 'replace', path: '/metadata/labels/app~1x', oldValue: 'a', value: 'c' },
      { op: 'remove', path: '/metadata/labels/tier~01', oldValue: 'b' },
      { op: 'replace', path: '/status/phase', oldValue: 'Pending', value: 'Running' },
      { op: 'add', path: '/status/podIP', value: '10.0.0.1' },
    ]);
  });

  it('compares arrays item by item and removes from the end backwards', () => {
    expect(jsonDiff({ a: [1, 2, 3] }, { a: [1, 5] })).toEqual([
      { op: 'replace', path: '/a/1', oldValue: 2, value: 5 },
      { op: 'remove', path: '/a/2', oldValue: 3 },
    ]);
    expect(jsonDiff([{ n: 1 }], [{ n: 1 }, { n: 2 }])).toEqual([{ op: 'add', path: '/1', value: { n: 2 } }]);
  });

  it('finds nothing between equal values, and replaces across types', () => {
    expect(jsonDiff({ a: { b: [1, { c: null }] } }, { a: { b: [1, { c: null }] } })).toEqual([]);
    expect(jsonDiff({ a: 1 }, { a: { b: 1 } })).toEqual([
      { op: 'replace', path: '/a', oldValue: 1, value: { b: 1 } },
    ]);
  });
});
