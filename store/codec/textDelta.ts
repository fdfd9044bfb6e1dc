// A byte delta of one text against another (a small LZ77 with an external dictionary): the target
// is a sequence of literals and copies out of the base. Successive versions of a Kubernetes object
// differ in a few scattered places (resourceVersion, timestamps, states), so the delta is mostly
// copies. Written in plain JS because a zlib call costs more (about 18 µs even for a tiny input,
// over 100 µs with an 8 KB preset dictionary) than this whole encoder. Runs of equal bytes are
// compared four bytes at a time, which is where most of the time goes.
//
// Body layout (integers are unsigned LEB128 varints):
//   targetLength, baseLength, baseCheck (4 bytes LE: contentCheck of the base, which catches a
//   delta applied to the wrong row), then ops until targetLength bytes are produced:
//   token byte = literalLength (bits 7..2, 63 = more in a varint) | sameAlignment (bit 1),
//   [literalLength - 63], literal bytes, then unless the target is complete: copyLength - MIN_COPY,
//   and unless sameAlignment: zigzag(copyStart - expectedStart).
//   expectedStart is where the previous copy ended plus the literal just written, so an
//   equal-length substitution needs no offset at all.
import { readVarint, unzigzag, writeVarint, zigzag } from './varint.ts';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes hashed to find a match. */
const HASHED = 8;
/** Every STEP-th base position is indexed: any common run of HASHED + STEP - 1 bytes is found. */
const STEP = 8;
/** Shortest copy: below this a copy op costs as much as the literal it replaces. */
const MIN_COPY = 5;
const LITERAL_INLINE_MAX = 63;

/** A base text with a hash index of its positions, kept between encodes. */
export type BaseIndex = {
  /** Owns its ArrayBuffer (offset 0), so it can be read four bytes at a time. */
  bytes: Uint8Array;
  check: number;
  /** Slot → (base position / STEP) + 1; 0 means empty. */
  table: Uint16Array | Uint32Array;
  shift: number;
  /** The bytes, for reading words at any offset. */
  view: DataView;
  /** The bytes as aligned 32-bit words, for runs where target and base share an alignment. */
  words: Int32Array;
};

/**
 * A 32-bit hash of the whole base, read four bytes at a time. It is not there against bit rot but
 * to catch a delta applied to the wrong row (a writer whose memory and the log disagree).
 */
export const contentCheck = (bytes: Uint8Array): number => {
  const n = bytes.length;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  const whole = n >>> 2;
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, whole);
  for (let i = 0; i < whole; i++) h = Math.imul(h ^ words[i]!, 0x01000193) ^ (h >>> 15);
  for (let i = whole * 4; i < n; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
};

/** The hash of the 8 bytes at `p`, read as two little-endian words (two loads, not eight). */
const hashAt = (v: DataView, p: number, shift: number): number => {
  const lo = v.getInt32(p, true);
  const hi = v.getInt32(p + 4, true);
  return (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ (lo >>> 13), 0x85ebca77)) >>> shift;
};

/** Indexes a copy of `source` (the copy is aligned, and the caller may reuse `source`). */
export const indexBase = (source: Uint8Array): BaseIndex => {
  const bytes = new Uint8Array(source.length);
  bytes.set(source);
  const view = new DataView(bytes.buffer);
  const positions = Math.ceil(bytes.length / STEP);
  let bits = 4;
  while (1 << bits < positions) bits++;
  const table = positions < 0xffff ? new Uint16Array(1 << bits) : new Uint32Array(1 << bits);
  const shift = 32 - bits;
  // Walk backwards so the earliest position wins a collision.
  for (let p = (positions - 1) * STEP; p >= 0; p -= STEP) {
    if (p + HASHED <= bytes.length) table[hashAt(view, p, shift)] = p / STEP + 1;
  }
  return {
    bytes,
    check: contentCheck(bytes),
    table,
    shift,
    view,
    words: new Int32Array(bytes.buffer, 0, bytes.length >>> 2),
  };
};

/** Memory held by an index, for the encoder's cache budget. */
export const indexBytes = (index: BaseIndex): number => index.bytes.byteLength + index.table.byteLength + 128;

/** Reusable buffers of one encoder: the target (also as 32-bit words) and the delta written. */
export type DeltaScratch = {
  target: Uint8Array;
  view: DataView;
  target32: Int32Array;
  out: Uint8Array;
};

const words = (bytes: number): number => Math.ceil(bytes / 4) + 1;

export const createDeltaScratch = (capacity = 32 * 1024): DeltaScratch => {
  const target = new Uint8Array(words(capacity) * 4);
  return {
    target,
    view: new DataView(target.buffer),
    target32: new Int32Array(target.buffer),
    out: new Uint8Array(capacity + 64),
  };
};

/** Makes room for a target of `length` bytes. */
export const ensureScratch = (scratch: DeltaScratch, length: number): DeltaScratch =>
  scratch.target.length >= words(length) * 4 + 4 ? scratch : createDeltaScratch(length * 2);

/**
 * Writes the delta of the first `n` bytes of `scratch.target` against `base` into `scratch.out`
 * and returns its length, or -1 as soon as it would exceed `limit` bytes (the caller then stores
 * a full copy instead).
 */
