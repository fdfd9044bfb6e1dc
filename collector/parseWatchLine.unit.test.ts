import { describe, expect, it } from 'vitest';
import { parseWatchLine } from './parseWatchLine.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', uid: 'u1' },
  status: { phase: 'Running' },
};

describe('parseWatchLine', () => {
  it("keeps the object's own text of a compact watch event", () => {
    const objectText = JSON.stringify(pod);
    const parsed = parseWatchLine(`{"type":"MODIFIED","object":${objectText}}\n`);
    expect(parsed).toEqual({ type: 'MODIFIED', object: pod, objectText });
  });

  it('keeps the text byte for byte, spacing and key order included', () => {
    const objectText = '{"kind":"Pod",  "apiVersion":"v1","metadata":{"uid":"u1","name":"a\\u00e9"}}';
    const parsed = parseWatchLine(`{"type":"ADDED","object":${objectText}}`);
    expect(parsed?.objectText).toBe(objectText);
    expect(parsed?.object).toEqual(JSON.parse(objectText));
  });

  it('declines every other shape, so the caller parses the line whole', () => {
    const objectText = JSON.stringify(pod);
    for (const line of [
      `{"object":${objectText},"type":"ADDED"}`,
      `{"type":"ADDED","object":${objectText},"extra":1}`,
      `{"type":"ADDED","object":${objectText},"object":${objectText}}`,
      `{ "type": "ADDED", "object": ${objectText} }`,
      `{"type":"ADD\\u0045D","object":${objectText}}`,
      `{"type":"ADDED","object":${objectText}`,
      `{"type":"ADDED","object":{"metadata":}}`,
      JSON.stringify(pod),
    ]) {
      expect(parseWatchLine(line), line).toBeUndefined();
    }
  });
});
