// Replay and query figures over the built log, through the read-only store the API uses.
import { getHeapStatistics } from 'node:v8';
import { createQueries, openStore } from '../store/index.ts';
import { type DiskReads, diskReadsBetween, sampleIo } from './diskReads.ts';
import { createRng } from './generate.ts';

export type QueryFigures = {
  podAtP50Ms: number;
  podAtP99Ms: number;
  podAtSamples: number;
  /** The first pass, over other samples, as the OS page cache held the log before any query. */
  podAtColdP99Ms: number;
  /**
   * Samples of each pass (the first, then the figure's) over 1 ms, and how many of them a garbage
   * collection ran in (the heap shrank across the read): what is left waited on the disk. And the
   * pass's reads from the disk with the time it waited for them (where the kernel tells).
   */
  podAtSlow: { over1Ms: number; duringGc: number; disk: DiskReads | undefined }[];
  namespaceAtMs: number;
  namespacePods: number;
  restarts30dMs: number;
  restarts30dItems: number;
  /** From the log's first observation to its last. */
  logDays: number;
  timeline2kMs: number;
  timelinePods: number;
  timelineItems: number;
  /** The instant of the namespace figure, and a pod alive then: where the post-mortem questions look. */
  instant: { middle: number; namespace: string; pod: string };
};

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Median wall time of `runs` calls after one warm-up (the page cache and statements warm). */
const timeMedian = <T>(runs: number, work: (run: number) => T): { ms: number; result: T } => {
  let result = work(-1);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = work(run);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: quantile(times, 0.5), result };
};

export const measureQueries = (path: string, { samples = 2000, seed = 3 } = {}): QueryFigures => {
  const store = openStore(path, { readonly: true });
  try {
    const { db, reader } = store;
    const queries = createQueries(db);
    const rng = createRng(seed);
    const range = db
      .prepare<[], { first: number; last: number; maxPos: number }>(
        `SELECT min(observed_at) AS first, max(observed_at) AS last, max(position) AS maxPos FROM log_entries`,
      )
      .get();
    if (!range) throw new Error('empty log');
    const podAt = db.prepare<[number], { uid: string; first: number; last: number }>(
      `SELECT uid, first_seen_at AS first, last_seen_at AS last FROM pods WHERE rowid = ?`,
    );
    const podCount = db.prepare<[], { n: number }>('SELECT max(rowid) AS n FROM pods').get()?.n ?? 0;

    // Any pod at any instant: the whole object, exactly as observed, as the API serves it
    // (GET /api/v1/pods/{uid}/object?at=): the version found, its keyframe inflated, one delta applied.
    const slow: QueryFigures['podAtSlow'] = [];
    const podAtTimes = (): number[] => {
      const times: number[] = [];
      const pass = { over1Ms: 0, duringGc: 0 };
      const ioBefore = sampleIo();
      for (let i = 0; i < samples; i++) {
        const pod = podAt.get(1 + Math.floor(rng() * podCount));
        if (!pod) continue;
        const at = pod.first + Math.floor(rng() * (pod.last - pod.first + 1));
        const heapBefore = getHeapStatistics().used_heap_size;
        const started = performance.now();
        const position = reader.positionAt(pod.uid, at);
        const text = position === undefined ? undefined : reader.stored(position)?.json;
        const ms = performance.now() - started;
        times.push(ms);
        if (ms > 1) {
          pass.over1Ms++;
          if (getHeapStatistics().used_heap_size < heapBefore) pass.duringGc++;
        }
        if (!text) throw new Error(`no version of ${pod.uid} at ${at}`);
      }
      const ioAfter = sampleIo();
      slow.push({ ...pass, disk: ioBefore && ioAfter ? diskReadsBetween(ioBefore, ioAfter) : undefined });
      return times.sort((a, b) => a - b);
    };
    // Two passes over different samples: the first meets the log as the OS page cache held it (this
    // VM evicts cold pages: a sample may then cost a few random disk reads, for the indexes' upper
    // pages too), the second, the figure, a log that queries have been reading. Reading the whole
    // file first made it worse here: the VM's cache does not hold 12.8 GB, and the read pushed
    // out the pages queries use (p99 5.7 ms after it, against 2.0 ms before it).
    const cold = podAtTimes();
    const times = podAtTimes();

    // A namespace at an instant in the last third of the log (the cluster at full size).
    const middle = range.first + Math.floor(((range.last - range.first) * 2) / 3);
    const namespace = timeMedian(5, (run) =>
      queries.podsAt({ at: middle + run * 60_000, namespace: 'team-0' }),
    );

    // Restart history of a namespace over the last 30 days: the API's largest page (1,000).
    const restarts = timeMedian(5, () =>
      queries.restarts({
        namespace: 'team-0',
        since: range.last - 30 * 86_400_000,
        until: range.last,
        limit: 1000,
      }),
    );

    // The viewer's many-pod timeline: 2,000 pods over the last 24 hours.
    const timeline = timeMedian(5, () =>
      queries.timelinesInRange.lanes({ from: range.last - 86_400_000, to: range.last, limit: 2000 }),
    );
    const timelineItems = timeline.result.reduce(
      (n, lane) => n + lane.spans.length + lane.restarts.length + lane.crashLoops.length,
      0,
    );

    return {
      podAtP50Ms: quantile(times, 0.5),
      podAtP99Ms: quantile(times, 0.99),
      podAtColdP99Ms: quantile(cold, 0.99),
      podAtSlow: slow,
      podAtSamples: times.length,
      namespaceAtMs: namespace.ms,
      namespacePods: namespace.result.length,
      restarts30dMs: restarts.ms,
      restarts30dItems: restarts.result.length,
      logDays: (range.last - range.first) / 86_400_000,
      timeline2kMs: timeline.ms,
      timelinePods: timeline.result.length,
      timelineItems,
      instant: { middle, namespace: 'team-0', pod: namespace.result[0]?.name ?? '' },
    };
  } finally {
    store.close();
  }
};
