// The writer's side: turns each observed version of an object into the bytes the log stores.
//
// Layout on disk is a star, not a chain: a keyframe (the whole text, deflated) and deltas against
// it, never against the previous version. Reading any version therefore needs at most two rows
// (one inflate and one delta apply), whatever the history, which keeps point reads well under a
// millisecond. An object's own keyframe is rewritten every `keyframeEvery` versions and whenever a
// delta would exceed `maxDeltaRatio` of the keyframe's stored size: a keyframe taken mid-transition
// (ContainerCreating) makes every later delta large, and re-keying once the pod has settled halves
// the following deltas.
//
// Families: objects of one family (the pods of one ReplicaSet, the Events of one namespace) are
// near copies of each other. An object that has no keyframe of its own yet (its first version, or
// one its keyframe was forgotten for) is first tried as a delta against one of the family's newest
// keyframes, which are another object's rows. Most objects then never need a keyframe at all, and a
// keyframe costs about 20 µs of zlib set-up even for a 1 KB Event and 100 µs for a pod, against a
// few µs for a delta. The base is still a keyframe, so reads still take two rows.
// See docs/decisions/0001-object-encoding.md.
//
// Memory: keyframes held ready for deltas (text plus hash index, ~14 KB for a 9.5 KB pod) are an
// LRU by position within `maxCacheBytes`, shared by every object whose deltas use them. For the
// others only where the keyframe lies is remembered (~100 bytes an object); a keyframe let go is
// read back from the log when next needed (`loadKeyframe`: one row, one inflate), so a cluster of
// 10,000 changing pods keeps both its deltas and a recorder's memory.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
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
  /** A keyframe of its own at least every this many versions of an object (1 = every version whole). */
  keyframeEvery?: number;
  /** A delta larger than this fraction of its keyframe's stored size is replaced by a new keyframe. */
  maxDeltaRatio?: number;
  /**
   * The same for an object's first delta against a family keyframe: the alternative is a keyframe
   * of its own, which costs about the family keyframe's size, so a looser bound still saves bytes.
   */
  maxFamilyDeltaRatio?: number;
  /**
   * Objects whose keyframe is remembered; the least recently written are forgotten first. By
   * default 20,000, or more when `maxCacheBytes` affords it (see `keysFor`).
   */
  maxKeys?: number;
  /** Memory the keyframes held ready (text plus index) may take, bytes. */
  maxCacheBytes?: number;
  /** Families remembered, and keyframes tried per family (newest first). */
  maxFamilies?: number;
  keyframesPerFamily?: number;
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
   * `position`; `memberOf` names the families of objects it may share keyframes with, the
   * closest first. Call it in position order; if the row is not written, `discard` it, and if a
   * transaction is rolled back, `reset`, so no later delta points at a missing row.
   */
  encode(key: string, position: number, json: string, memberOf?: readonly string[]): EncodedBody;
  /** Drops what is remembered about `key` (after its deletion). */
  forget(key: string): void;
  /**
   * Undoes the last `encode` when its row was not written after all (the log already held that
   * version): the text held for `position`, which the next row takes, is dropped, and the object
   * starts afresh at its next version.
   */
  discard(key: string, position: number): void;
  /** Drops everything (after a rolled-back transaction). */
  reset(): void;
  /** Remembered objects and the bytes their keyframes hold, for metrics. */
  stats(): { keys: number; bytes: number };
};

/** Where a keyframe lies, and its stored size (what the delta-size rules compare against). */
type KeyframeRef = { position: number; storedSize: number };
/** An object's current base, and how many of its versions are deltas against it. */
type KeyState = KeyframeRef & { deltas: number };
/**
 * A literal, not a spread of the ref: thousands of these live in the LRU, and V8 gave each spread
 * result a hidden class of its own.
 */
const keyState = (ref: KeyframeRef, deltas: number): KeyState => ({
  position: ref.position,
  storedSize: ref.storedSize,
  deltas,
});
type HeldKeyframe = { base: BaseIndex; cost: number };

/** Below this, deflate's fixed overhead is not worth paying. */
const MIN_DEFLATE_BYTES = 96;

