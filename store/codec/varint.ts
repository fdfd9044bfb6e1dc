// Unsigned LEB128 varints, for the delta format's lengths and offsets.

/** Writes `value` (a non-negative safe integer below 2^35) at `at`; returns the next offset. */
export const writeVarint = (out: Uint8Array, at: number, value: number): number => {
  let v = value;
  let o = at;
  while (v >= 0x80) {
    out[o++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[o++] = v;
  return o;
};

/** Maps signed to unsigned so small negative offsets stay one byte. */
export const zigzag = (value: number): number => (value < 0 ? -value * 2 - 1 : value * 2);
export const unzigzag = (value: number): number => (value % 2 === 1 ? -(value + 1) / 2 : value / 2);

/** A cursor over a delta body; reading past the end throws instead of returning garbage. */
export type Reader = { bytes: Uint8Array; at: number };

export const readVarint = (r: Reader): number => {
  let result = 0;
  let scale = 1;
  for (let shift = 0; shift < 35; shift += 7) {
    if (r.at >= r.bytes.length) throw new RangeError('truncated varint');
    const byte = r.bytes[r.at++]!;
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) return result;
    scale *= 128;
  }
  throw new RangeError('varint too long');
};
