// Measures the object codec on generated cluster data: encode and decode time per entry, and
// bytes stored per MODIFIED pod against its raw JSON. Run: node bin/run-ts.js bench/codec.bench.ts
// [--pods N] [--versions N] [--seed N]. Ends with one line of JSON holding every figure.
import { deflateRawSync } from 'node:zlib';
import type { ObjectEncoderOptions, StoredBody } from '../store/codec/index.ts';
import { createObjectDecoder, createObjectEncoder, decodeObject } from '../store/codec/index.ts';
import { generateWatchStream } from './generate.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
};

const options = {
  seed: arg('seed', 42),
  pods: arg('pods', 1500),
  namespaces: 20,
  versionsPerPod: arg('versions', 40),
  startTime: Date.UTC(2026, 0, 2, 3, 0, 0),
};

type Entry = { key: string; type: string; kind: string; json: string };

/** The stream as the collector would store it: the object re-serialised, keyed by uid. */
function* entries(): Generator<Entry> {
  for (const line of generateWatchStream(options)) {
    const event = JSON.parse(line) as { type: string; object: { kind: string; metadata: { uid: string } } };
    const resource = event.object.kind === 'Pod' ? 'pods' : 'events';
    yield {
      key: `default/${resource}/${event.object.metadata.uid}`,
      type: event.type,
      kind: event.object.kind,
      json: JSON.stringify(event.object),
    };
  }
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

type RunResult = {
  entries: number;
  encodeMicros: number;
  parseMicros: number;
  podModifiedRaw: number;
  podModifiedStored: number;
  podModifiedCount: number;
  eventRaw: number;
  eventStored: number;
  rows: Map<number, StoredBody>;
  encodings: Record<number, number>;
  cacheBytes: number;
};

const run = (encoderOptions: ObjectEncoderOptions, keepRows: boolean): RunResult => {
  const encoder = createObjectEncoder(encoderOptions);
  const rows = new Map<number, StoredBody>();
  const encodings: Record<number, number> = {};
  let position = 0;
  let encodeMs = 0;
  let parseMs = 0;
  let podModifiedRaw = 0;
  let podModifiedStored = 0;
  let podModifiedCount = 0;
  let eventRaw = 0;
  let eventStored = 0;
  // Encode in batches so the timer's own cost stays out of the figure.
  const batch: Entry[] = [];
  const flush = () => {
    const stored: StoredBody[] = new Array(batch.length);
    const start = performance.now();
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      stored[i] = encoder.encode(e.key, position + i + 1, e.json);
    }
    encodeMs += performance.now() - start;
    // Yardstick for this machine: parsing the same texts, which every ingest path does anyway.
    const parseStart = performance.now();
    for (const e of batch) JSON.parse(e.json);
    parseMs += performance.now() - parseStart;
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      const s = stored[i]!;
      position++;
      encodings[s.encoding] = (encodings[s.encoding] ?? 0) + 1;
      if (keepRows) rows.set(position, s);
      const raw = Buffer.byteLength(e.json);
      if (e.kind === 'Pod' && e.type === 'MODIFIED') {
        podModifiedRaw += raw;
        podModifiedStored += s.body.length;
        podModifiedCount++;
      } else if (e.kind === 'Event') {
        eventRaw += raw;
        eventStored += s.body.length;
      }
    }
    batch.length = 0;
  };
  for (const e of entries()) {
    batch.push(e);
    if (batch.length === 2000) flush();
  }
  flush();
  return {
    entries: position,
    encodeMicros: (encodeMs * 1000) / position,
    parseMicros: (parseMs * 1000) / position,
    podModifiedRaw,
    podModifiedStored,
    podModifiedCount,
    eventRaw,
    eventStored,
    rows,
    encodings,
    cacheBytes: encoder.stats().bytes,
  };
};

const log = (text: string) => process.stdout.write(`${text}\n`);

log(`codec bench: ${JSON.stringify(options)} on Node ${process.version}`);
run({}, false); // warm-up: let V8 optimise before measuring

const main = run({}, true);
const podRatio = main.podModifiedStored / main.podModifiedRaw;
log(
  `defaults (keyframe every 64, maxDeltaRatio 0.2): ${main.entries} entries, encode ${round(main.encodeMicros)} µs/entry (JSON.parse of the same text: ${round(main.parseMicros)} µs), ` +
    `MODIFIED pod ${round(main.podModifiedStored / main.podModifiedCount, 0)} B stored vs ${round(
      main.podModifiedRaw / main.podModifiedCount,
      0,
    )} B raw = ${round(podRatio * 100)}%, events ${round((main.eventStored / main.eventRaw) * 100)}%, ` +
    `encodings ${JSON.stringify(main.encodings)}, cache ${round(main.cacheBytes / 1048576, 1)} MB`,
);

