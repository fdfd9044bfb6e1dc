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
//
// Memory: a keyframe ready for deltas (text plus hash index, ~14 KB for a 9.5 KB pod) is held for
// the most recently written objects only (8 MB). For the others only where their keyframe lies is
// remembered (~100 bytes); their next version reads it back from the log (`loadKeyframe`: one row,
// one inflate) rather than starting a new keyframe, so a cluster of 10,000 changing pods keeps
// both its deltas and a recorder's memory.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EncodedBody, StoredBody } from './encodings.ts';
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
  /** Memory the keyframes held ready (text plus index) may take, bytes. */
  maxCacheBytes?: number;
  /**
   * Reads a stored keyframe back (the log row at a position). Without it, an object whose keyframe
   * no longer fits in memory starts a new keyframe instead.
   */
  loadKeyframe?: (position: number) => StoredBody | undefined;
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
/** Where an object's keyframe lies in the log, for an object not held ready. */
type KeyframeRef = { position: number; storedSize: number; deltas: number };

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
    maxCacheBytes = 8 * 1024 * 1024,
    loadKeyframe,
    deflateLevel = 6,
  } = options;
  // Map iteration order is insertion order: re-inserting on use makes the first key the least recent.
  const cache = new Map<string, Keyframe>();
  const refs = new Map<string, KeyframeRef>();
  let cacheBytes = 0;
  let scratch = createDeltaScratch();
  const encoder = new TextEncoder();

  const drop = (key: string): void => {
    refs.delete(key);
    const frame = cache.get(key);
    if (!frame) return;
    cache.delete(key);
    cacheBytes -= frame.cost;
  };

  const evict = (): void => {
    for (const [key, frame] of cache) {
      if (cache.size <= maxKeys && cacheBytes <= maxCacheBytes) break;
      drop(key);
      if (loadKeyframe)
        refs.set(key, { position: frame.position, storedSize: frame.storedSize, deltas: frame.deltas });
    }
    for (const key of refs.keys()) {
      if (refs.size + cache.size <= maxKeys) break;
      refs.delete(key);
    }
  };

  const hold = (key: string, position: number, bytes: Uint8Array, storedSize: number, deltas: number) => {
    const base = indexBase(bytes);
    const frame: Keyframe = { position, base, storedSize, deltas, cost: indexBytes(base) + key.length * 2 };
    cache.set(key, frame);
    cacheBytes += frame.cost;
    evict();
    return frame;
  };

  /** The object's keyframe ready for a delta: held in memory, or read back from the log. */
  const keyframeOf = (key: string): Keyframe | undefined => {
    const held = cache.get(key);
    if (held || !loadKeyframe) return held;
    const ref = refs.get(key);
    if (!ref) return undefined;
    refs.delete(key);
    const row = loadKeyframe(ref.position);
    if (!row || row.basePosition !== null) return undefined;
    const bytes =
      row.encoding === Encoding.deflate
        ? inflateRawSync(row.body)
        : row.encoding === Encoding.raw
          ? row.body
          : null;
    return bytes ? hold(key, ref.position, bytes, ref.storedSize, ref.deltas) : undefined;
  };

  return {
    encode(key, position, json) {
      if (!wellFormed(json))
        throw new RangeError(`object text for ${key} holds a lone surrogate: not valid UTF-8`);
      const frame = keyframeOf(key);
      // UTF-8 takes at most three bytes per UTF-16 unit; the scratch also holds the base's words.
      scratch = ensureScratch(scratch, Math.max(json.length * 3, frame ? frame.base.bytes.length : 0));
      const n = encoder.encodeInto(json, scratch.target).written;
      if (frame && frame.deltas + 1 < keyframeEvery && position > frame.position) {
        const limit = Math.floor(frame.storedSize * maxDeltaRatio);
        const length = encodeDelta(frame.base, scratch, n, limit);
        if (length >= 0) {
          frame.deltas++;
          if (cache.get(key) === frame) {
            cache.delete(key);
            cache.set(key, frame);
          } else {
            // Larger than the whole budget: it was let go as soon as it was read back.
            const ref = refs.get(key);
            if (ref) ref.deltas = frame.deltas;
          }
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
      if (keyframeEvery > 1) hold(key, position, bytes, stored.body.length, 0);
      return stored;
    },
    forget: drop,
    reset() {
      cache.clear();
      refs.clear();
      cacheBytes = 0;
    },
    stats: () => ({ keys: cache.size + refs.size, bytes: cacheBytes }),
  };
};
