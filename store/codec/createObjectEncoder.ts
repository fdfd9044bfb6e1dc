// The writer's side: turns each observed version of an object into the bytes the log stores.
//
// Layout on disk is a star, not a chain: every few versions a keyframe (the whole text, deflated),
// and each version between keyframes is a delta against that keyframe, never against the previous
// version. Reading any version therefore needs at most two rows (one inflate and one delta apply),
// whatever the history, which keeps point reads well under a millisecond. Deltas against the
// keyframe grow with distance, but a pod's churn rewrites the same few fields (times,
// resourceVersion, states), so they stay small once the keyframe shows the pod in a settled
// state. A keyframe taken mid-transition (ContainerCreating) makes every later delta large, so a
// delta above a fifth of the keyframe's stored size starts a new keyframe instead: measured on
// generated pods, that rule matters more than the cadence (64 versions by default).
// See docs/decisions/0001-object-encoding.md.
import { deflateRawSync } from 'node:zlib';
import type { EncodedBody } from './encodings.ts';
import { Encoding } from './encodings.ts';
import {
  type BaseIndex,
  createDeltaScratch,
  encodeDelta,
  ensureScratch,
  indexBase,
  indexBytes,
} from './textDelta.ts';

export type ObjectEncoderOptions = {
  /** A keyframe at least every this many versions of an object (1 = every version whole). */
  keyframeEvery?: number;
  /** A delta larger than this fraction of its keyframe's stored size is replaced by a new keyframe. */
  maxDeltaRatio?: number;
  /** Objects whose keyframe is remembered; the least recently written are forgotten first. */
  maxKeys?: number;
  /** Memory the remembered keyframes (text plus index) may hold, bytes. */
  maxCacheBytes?: number;
  /** zlib level for keyframes. */
  deflateLevel?: number;
};

export type ObjectEncoder = {
  /**
   * Encodes one version of the object `key` (cluster/resource/uid) that will be stored at row
   * `position`. Call it only for rows that are certainly written, in position order; if a write
   * is rolled back, `forget` its keys (or `reset`) so no later delta points at a missing row.
   */
  encode(key: string, position: number, json: string, object?: unknown): EncodedBody;
  /** Drops what is remembered about `key` (after its deletion); its next version is a keyframe. */
  forget(key: string): void;
  /** Drops everything (after a rolled-back transaction). */
  reset(): void;
  /** Remembered objects and the bytes they hold, for metrics. */
  stats(): { keys: number; bytes: number };
};

type Keyframe = { position: number; base: BaseIndex; storedSize: number; deltas: number; cost: number };

/** Below this, deflate's fixed overhead is not worth paying. */
const MIN_DEFLATE_BYTES = 96;

const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Encodes a text with no base: deflate when that is smaller, raw otherwise. Always decodable alone. */
export const encodeStandalone = (json: string | Uint8Array, deflateLevel = 6): EncodedBody => {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  if (bytes.length >= MIN_DEFLATE_BYTES) {
    const deflated = deflateRawSync(bytes, { level: deflateLevel });
    if (deflated.length < bytes.length)
      return { encoding: Encoding.deflate, basePosition: null, body: deflated };
  }
  return { encoding: Encoding.raw, basePosition: null, body: Buffer.from(bytes) };
};

export const createObjectEncoder = (options: ObjectEncoderOptions = {}): ObjectEncoder => {
  const {
    keyframeEvery = 64,
    maxDeltaRatio = 0.2,
    maxKeys = 20_000,
    maxCacheBytes = 32 * 1024 * 1024,
    deflateLevel = 6,
  } = options;
  // Map iteration order is insertion order: re-inserting on use makes the first key the least recent.
  const cache = new Map<string, Keyframe>();
  let cacheBytes = 0;
  let scratch = createDeltaScratch();
  const encoder = new TextEncoder();

  const drop = (key: string): void => {
    const frame = cache.get(key);
    if (!frame) return;
    cache.delete(key);
    cacheBytes -= frame.cost;
  };

  const evict = (): void => {
    for (const key of cache.keys()) {
      if (cache.size <= maxKeys && cacheBytes <= maxCacheBytes) return;
      drop(key);
    }
  };

  return {
    encode(key, position, json) {
      if (!wellFormed(json))
        throw new RangeError(`object text for ${key} holds a lone surrogate: not valid UTF-8`);
      const frame = cache.get(key);
      // UTF-8 takes at most three bytes per UTF-16 unit; the scratch also holds the base's words.
      scratch = ensureScratch(scratch, Math.max(json.length * 3, frame ? frame.base.bytes.length : 0));
      const n = encoder.encodeInto(json, scratch.target).written;
      if (frame && frame.deltas + 1 < keyframeEvery && position > frame.position) {
        const limit = Math.floor(frame.storedSize * maxDeltaRatio);
        const length = encodeDelta(frame.base, scratch, n, limit);
        if (length >= 0) {
          frame.deltas++;
          cache.delete(key);
          cache.set(key, frame);
          return {
            encoding: Encoding.delta,
            basePosition: frame.position,
            body: Buffer.from(scratch.out.subarray(0, length)),
          };
        }
      }
      drop(key);
      const bytes = scratch.target.subarray(0, n);
      const stored = encodeStandalone(bytes, deflateLevel);
      if (keyframeEvery > 1) {
        const base = indexBase(bytes);
        const next: Keyframe = {
          position,
          base,
          storedSize: stored.body.length,
          deltas: 0,
          cost: indexBytes(base) + key.length * 2,
        };
        cache.set(key, next);
        cacheBytes += next.cost;
        evict();
      }
      return stored;
    },
    forget: drop,
    reset() {
      cache.clear();
      cacheBytes = 0;
    },
    stats: () => ({ keys: cache.size, bytes: cacheBytes }),
  };
};