export const encodeDelta = (base: BaseIndex, scratch: DeltaScratch, n: number, limit: number): number => {
  const b = base.bytes;
  const { table, shift } = base;
  const t = scratch.target;
  const t32 = scratch.target32;
  const tv = scratch.view;
  const out = scratch.out;
  const m = b.length;
  const max = Math.min(limit, out.length);
  if (max < 24) return -1;
  let o = writeVarint(out, 0, n);
  o = writeVarint(out, o, m);
  out[o++] = base.check & 0xff;
  out[o++] = (base.check >>> 8) & 0xff;
  out[o++] = (base.check >>> 16) & 0xff;
  out[o++] = base.check >>> 24;
  let litStart = 0;
  let prevEnd = 0;
  let i = 0;
  while (i + HASHED <= n) {
    let cand = -1;
    // First guess: the text continues at the same alignment after a same-length substitution.
    const aligned = prevEnd + (i - litStart);
    if (aligned + MIN_COPY <= m) {
      let k = 0;
      while (k < MIN_COPY && t[i + k] === b[aligned + k]) k++;
      if (k === MIN_COPY) cand = aligned;
    }
    if (cand < 0) {
      const slot = table[hashAt(tv, i, shift)]!;
      if (slot !== 0) {
        const c = (slot - 1) * STEP;
        let k = 0;
        while (k < HASHED && t[i + k] === b[c + k]) k++;
        if (k === HASHED) cand = c;
      }
    }
    if (cand < 0) {
      i++;
      continue;
    }
    // Grow the match backwards into the pending literal, then forwards as far as it goes.
    let s = i;
    let c = cand;
    while (s > litStart && c > 0 && t[s - 1] === b[c - 1]) {
      s--;
      c--;
    }
    let e = i;
    let ce = cand;
    while (e < n && ce < m && (e & 3) !== 0 && t[e] === b[ce]) {
      e++;
      ce++;
    }
    if ((e & 3) === 0) {
      const we = e >>> 2;
      const count = Math.min((n - e) >>> 2, (m - ce) >>> 2);
      let k = 0;
      if ((ce & 3) === 0) {
        // Both aligned (the usual case after same-length substitutions): word against word.
        const bw = base.words;
        const wc = ce >>> 2;
        while (k < count && t32[we + k] === bw[wc + k]) k++;
      } else {
        // Aligned target words against base words read at any offset, in the platform's byte
        // order (that of the target's Int32Array).
        const view = base.view;
        while (k < count && t32[we + k] === view.getInt32(ce + k * 4, littleEndian)) k++;
      }
      e += k * 4;
      ce += k * 4;
    }
    while (e < n && ce < m && t[e] === b[ce]) {
      e++;
      ce++;
    }
    const literal = s - litStart;
    const expected = prevEnd + literal;
    if (o + literal + 16 > max) return -1;
    o = writeToken(out, o, literal, c === expected);
    o = copyBytes(t, litStart, s, out, o);
    o = writeVarint(out, o, e - s - MIN_COPY);
    if (c !== expected) o = writeVarint(out, o, zigzag(c - expected));
    prevEnd = ce;
    litStart = e;
    i = e;
  }
  const literal = n - litStart;
  if (o + literal + 6 > max) return -1;
  o = writeToken(out, o, literal, true);
  return copyBytes(t, litStart, n, out, o);
};

/**
 * Copies `from[start, end)` to `to` at `at`; returns the end. Most literals are a few bytes (a
 * digit of a resourceVersion, a timestamp), for which a subarray view costs more than the copy.
 */
const copyBytes = (from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): number => {
  if (end - start > 32) {
    to.set(from.subarray(start, end), at);
    return at + end - start;
  }
  let o = at;
  for (let q = start; q < end; q++) to[o++] = from[q]!;
  return o;
};

const writeToken = (out: Uint8Array, at: number, literal: number, sameAlignment: boolean): number => {
  const flag = sameAlignment ? 2 : 0;
  if (literal < LITERAL_INLINE_MAX) {
    out[at] = (literal << 2) | flag;
    return at + 1;
  }
  out[at] = (LITERAL_INLINE_MAX << 2) | flag;
  return writeVarint(out, at + 1, literal - LITERAL_INLINE_MAX);
};

/** Rebuilds the target from its base; throws on a delta that does not fit that base. */
export const applyDelta = (base: Uint8Array, delta: Uint8Array, baseCheck = contentCheck(base)): Buffer => {
  const r = { bytes: delta, at: 0 };
  const n = readVarint(r);
  const m = readVarint(r);
  if (m !== base.length) throw new RangeError(`delta expects a base of ${m} bytes, got ${base.length}`);
  if (r.at + 4 > delta.length) throw new RangeError('truncated delta header');
  const check =
    (delta[r.at]! | (delta[r.at + 1]! << 8) | (delta[r.at + 2]! << 16) | (delta[r.at + 3]! << 24)) >>> 0;
  r.at += 4;
  if (baseCheck !== check) throw new RangeError('delta applied to the wrong base');
  const out = Buffer.allocUnsafe(n);
  let o = 0;
  let prevEnd = 0;
  for (;;) {
    if (r.at >= delta.length) throw new RangeError('truncated delta');
    const token = delta[r.at++]!;
    let literal = token >>> 2;
    if (literal === LITERAL_INLINE_MAX) literal += readVarint(r);
    if (o + literal > n || r.at + literal > delta.length) throw new RangeError('delta literal out of bounds');
    out.set(delta.subarray(r.at, r.at + literal), o);
    r.at += literal;
    o += literal;
    if (o === n) break;
    const length = readVarint(r) + MIN_COPY;
    const expected = prevEnd + literal;
    const start = (token & 2) !== 0 ? expected : expected + unzigzag(readVarint(r));
    if (start < 0 || start + length > m || o + length > n) throw new RangeError('delta copy out of bounds');
    out.set(base.subarray(start, start + length), o);
    o += length;
    prevEnd = start + length;
  }
  if (r.at !== delta.length) throw new RangeError('trailing bytes after delta');
  return out;
};
