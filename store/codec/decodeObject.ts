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
      // Held in memory of its own size: inflate's output and small Buffers are views of larger
      // allocations (a rebuild that held 256 MB of keyframes so took 1.4 GB).
      if (baseCache) baseCache.set(basePosition, { bytes: new Uint8Array(base), check });
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

type DecodedBase = { bytes: Uint8Array; check: number };
type BaseCache = {
  get(position: number): DecodedBase | undefined;
  set(position: number, base: DecodedBase): void;
};

export type ObjectDecoder = {
  decode(encoding: number, body: Buffer, basePosition: number | null, loadBase: LoadBase): string;
  /** Drops every base held (positions a rolled-back transaction wrote will hold other rows). */
  forget(): void;
};

/**
 * A decoder that keeps the keyframes it decoded, the most recently used first, within `maxBases`
 * of them and `maxBytes` of their text: reads of many deltas of one keyframe (a rebuild, a pod's
 * history, a page of a list) then inflate it once, instead of reading it back for every delta.
 */
export const createObjectDecoder = (
  options: { maxBases?: number; maxBytes?: number } = {},
): ObjectDecoder => {
  const { maxBases, maxBytes = 64 * 1024 * 1024 } = options;
  const cache = new LRUCache<number, DecodedBase>({
    ...(maxBases === undefined ? {} : { max: Math.max(1, maxBases) }),
    maxSize: Math.max(1, maxBytes),
    sizeCalculation: (base) => Math.max(1, base.bytes.length),
  });
  return {
    decode(encoding, body, basePosition, loadBase) {
      try {
        return decodeBytes(encoding, body, basePosition, loadBase, 0, cache).toString('utf8');
      } catch (error) {
        if (error instanceof KubetrailError) throw error;
        throw storageError(error, basePosition);
      }
    },
    forget: () => cache.clear(),
  };
};
