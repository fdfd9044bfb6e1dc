// Small formatters shared by the engine: Kubernetes timestamps, Go durations, ids, quantities.
import { createHash } from 'node:crypto';

/** metav1.Time: RFC3339 with one-second resolution. */
export const rfc3339 = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** metav1.MicroTime: RFC3339 with microseconds (the clock has milliseconds). */
export const microTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

/** A duration as Go's time.Duration.String() prints it: 523ms, 1.286s, 1m20s, 5m0s. */
export const goDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Number((totalSeconds % 60).toFixed(3));
  const s = `${seconds}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
};

export type Ids = {
  hex(length: number): string;
  uid(): string;
  /** Five characters as the API server's generateName appends. */
  suffix(length?: number): string;
};

// The alphabet of k8s.io/apimachinery's rand.String: no vowels, no confusable digits.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export const createIds = (random: () => number): Ids => {
  const hex = (length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
    return out;
  };
  return {
    hex,
    uid: () => {
      const h = hex(32);
      const variant = '89ab'[Math.floor(random() * 4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
    },
    suffix: (length = 5) => {
      let out = '';
      for (let i = 0; i < length; i++) out += SAFE[Math.floor(random() * SAFE.length)];
      return out;
    },
  };
};

/** A stable hash in the safe alphabet, as pod-template-hash looks (derived from the template). */
export const templateHash = (value: unknown): string => {
  const digest = createHash('sha256').update(JSON.stringify(value)).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += SAFE[digest[i]! % SAFE.length];
  return out;
};

/** sha256 hex of a string, for image digests that stay the same for the same image. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The fully qualified reference the runtime reports for an image: busybox:1.36 → docker.io/library/busybox:1.36. */
export const qualifyImage = (image: string): string => {
  const withTag = /:[^/]+$/.test(image) || image.includes('@') ? image : `${image}:latest`;
  const first = withTag.split('/')[0] ?? '';
  if (withTag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return withTag;
  return withTag.includes('/') ? `docker.io/${withTag}` : `docker.io/library/${withTag}`;
};

/** image@sha256:… as status.containerStatuses[].imageID shows it. */
export const imageIdOf = (image: string): string => {
  const qualified = qualifyImage(image);
  const repo = qualified.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${sha256(qualified)}`;
};

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 0.001,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A resource.Quantity as a number (cores for cpu, bytes for memory). */
export const parseQuantity = (q: string | number | undefined): number => {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q.trim());
  if (!m) return 0;
  return Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? 1);
};
