import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitJsonValues } from './splitJsonValues.ts';

const watch = (type: string, name: string) =>
  JSON.stringify({ type, object: { kind: 'Pod', metadata: { name, annotations: { note: '}{"\\' } } } });

// Every shape an import file takes, one after another: NDJSON watch lines (CRLF too), a
// pretty-printed List, an array, objects run together as `kubectl get -w -o json` prints them,
// and strings holding braces, quotes, escapes and characters outside ASCII.
const text = [
  watch('ADDED', 'a'),
  `${watch('MODIFIED', 'b')}\r`,
  JSON.stringify({ kind: 'List', items: [{ metadata: { name: 'c ✓ é' } }] }, null, 2),
  '[{"metadata":{"name":"d"}},{"metadata":{"name":"e"}}]',
  '{"metadata":{"name":"f"}}{"metadata":{"name":"g \\"}"}}',
  `  ${watch('DELETED', 'h')}`,
  '{"type":"MODIFIED","object":{"metadata":{"name":"i"}}} {"type":"ADDED","object":{}}',
  '',
].join('\n');

const whole = [...splitJsonValues([text], 'f.json')];

describe('splitJsonValues', () => {
  it('splits every value with the line it starts on, and hands NDJSON watch lines over parsed', () => {
    expect(whole.map((v) => [v.line, JSON.parse(v.text)])).toEqual([
      [1, JSON.parse(watch('ADDED', 'a'))],
      [2, JSON.parse(watch('MODIFIED', 'b'))],
      [3, { kind: 'List', items: [{ metadata: { name: 'c ✓ é' } }] }],
      [13, [{ metadata: { name: 'd' } }, { metadata: { name: 'e' } }]],
      [14, { metadata: { name: 'f' } }],
      [14, { metadata: { name: 'g "}' } }],
      [15, JSON.parse(watch('DELETED', 'h'))],
      [16, { type: 'MODIFIED', object: { metadata: { name: 'i' } } }],
      [16, { type: 'ADDED', object: {} }],
    ]);
    expect(whole.map((v) => v.watch?.type ?? null)).toEqual([
      'ADDED',
      'MODIFIED',
      null,
      null,
      null,
      null,
      'DELETED',
      null,
      // The rest of a line, once the value before it is split off, is a line of its own.
      'ADDED',
    ]);
    expect(whole[0]?.watch?.object).toEqual(JSON.parse(watch('ADDED', 'a')).object);
  });

  it('gives the same values and lines however the text is cut into chunks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), text.length];
        const chunks = at.slice(1).map((end, i) => text.slice(at[i], end));
        const split = [...splitJsonValues(chunks, 'f.json')];
        expect(split.map((v) => [v.line, v.text])).toEqual(whole.map((v) => [v.line, v.text]));
      }),
      { numRuns: 300 },
    );
  });

  it('names the line of a value a file ends inside, whatever the chunks', () => {
    const truncated = `${watch('ADDED', 'a')}\n{"type":"ADDED","object":{"metadata":`;
    for (const cut of [5, truncated.length - 3, truncated.length - 10]) {
      expect(() => [...splitJsonValues([truncated.slice(0, cut), truncated.slice(cut)], 'f.json')]).toThrow(
        /f\.json:2: truncated JSON/,
      );
    }
  });
});
