// A byte delta of one text against another (a small LZ77 with an external dictionary): the target
// is a sequence of literals and copies out of the base. Successive versions of a Kubernetes object
// differ in a few scattered places (resourceVersion, timestamps, states), so the delta is mostly
// copies. Written in plain JS over bytes because a zlib call costs more (about 18 µs even for a
// tiny input, 130 µs or more with an 8 KB preset dictionary) than this whole encoder.
//
// Body layout (all integers unsigned LEB128):
//   targetLength, baseLength, baseHash (4 bytes, little endian, FNV-1a of the base),
//   then repeated: literalLength, literal bytes, [copyLength, zigzag(copyStart - expectedStart)]
//   until targetLength bytes are produced. expectedStart is where the previous copy ended plus the
//   literal just written, so an equal-length substitution costs offset 0 (one byte).
import { readVarint, unzigzag, writeVarint, zigzag } from './varint.ts';

/** Bytes hashed to find a match. */
const HASHED = 8;
/** Every STEP-th base position is indexed: any common run of HASHED + STEP - 1 bytes is found. */
const STEP = 8;
/** Shortest copy worth its three bytes of op when it continues the current alignment. */
const MIN_ALIGNED = 6;

/** A base text with a hash index of its positions, kept between encodes. */
export type BaseIndex = {
  bytes: Uint8Array;
  hash: number;
  /** Slot → (base position / STEP) + 1; 0 means empty. */
  table: Uint16Array | Uint32Array;
  shift: number;
};

export const fnv1a = (bytes: Uint8Array): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
};

const hashAt = (b: Uint8Array, p: number, shift: number): number => {
  const lo = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
  return (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ (lo >>> 13), 0x85ebca77)) >>> shift;
};

export const indexBase = (bytes: Uint8Array): BaseIndex => {
  const positions = Math.ceil(bytes.length / STEP);
  let bits = 4;
  while (1 << bits < positions) bits++;
  const table = positions < 0xffff ? new Uint16Array(1 << bits) : new Uint32Array(1 << bits);
  const shift = 32 - bits;
  // Walk backwards so the earliest position wins a collision (earlier text is more often reused).
  for (let p = (positions - 1) * STEP; p >= 0; p -= STEP) {
    if (p + HASHED <= bytes.length) table[hashAt(bytes, p, shift)] = p / STEP + 1;
  }
  return { bytes, hash: fnv1a(bytes), table, shift };
};

/** Memory held by an index, for the encoder's cache budget. */
export const indexBytes = (index: BaseIndex): number => index.bytes.byteLength + index.table.byteLength + 96;

/**
 * Writes the delta of `target` against `base` into `out` and returns its length, or -1 as soon as
 * it would exceed `limit` bytes (the caller then stores a full copy instead).
 */
export const encodeDelta = (base: BaseIndex, target: Uint8Array, out: Uint8Array, limit: number): number => {
  const b = base.bytes;
  const { table, shift } = base;
  const n = target.length;
  const m = b.length;
  const max = Math.min(limit, out.length);
  if (max < 20) return -1;
  let o = writeVarint(out, 0, n);
  o = writeVarint(out, o, m);
  out[o++] = base.hash & 0xff;
  out[o++] = (base.hash >>> 8) & 0xff;
  out[o++] = (base.hash >>> 16) & 0xff;
  out[o++] = base.hash >>> 24;
  let litStart = 0;
  let prevEnd = 0;
  let i = 0;
  while (i + HASHED <= n) {
    let cand = -1;
    let verified = 0;
    // First guess: the text continues at the same alignment after a same-length substitution.
    const aligned = prevEnd + (i - litStart);
    if (aligned + MIN_ALIGNED <= m) {
      let k = 0;
      while (k < MIN_ALIGNED && target[i + k] === b[aligned + k]) k++;
      if (k === MIN_ALIGNED) {
        cand = aligned;
        verified = k;
      }
    }
    if (cand < 0) {
      const slot = table[hashAt(target, i, shift)]!;
      if (slot !== 0) {
        const c = (slot - 1) * STEP;
        let k = 0;
        while (k < HASHED && target[i + k] === b[c + k]) k++;
        if (k === HASHED) {
          cand = c;
          verified = k;
        }
      }
    }
    if (cand < 0) {
      i++;
      continue;
    }
    // Grow the match backwards into the pending literal, then forwards as far as it goes.
    let s = i;
    let c = cand;
    while (s > litStart && c > 0 && target[s - 1] === b[c - 1]) {
      s--;
      c--;
    }
    let e = i + verified;
    let ce = cand + verified;
    while (e < n && ce < m && target[e] === b[ce]) {
      e++;
      ce++;
    }
    const literal = s - litStart;
    if (o + literal + 20 > max) return -1;
    o = writeVarint(out, o, literal);
    out.set(target.subarray(litStart, s), o);
    o += literal;
    o = writeVarint(out, o, e - s);
    o = writeVarint(out, o, zigzag(c - (prevEnd + literal)));
    prevEnd = ce;
    litStart = e;
    i = e;
  }
  const literal = n - litStart;
  if (o + literal + 5 > max) return -1;
  o = writeVarint(out, o, literal);
  out.set(target.subarray(litStart, n), o);
  return o + literal;
};

/** Rebuilds the target from its base; throws on a delta that does not fit that base. */
export const applyDelta = (base: Uint8Array, delta: Uint8Array, baseHash = fnv1a(base)): Buffer => {
  const r = { bytes: delta, at: 0 };
  const n = readVarint(r);
  const m = readVarint(r);
  if (m !== base.length) throw new RangeError(`delta expects a base of ${m} bytes, got ${base.length}`);
  if (r.at + 4 > delta.length) throw new RangeError('truncated delta header');
  const expectedHash =
    (delta[r.at]! | (delta[r.at + 1]! << 8) | (delta[r.at + 2]! << 16) | (delta[r.at + 3]! << 24)) >>> 0;
  r.at += 4;
  if (baseHash !== expectedHash) throw new RangeError('delta base hash mismatch');
  const out = Buffer.allocUnsafe(n);
  let o = 0;
  let prevEnd = 0;
  for (;;) {
    const literal = readVarint(r);
    if (o + literal > n || r.at + literal > delta.length) throw new RangeError('delta literal out of bounds');
    out.set(delta.subarray(r.at, r.at + literal), o);
    r.at += literal;
    o += literal;
    if (o === n) break;
    const length = readVarint(r);
    const start = prevEnd + literal + unzigzag(readVarint(r));
    if (length === 0 || start < 0 || start + length > m || o + length > n) {
      throw new RangeError('delta copy out of bounds');
    }
    out.set(base.subarray(start, start + length), o);
    o += length;
    prevEnd = start + length;
  }
  if (r.at !== delta.length) throw new RangeError('trailing bytes after delta');
  return out;
};