// Decode: every entry read back alone (a point read: keyframe inflate + one delta), then as a scan
// with the keyframe cache; both checked byte for byte against the original text.
const load = (position: number): StoredBody => {
  const row = main.rows.get(position);
  if (!row) throw new Error(`no row ${position}`);
  return row;
};
const pointTimes: number[] = [];
let scanMs = 0;
let mismatches = 0;
const decoder = createObjectDecoder();
{
  let position = 0;
  for (const e of entries()) {
    position++;
    const row = load(position);
    const start = performance.now();
    const text = decodeObject(row.encoding, row.body, load, row.basePosition);
    pointTimes.push((performance.now() - start) * 1000);
    const scanStart = performance.now();
    const scanned = decoder.decode(row.encoding, row.body, row.basePosition, load);
    scanMs += performance.now() - scanStart;
    if (text !== e.json || scanned !== e.json) mismatches++;
  }
}
pointTimes.sort((a, b) => a - b);
const pointMean = pointTimes.reduce((a, b) => a + b, 0) / pointTimes.length;
log(
  `decode point read: mean ${round(pointMean)} µs, p50 ${round(quantile(pointTimes, 0.5))} µs, ` +
    `p99 ${round(quantile(pointTimes, 0.99))} µs; scan with keyframe cache ${round(
      (scanMs * 1000) / main.entries,
    )} µs/entry; mismatches ${mismatches}`,
);

// The cadence trade-off: bytes against keyframe distance.
const cadence: Record<string, { ratioPct: number; encodeMicros: number }> = {};
for (const keyframeEvery of [8, 32, 128]) {
  const r = run({ keyframeEvery }, false);
  cadence[keyframeEvery] = {
    ratioPct: round((r.podModifiedStored / r.podModifiedRaw) * 100),
    encodeMicros: round(r.encodeMicros),
  };
  log(
    `keyframe every ${keyframeEvery}: MODIFIED pod ${cadence[keyframeEvery].ratioPct}%, encode ${cadence[keyframeEvery].encodeMicros} µs/entry`,
  );
}

// Without the early re-keying rule: deltas against a keyframe taken mid-transition stay large.
const lateRekey = run({ maxDeltaRatio: 0.5 }, false);
const lateRekeyPct = round((lateRekey.podModifiedStored / lateRekey.podModifiedRaw) * 100);
log(`maxDeltaRatio 0.5: MODIFIED pod ${lateRekeyPct}%`);

// The alternative considered: zlib deflate with the keyframe text as preset dictionary.
const dictionaryAlternative: Record<string, { ratioPct: number; encodeMicros: number }> = {};
for (const level of [1, 6]) {
  const keyframes = new Map<string, { dict: Buffer; since: number }>();
  let raw = 0;
  let stored = 0;
  let ms = 0;
  let n = 0;
  for (const e of entries()) {
    if (n >= 20_000) break;
    if (e.kind !== 'Pod') continue;
    const bytes = Buffer.from(e.json);
    const start = performance.now();
    const frame = keyframes.get(e.key);
    let body: Buffer;
    if (frame && frame.since < 31) {
      body = deflateRawSync(bytes, { level, dictionary: frame.dict });
      frame.since++;
    } else {
      body = deflateRawSync(bytes, { level });
      keyframes.set(e.key, { dict: bytes, since: 0 });
    }
    ms += performance.now() - start;
    n++;
    if (e.type === 'MODIFIED') {
      raw += bytes.length;
      stored += body.length;
    }
  }
  dictionaryAlternative[`level${level}`] = {
    ratioPct: round((stored / raw) * 100),
    encodeMicros: round((ms * 1000) / n),
  };
  log(
    `alternative deflate+keyframe dictionary, level ${level}: MODIFIED pod ${round((stored / raw) * 100)}%, encode ${round((ms * 1000) / n)} µs/entry (pods only)`,
  );
}

log(
  JSON.stringify({
    bench: 'codec',
    node: process.version,
    entries: main.entries,
    podModifiedEntries: main.podModifiedCount,
    podModifiedRawBytes: round(main.podModifiedRaw / main.podModifiedCount, 0),
    podModifiedStoredBytes: round(main.podModifiedStored / main.podModifiedCount, 0),
    podModifiedRatioPct: round(podRatio * 100),
    eventRatioPct: round((main.eventStored / main.eventRaw) * 100),
    encodeMicrosPerEntry: round(main.encodeMicros),
    jsonParseMicrosPerEntry: round(main.parseMicros),
    decodePointMeanMicros: round(pointMean),
    decodePointP99Micros: round(quantile(pointTimes, 0.99)),
    decodeScanMicrosPerEntry: round((scanMs * 1000) / main.entries),
    mismatches,
    cadence,
    maxDeltaRatio05Pct: lateRekeyPct,
    dictionaryAlternative,
  }),
);