const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * zlib sizes its window and hash table for 32 KB by default and clears them on every call. A text
 * of a few KB is compressed exactly the same with a window just larger than itself (deflate never
 * looks further back than the text's start), and the raw stream is read back with the default
 * window; only the set-up work shrinks.
 */
const deflateOptions = (length: number, level: number) => {
  let windowBits = 9;
  while (windowBits < 15 && 1 << windowBits < length + 262) windowBits++;
  return { level, windowBits, memLevel: Math.min(8, windowBits - 6) };
};

/** Encodes a text with no base: deflate when that is smaller, raw otherwise. Always decodable alone. */
export const encodeStandalone = (json: string | Uint8Array, deflateLevel = 6): EncodedBody => {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  if (bytes.length >= MIN_DEFLATE_BYTES) {
    const deflated = deflateRawSync(bytes, deflateOptions(bytes.length, deflateLevel));
    if (deflated.length < bytes.length)
      return { encoding: Encoding.deflate, basePosition: null, body: deflated };
  }
  return { encoding: Encoding.raw, basePosition: null, body: Buffer.from(bytes) };
};

/**
 * Objects whose keyframe a budget of keyframe memory remembers: at least 20,000, and a key (about
 * 200 bytes) for every 2 KB of the budget beyond that. An object forgotten between two of its
 * versions gets a new keyframe (about 100 µs and 2.4 KB for a pod, against 15 µs and 300 B for a
 * delta). On the bench's stream of 10,000 pods in flight and their Events, 20,000 keys made 23% of
 * the pods' MODIFIED versions keyframes, against 17% with a key for every object (300,000 entries:
 * 11% fewer bytes, 11% faster).
 */
export const keysFor = (maxCacheBytes: number): number => Math.max(20_000, Math.floor(maxCacheBytes / 2048));

export const createObjectEncoder = (options: ObjectEncoderOptions = {}): ObjectEncoder => {
  const {
    keyframeEvery = 64,
    maxDeltaRatio = 0.2,
    maxFamilyDeltaRatio = 0.5,
    maxCacheBytes = 8 * 1024 * 1024,
    maxKeys = keysFor(maxCacheBytes),
    maxFamilies = 4096,
    keyframesPerFamily = 3,
    loadKeyframe,
    deflateLevel = 6,
  } = options;
  // Least recently used first out. Not a Map in insertion order: evicting its oldest entry walks
  // past every entry deleted before it, which cost 40-60 µs an eviction once a cache held 170,000.
  const keys = new LRUCache<string, KeyState>({ max: Math.max(1, maxKeys) });
  const familyKeyframes = new LRUCache<string, KeyframeRef[]>({ max: Math.max(1, maxFamilies) });
  const held = new LRUCache<number, HeldKeyframe>({
    maxSize: Math.max(1, maxCacheBytes),
    sizeCalculation: (frame) => frame.cost,
  });
  let scratch = createDeltaScratch();
  const encoder = new TextEncoder();

  /** Indexes a keyframe and holds it within the budget (one larger than the budget is not held). */
  const hold = (position: number, bytes: Uint8Array): HeldKeyframe => {
    const base = indexBase(bytes);
    const frame = { base, cost: indexBytes(base) };
    held.set(position, frame);
    return frame;
  };

  /** The keyframe at `position`, ready for a delta: held in memory, or read back from the log. */
  const keyframeAt = (position: number): HeldKeyframe | undefined => {
    const frame = held.get(position);
    if (frame) return frame;
    const row = loadKeyframe?.(position);
    if (!row || row.basePosition !== null) return undefined;
    const bytes =
      row.encoding === Encoding.deflate
        ? inflateRawSync(row.body)
        : row.encoding === Encoding.raw
          ? row.body
          : null;
    return bytes ? hold(position, bytes) : undefined;
  };

  /** Puts the text in the scratch as UTF-8; its length in bytes. */
  const load = (json: string): number => {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    scratch = ensureScratch(scratch, json.length * 3);
    return encoder.encodeInto(json, scratch.target).written;
  };

  /** The delta of the text in the scratch (n bytes) against a keyframe, or undefined past `limit`. */
  const deltaAgainst = (ref: KeyframeRef, n: number, limit: number): EncodedBody | undefined => {
    const frame = keyframeAt(ref.position);
    if (!frame) return undefined;
    const length = encodeDelta(frame.base, scratch, n, Math.floor(limit));
    if (length < 0) return undefined;
    return {
      encoding: Encoding.delta,
      basePosition: ref.position,
      body: Buffer.from(scratch.out.subarray(0, length)),
    };
  };

  return {
    encode(key, position, json, memberOf = []) {
      const n = load(json);
      // One byte per unit means all ASCII, so well formed: the scan is only for the rest.
      if (n !== json.length && !wellFormed(json))
        throw new RangeError(`object text for ${key} holds a lone surrogate: not valid UTF-8`);
      // Every path below leaves `key` the most recently used, so reading it may already do so.
      const state = keys.get(key);
      const due = state !== undefined && state.deltas + 1 >= keyframeEvery;
      if (state && !due && position > state.position) {
        const delta = deltaAgainst(state, n, state.storedSize * maxDeltaRatio);
        if (delta) {
          state.deltas++;
          return delta;
        }
      }
      // A periodic full copy is the object's own; otherwise a family keyframe may serve, under the
      // looser bound only for an object that has no keyframe to compare with.
      const shared = keyframeEvery > 1 && !due;
      const ratio = state ? maxDeltaRatio : maxFamilyDeltaRatio;
      for (const family of shared ? memberOf : []) {
        // Looked at without making it recent: only a family that served a delta becomes so.
        const kin = familyKeyframes.peek(family);
        for (const ref of kin ?? []) {
          if (ref.position >= position || ref.position === state?.position) continue;
          const delta = deltaAgainst(ref, n, ref.storedSize * ratio);
          if (delta) {
            keys.set(key, keyState(ref, 1));
            familyKeyframes.set(family, kin as KeyframeRef[]);
            return delta;
          }
        }
      }
      const bytes = scratch.target.subarray(0, n);
      const stored = encodeStandalone(bytes, deflateLevel);
      if (keyframeEvery > 1) {
        const ref = { position, storedSize: stored.body.length };
        keys.set(key, keyState(ref, 0));
        hold(position, bytes);
        for (const family of memberOf) {
          const refs = [ref, ...(familyKeyframes.peek(family) ?? [])].slice(0, keyframesPerFamily);
          familyKeyframes.set(family, refs);
        }
      }
      return stored;
    },
    forget(key) {
      keys.delete(key);
    },
    discard(key, position) {
      keys.delete(key);
      // The text held for `position` must go: the row written there will be another. A family may
      // still name the position, which is safe: a keyframe is always what is held for, or read
      // back from, the row at its position, so a delta is only ever taken against that row.
      held.delete(position);
    },
    reset() {
      keys.clear();
      familyKeyframes.clear();
      held.clear();
    },
    stats: () => ({ keys: keys.size, bytes: held.calculatedSize }),
  };
};
