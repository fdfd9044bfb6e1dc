import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KubetrailError } from '../errors.ts';
import type { EncodedBody, ObjectEncoderOptions, StoredBody } from './index.ts';
import {
  createObjectDecoder,
  createObjectEncoder,
  decodeObject,
  Encoding,
  encodeStandalone,
} from './index.ts';

// A JSON value whose numbers keep their source text, so texts like 1e21 and -0 survive as written.
type Value = { num: string } | string | boolean | null | Value[] | { obj: [string, Value][] };

const numberText = fc.oneof(
  fc.constantFrom('1e21', '-0', '1E+21', '0.10', '-1.5e-7', '12345678901234567890', '5e-324', '0'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
// 'binary' covers the whole of Unicode (astral planes included) without lone surrogates.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
const leaf: fc.Arbitrary<Value> = fc.oneof(
  numberText.map((num) => ({ num })),
  text,
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.array(fc.tuple(text, tie('value')), { maxLength: 6 }).map((obj) => ({ obj })),
  ),
}));

const render = (v: Value, space: string): string => {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => render(x, space)).join(`,${space}`)}]`;
  if ('num' in v) return v.num;
  return `{${v.obj.map(([k, x]) => `${JSON.stringify(k)}:${space}${render(x, space)}`).join(`,${space}`)}}`;
};

type Edit = {
  kind: 'set' | 'delete' | 'reorder' | 'append' | 'bigArray';
  at: number;
  leaf: Value;
  size: number;
};
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('set', 'delete', 'reorder', 'append', 'bigArray'),
  at: fc.nat(),
  leaf: value,
  size: fc.integer({ min: 50, max: 400 }),
});

const containers = (v: Value, out: Value[] = []): Value[] => {
  if (v !== null && typeof v === 'object' && !('num' in v)) {
    out.push(v);
    for (const child of Array.isArray(v) ? v : v.obj.map(([, x]) => x)) containers(child, out);
  }
  return out;
};

/** Applies an edit in place to one of the root's containers, chosen by `at`. */
const applyEdit = (root: Value, e: Edit): void => {
  const all = containers(root);
  const target = all[e.at % Math.max(1, all.length)];
  if (target === undefined || target === null || typeof target !== 'object' || 'num' in target) return;
  const items: unknown[] = Array.isArray(target) ? target : target.obj;
  const i = items.length === 0 ? 0 : e.at % items.length;
  const entry = (x: Value): unknown => (Array.isArray(target) ? x : [`k${e.at % 97}`, x]);
  if (e.kind === 'set' && items.length > 0)
    items[i] = Array.isArray(target) ? e.leaf : [(target.obj[i] as [string, Value])[0], e.leaf];
  else if (e.kind === 'delete') items.splice(i, 1);
  else if (e.kind === 'reorder') items.reverse();
  else if (e.kind === 'append') items.push(entry(e.leaf));
  else if (e.kind === 'bigArray')
    items.push(entry(Array.from({ length: e.size }, (_, k) => ({ num: String(k * e.at) }))));
};

/** Encodes texts as one writer would (positions 1, 2, …) and keeps the rows like the log does. */
/** `readBack`: the encoder may read keyframes it let go back from the rows written so far. */
type TestOptions = ObjectEncoderOptions & { readBack?: boolean };

type Text = { key: string; json: string; families?: string[] };

const store = (texts: Text[], { readBack, ...options }: TestOptions) => {
  const rows = new Map<number, StoredBody>();
  const encoder = createObjectEncoder(
    readBack ? { ...options, loadKeyframe: (position) => rows.get(position) } : options,
  );
  const encoded: EncodedBody[] = texts.map((t, i) => {
    const row = encoder.encode(t.key, i + 1, t.json, t.families);
    rows.set(i + 1, row);
    return row;
  });
  const loads: number[] = [];
  const load = (position: number): StoredBody => {
    loads.push(position);
    const row = rows.get(position);
    if (!row) throw new Error(`no row at ${position}`);
    return row;
  };
  return { encoder, encoded, load, loads };
};

const expectExactReadBack = (texts: Text[], options: TestOptions) => {
  const { encoded, load } = store(texts, options);
  const decoder = createObjectDecoder({ maxBases: 2 });
  encoded.forEach((row, i) => {
    expect(decodeObject(row.encoding, row.body, load, row.basePosition)).toBe(texts[i]?.json);
    expect(decoder.decode(row.encoding, row.body, row.basePosition, load)).toBe(texts[i]?.json);
  });
  return encoded;
};

const options: fc.Arbitrary<TestOptions> = fc.record({
  readBack: fc.boolean(),
  keyframeEvery: fc.integer({ min: 1, max: 6 }),
  maxDeltaRatio: fc.constantFrom(0.2, 1, 10),
  maxKeys: fc.integer({ min: 1, max: 3 }),
  maxCacheBytes: fc.constantFrom(1024, 1 << 20),
});

describe('object codec', () => {
  it('reads back every version exactly: random JSON objects edited over time, several objects interleaved', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            value,
            fc.array(fc.tuple(fc.nat(3), edit, fc.constantFrom('', ' ', '\n  ')), { maxLength: 25 }),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        options,
        fc.boolean(),
        (objects, encoderOptions, inFamilies) => {
          // Objects in families share keyframes: odd and even objects, and all of them.
          const families = (k: number) => (inFamilies ? [`f${k % 2}`, 'all'] : undefined);
          const roots = objects.map(([root]) => ({ obj: [['spec', root]] as [string, Value][] }) as Value);
          const texts: Text[] = roots.map((root, k) => ({
            key: `c/pods/${k}`,
            json: render(root, ''),
            families: families(k),
          }));
          for (const [k, [, edits]] of objects.entries()) {
            for (const [, e, space] of edits) {
              const root = roots[k] as Value;
              applyEdit(root, e);
              texts.push({ key: `c/pods/${k}`, json: render(root, space), families: families(k) });
            }
          }
          expectExactReadBack(texts, { ...encoderOptions, readBack: inFamilies });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads back every version exactly when the text itself is cut, duplicated and moved around', () => {
    const splice = fc.record({ from: fc.nat(), length: fc.nat(300), insert: text, move: fc.boolean() });
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 0, maxLength: 3000 }),
        fc.array(splice, { maxLength: 20 }),
        options,
        (start, splices, encoderOptions) => {
          const texts = [{ key: 'k', json: start }];
          let current = start;
          for (const s of splices) {
            const cut = Array.from(current);
            const from = cut.length === 0 ? 0 : s.from % cut.length;
            const removed = cut.splice(from, s.length, ...Array.from(s.insert));
            if (s.move) cut.push(...removed, ...removed);
            current = cut.join('');
            texts.push({ key: 'k', json: current });
          }
          expectExactReadBack(texts, encoderOptions);
        },
      ),
      { numRuns: 150 },
    );
  });

  const pod = (version: number, phase = 'Running'): string =>
    JSON.stringify({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: 'checkout-7d9f-abcde',
        namespace: 'shop',
        uid: '3c9d6f0e-1111-4aaa-bbbb-000000000001',
        resourceVersion: String(1000 + version),
        labels: { app: 'checkout', 'pod-template-hash': '7d9f' },
        managedFields: Array.from({ length: 6 }, (_, i) => ({
          manager: `manager-${i}`,
          operation: 'Update',
          time: '2026-01-02T03:00:00Z',
          fieldsV1: {
            'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:env': {} } } },
          },
        })),
      },
      spec: {
        containers: [
          { name: 'app', image: 'registry.example.com/checkout:v1', env: [{ name: 'A', value: 'b' }] },
        ],
      },
      status: {
        phase,
        containerStatuses: [{ name: 'app', ready: version % 2 === 0, restartCount: version, started: true }],
      },
    });

  it('writes a keyframe every keyframeEvery versions, and each delta refers to the latest keyframe', () => {
    const texts = Array.from({ length: 10 }, (_, v) => ({ key: 'c/pods/u1', json: pod(v) }));
    const encoded = expectExactReadBack(texts, { keyframeEvery: 4, maxDeltaRatio: 1 });
    expect(encoded.map((e) => e.encoding)).toEqual([1, 2, 2, 2, 1, 2, 2, 2, 1, 2]);
    expect(encoded.map((e) => e.basePosition)).toEqual([null, 1, 1, 1, null, 5, 5, 5, null, 9]);
    for (const e of encoded) if (e.encoding === Encoding.delta) expect(e.body.length).toBeLessThan(80);
  });

  it('reads any version from at most two rows: the delta and its keyframe', () => {
    const texts = Array.from({ length: 20 }, (_, v) => ({ key: 'c/pods/u1', json: pod(v) }));
    const { encoded, load, loads } = store(texts, { keyframeEvery: 64, maxDeltaRatio: 1 });
    const row = encoded[19] as EncodedBody;
    expect(decodeObject(row.encoding, row.body, load, row.basePosition)).toBe(texts[19]?.json);
    expect(loads).toEqual([1]);
  });

  it('starts a new keyframe when a delta would exceed maxDeltaRatio of the keyframe', () => {
    const small = { key: 'k', json: pod(1) };
    const changed = { key: 'k', json: pod(2).replace(/manager-/g, 'something-else-') };
    const encoded = expectExactReadBack([small, { key: 'k', json: pod(3) }, changed], { maxDeltaRatio: 0.2 });
    expect(encoded.map((e) => e.encoding)).toEqual([1, 2, 1]);
  });

  it('forgets the least recently written object beyond maxKeys: its next version is a keyframe', () => {
    const { encoded, encoder } = store(
      [
        { key: 'a', json: pod(1) },
        { key: 'b', json: pod(1) },
        { key: 'a', json: pod(2) },
        { key: 'c', json: pod(1) }, // evicts b, the least recently written
        { key: 'b', json: pod(2) },
        { key: 'c', json: pod(2) }, // b's keyframe evicted a; c survives
        { key: 'a', json: pod(3) },
      ],
      { maxKeys: 2 },
    );
    expect(encoded.map((e) => e.encoding)).toEqual([1, 1, 2, 1, 1, 2, 1]);
    expect(encoder.stats().keys).toBe(2);
  });

  it('remembers more objects when its keyframe budget is larger (a bulk load), 20,000 at least', () => {
    const fill = (encoder: ReturnType<typeof createObjectEncoder>) => {
      for (let i = 1; i <= 30_000; i++) encoder.encode(`k${i}`, i, `{"n":${i}}`);
      return encoder.stats().keys;
    };
    expect(fill(createObjectEncoder())).toBe(20_000);
    expect(fill(createObjectEncoder({ maxCacheBytes: 256 * 1024 * 1024 }))).toBe(30_000);
  });

  it('forgets objects beyond maxCacheBytes, and on forget and reset', () => {
    const { encoded } = store(
      [
        { key: 'a', json: pod(1) },
        { key: 'b', json: pod(1) },
        { key: 'a', json: pod(2) },
      ],
      { maxCacheBytes: 3000 },
    );
    expect(encoded.map((e) => e.encoding)).toEqual([1, 1, 1]);

    const encoder = createObjectEncoder();
    encoder.encode('a', 1, pod(1));
    expect(encoder.encode('a', 2, pod(2)).encoding).toBe(Encoding.delta);
    encoder.forget('a');
    expect(encoder.encode('a', 3, pod(3)).encoding).toBe(Encoding.deflate);
    encoder.reset();
    expect(encoder.stats()).toEqual({ keys: 0, bytes: 0 });
    expect(encoder.encode('a', 4, pod(4)).encoding).toBe(Encoding.deflate);
  });

  it('reads back from the log a keyframe it no longer holds: later versions stay deltas, read back exactly', () => {
    const rows = new Map<number, StoredBody>();
    const texts = [
      { key: 'a', json: pod(1) },
      { key: 'b', json: pod(1) },
      { key: 'a', json: pod(2) }, // nothing is held (1 byte of budget): read back from row 1
      { key: 'b', json: pod(2) },
      { key: 'a', json: pod(3) },
    ];
    const loaded: number[] = [];
    const encoder = createObjectEncoder({
      maxKeys: 3,
      maxCacheBytes: 1,
      loadKeyframe: (position) => {
        loaded.push(position);
        return rows.get(position);
      },
    });
    const encoded = texts.map((t, i) => {
      const row = encoder.encode(t.key, i + 1, t.json);
      rows.set(i + 1, row);
      return row;
    });
    expect(encoded.map((e) => e.encoding)).toEqual([1, 1, 2, 2, 2]);
    expect(encoded.map((e) => e.basePosition)).toEqual([null, null, 1, 2, 1]);
    expect(loaded).toEqual([1, 2, 1]);
    const load = (position: number) => rows.get(position)!;
    encoded.forEach((row, i) => {
      expect(decodeObject(row.encoding, row.body, load, row.basePosition)).toBe(texts[i]!.json);
    });
    // Without a way to read keyframes back, the same sequence starts over with keyframes.
    const forgetful = createObjectEncoder({ maxKeys: 3, maxCacheBytes: 1 });
    expect(texts.map((t, i) => forgetful.encode(t.key, i + 1, t.json).encoding)).toEqual([1, 1, 1, 1, 1]);
  });

  it('never refers back to a position that is not before the entry being written', () => {
    const encoder = createObjectEncoder();
    encoder.encode('a', 10, pod(1));
    expect(encoder.encode('a', 10, pod(2)).basePosition).toBeNull();
  });

  it('stores small texts raw (encoding 0), decodable on their own', () => {
    const row = encodeStandalone('{"marker":"Gap"}');
    expect(row).toEqual({
      encoding: Encoding.raw,
      basePosition: null,
      body: Buffer.from('{"marker":"Gap"}'),
    });
    const never = () => {
      throw new Error('a raw body needs no base');
    };
    expect(decodeObject(0, Buffer.from('{"é":"😀"}'), never)).toBe('{"é":"😀"}');
  });

  it('refuses a text with a lone surrogate, which UTF-8 cannot hold exactly', () => {
    expect(() => createObjectEncoder().encode('a', 1, '{"x":"\ud800"}')).toThrow(RangeError);
  });

  it('reports a delta read against the wrong base or without one as a storage error', () => {
    const encoder = createObjectEncoder();
    const keyframe = encoder.encode('a', 1, pod(1));
    const delta = encoder.encode('a', 2, pod(2));
    const other = encodeStandalone(pod(7, 'Pending'));
    const wrongBase = () => other;
    expect(() => decodeObject(delta.encoding, delta.body, wrongBase, 1)).toThrow(KubetrailError);
    expect(() => decodeObject(delta.encoding, delta.body, () => keyframe, null)).toThrow(
      /delta without a base/,
    );
    expect(() => decodeObject(9, delta.body, () => keyframe, null)).toThrow(/unknown encoding 9/);
    const truncated = delta.body.subarray(0, delta.body.length - 1);
    expect(() => decodeObject(delta.encoding, truncated, () => keyframe, 1)).toThrow(KubetrailError);
  });

  const replica = (name: string, version: number) =>
    pod(version)
      .replace('checkout-7d9f-abcde', name)
      .replace('000000000001', name.slice(-12).padStart(12, '0'));

  it('encodes a new object as a delta against a keyframe of its family, read from two rows', () => {
    const texts = [
      { key: 'a', json: replica('checkout-7d9f-aaaaa', 1), families: ['rs-7d9f', 'ns-shop'] },
      { key: 'b', json: replica('checkout-7d9f-bbbbb', 1), families: ['rs-7d9f', 'ns-shop'] },
      { key: 'b', json: replica('checkout-7d9f-bbbbb', 2), families: ['rs-7d9f', 'ns-shop'] },
      { key: 'c', json: replica('checkout-7d9f-ccccc', 1), families: ['rs-other', 'ns-shop'] },
      { key: 'd', json: replica('checkout-7d9f-ddddd', 1) },
    ];
    const { encoded, load, loads } = store(texts, {});
    expect(encoded.map((e) => e.encoding)).toEqual([1, 2, 2, 2, 1]);
    // b's versions and c (a family of its own, but the same namespace) all use a's keyframe.
    expect(encoded.map((e) => e.basePosition)).toEqual([null, 1, 1, 1, null]);
    for (const e of encoded.slice(1, 4)) expect(e.body.length).toBeLessThan(texts[0]!.json.length / 10);
    const row = encoded[2] as EncodedBody;
    expect(decodeObject(row.encoding, row.body, load, row.basePosition)).toBe(texts[2]!.json);
    expect(loads).toEqual([1]);
  });

  it('forgets a discarded encode: neither the object nor its family leans on that position again', () => {
    const encoder = createObjectEncoder();
    const families = ['rs-7d9f'];
    const other = (v: number) => replica('checkout-7d9f-yyyyy', v);
    expect(encoder.encode('y', 1, other(1), ['rs-other']).basePosition).toBeNull();
    const held = encoder.stats();
    expect(encoder.encode('a', 2, replica('checkout-7d9f-aaaaa', 1), families).basePosition).toBeNull();
    encoder.discard('a', 2);
    expect(encoder.stats()).toEqual(held);
    // Position 2 goes to a delta of another object; a's next version and a's kin must not refer to it.
    expect(encoder.encode('y', 2, other(2), ['rs-other']).basePosition).toBe(1);
    expect(encoder.encode('b', 3, replica('checkout-7d9f-bbbbb', 1), families).basePosition).toBeNull();
    expect(encoder.encode('a', 4, replica('checkout-7d9f-aaaaa', 2), families).basePosition).toBe(3);
  });

  it('gives an object its own keyframe once its deltas against the family keyframe grow', () => {
    const big = (v: number) => replica('checkout-7d9f-bbbbb', v).replace(/manager-/g, `changed-${v}-`);
    const texts = [
      { key: 'a', json: replica('checkout-7d9f-aaaaa', 1), families: ['rs'] },
      { key: 'b', json: replica('checkout-7d9f-bbbbb', 1), families: ['rs'] },
      { key: 'b', json: big(2), families: ['rs'] },
      { key: 'b', json: big(3), families: ['rs'] },
    ];
    const encoded = expectExactReadBack(texts, {});
    expect(encoded.map((e) => e.basePosition)).toEqual([null, 1, null, 3]);
  });

  it('writes the periodic full copy of an object itself, not as a delta of its family', () => {
    const texts = [
      { key: 'a', json: replica('checkout-7d9f-aaaaa', 1), families: ['rs'] },
      ...Array.from({ length: 5 }, (_, v) => ({
        key: 'b',
        json: replica('checkout-7d9f-bbbbb', v),
        families: ['rs'],
      })),
    ];
    const encoded = expectExactReadBack(texts, { keyframeEvery: 3 });
    expect(encoded.map((e) => e.basePosition)).toEqual([null, 1, 1, null, 4, 4]);
  });

  it('inflates each keyframe once when a decoder scans many of its deltas', () => {
    const texts = Array.from({ length: 12 }, (_, v) => ({ key: 'k', json: pod(v) }));
    const { encoded, load, loads } = store(texts, { maxDeltaRatio: 1 });
    const decoder = createObjectDecoder();
    encoded.forEach((row, i) => {
      expect(decoder.decode(row.encoding, row.body, row.basePosition, load)).toBe(texts[i]?.json);
    });
    expect(loads).toEqual([1]);
  });
});
