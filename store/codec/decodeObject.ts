// The reader's side: gives back the exact JSON text that was observed.

import { inflateRawSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { KubetrailError } from '../errors.ts';
import type { StoredBody } from './encodings.ts';
import { Encoding } from './encodings.ts';
import { applyDelta, contentCheck } from './textDelta.ts';

/** Loads the stored row at a position (a delta's base). */
export type LoadBase = (position: number) => StoredBody;

/** The writer never chains deltas; this only bounds the damage of a corrupt or cyclic log. */
const MAX_CHAIN = 16;

const decodeBytes = (
  encoding: number,
  body: Buffer,
  basePosition: number | null,
  loadBase: LoadBase,
  depth: number,
  baseCache: BaseCache | null,
): Buffer => {
  switch (encoding) {
    case Encoding.raw:
      return body;
    case Encoding.deflate:
      return inflateRawSync(body);
    case Encoding.delta: {
      if (basePosition === null) throw new RangeError('delta without a base position');
      if (depth >= MAX_CHAIN) throw new RangeError(`delta chain longer than ${MAX_CHAIN}`);
      const cached = baseCache?.get(basePosition);
      if (cached) return applyDelta(cached.bytes, body, cached.check);
      const row = loadBase(basePosition);
      const base = decodeBytes(row.encoding, row.body, row.basePosition, loadBase, depth + 1, baseCache);
      const check = contentCheck(base);
      baseCache?.set(basePosition, { bytes: base, check });
      return applyDelta(base, body, check);
    }
    default:
      throw new RangeError(`unknown encoding ${encoding}`);
  }
};

const storageError = (error: unknown, basePosition: number | null): KubetrailError =>
  new KubetrailError(
    'storage',
    `cannot decode object body${basePosition === null ? '' : ` (base at position ${basePosition})`}: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );

/**
 * Decodes a stored body to the exact JSON text observed. `basePosition` is the row's
 * `base_position` column; `loadBase` is called for it when the body is a delta.
 */
export const decodeObject = (
  encoding: number,
  body: Buffer,
  loadBase: LoadBase,
  basePosition: number | null = null,
): string => {
  try {
    return decodeBytes(encoding, body, basePosition, loadBase, 0, null).toString('utf8');
  } catch (error) {
    if (error instanceof KubetrailError) throw error;
    throw storageError(error, basePosition);
  }
};

type DecodedBase = { bytes: Buffer; check: number };
type BaseCache = {
  get(position: number): DecodedBase | undefined;
  set(position: number, base: DecodedBase): void;
};

export type ObjectDecoder = {
  decode(encoding: number, body: Buffer, basePosition: number | null, loadBase: LoadBase): string;
};

/**
 * A decoder that remembers the last `maxBases` decoded keyframes, for scans (projection rebuild,
 * timelines) that read many deltas of the same keyframe: each keyframe is then inflated once.
 */
export const createObjectDecoder = (options: { maxBases?: number } = {}): ObjectDecoder => {
  const { maxBases = 256 } = options;
  const cache: BaseCache = new LRUCache<number, DecodedBase>({ max: Math.max(1, maxBases) });
  return {
    decode(encoding, body, basePosition, loadBase) {
      try {
        return decodeBytes(encoding, body, basePosition, loadBase, 0, cache).toString('utf8');
      } catch (error) {
        if (error instanceof KubetrailError) throw error;
        throw storageError(error, basePosition);
      }
    },
  };
};
