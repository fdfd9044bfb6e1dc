// Values of the log's `encoding` column. Never renumber or change the meaning of a value once
// rows carry it; a new format gets a new number.
export const Encoding = {
  /** UTF-8 JSON text as observed. Standalone. */
  raw: 0,
  /** The UTF-8 JSON text, deflate-raw compressed (RFC 1951, no preset dictionary). Standalone. */
  deflate: 1,
  /** A byte delta (see textDelta.ts) against the decoded text of the row at `base_position`. */
  delta: 2,
} as const;

export type EncodingValue = (typeof Encoding)[keyof typeof Encoding];

/** What the store writes for one object version. */
export type EncodedBody = { encoding: number; basePosition: number | null; body: Buffer };

/** A stored row, as much of it as decoding needs. */
export type StoredBody = { encoding: number; body: Buffer; basePosition: number | null };
