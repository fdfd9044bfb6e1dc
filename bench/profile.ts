// What the bench builds and measures: the full profile (issue 5's figures) and --quick.
import type { GenerateOptions } from './generate.ts';

export type BenchProfile = {
  name: 'full' | 'quick';
  /** Entries of the replay/query log. */
  entries: number;
  /**
   * The log's stream: pods alive at once, spread over `namespaces`. Its step is 30 days over the
   * entries, but a step yields a pod's change and its Events (about 3.3 entries), so the log spans
   * about 9 days: the 30-day restart history then holds every restart recorded.
   */
  stream: GenerateOptions;
  /** Entries of the ingest sample (a busy cluster: 256 pods in flight, 50 ms apart). */
  ingestEntries: number;
  ingestStream: GenerateOptions;
  /** The collector-memory run: pods alive at once, and entries appended. */
  rssPods: number;
  rssEntries: number;
  /** The start-up run: pods (and as many Events) the cluster holds when the recorder starts. */
  startupPods: number;
  /**
   * Changes the started recorder then records through its watches: in the full run, enough for its
   * memory to level off (its caches fill and its heap settles over the first 150,000 or so).
   */
  startupChanges: number;
  /** Entries a transaction while building the log (the collector uses smaller ones). */
  buildBatch: number;
};

const day = 86_400_000;
export const benchStart = Date.UTC(2026, 0, 1, 0, 0, 0);

export const profileOf = (argv: readonly string[]): BenchProfile => {
  const quick = argv.includes('--quick');
  const number = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const value = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const entries = number('--entries', quick ? 100_000 : 10_000_000);
  // 1,000 pods a namespace alive at any instant, so "a namespace of 1,000 pods" exists.
  const namespaces = quick ? 2 : 10;
  const spanMs = 30 * day;
  return {
    name: quick ? 'quick' : 'full',
    entries,
    stream: {
      seed: number('--seed', 5),
      pods: Number.MAX_SAFE_INTEGER,
      namespaces,
      inFlight: namespaces * 1000,
      versionsPerPod: 30,
      deletePods: true,
      startTime: benchStart,
      meanStepMs: Math.max(1, Math.round(spanMs / entries)),
    },
    ingestEntries: number('--ingest-entries', quick ? 30_000 : 100_000),
    ingestStream: {
      seed: 11,
      pods: Number.MAX_SAFE_INTEGER,
      namespaces: 20,
      inFlight: 256,
      versionsPerPod: 40,
      deletePods: true,
      startTime: benchStart,
      meanStepMs: 50,
    },
    rssPods: 10_000,
    rssEntries: number('--rss-entries', quick ? 30_000 : 150_000),
    startupPods: number('--startup-pods', quick ? 2_000 : 10_000),
    startupChanges: number('--startup-changes', quick ? 5_000 : 250_000),
    buildBatch: 5000,
  };
};

/** The stream of the recorder's memory runs: `pods` alive at once over 50 namespaces, churning. */
export const recorderStream = (pods: number): GenerateOptions => ({
  seed: 21,
  pods: Number.MAX_SAFE_INTEGER,
  namespaces: 50,
  inFlight: pods,
  versionsPerPod: 30,
  deletePods: true,
  startTime: benchStart,
  meanStepMs: 100,
});
