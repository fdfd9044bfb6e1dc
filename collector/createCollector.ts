import { dirname } from 'node:path';
import type { KubeObject, MarkerBody, NewEntry, Store } from '../store/index.ts';
import { createCheckpointStore } from '../store/index.ts';
import { type BatcherStats, createAppendBatcher, realSchedule, type Schedule } from './appendBatcher.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import type { KubeClient } from './kubeClient.ts';
import { createLiveObjects } from './liveObjects.ts';
import { createOneAtATime } from './oneAtATime.ts';
import { redactSecrets } from './redact.ts';
import { defaultResources, parseResources, type WatchedResource } from './watchedResources.ts';
import { type Blind, type ResourceWatcher, realSleep, type Sleep, watchResource } from './watchResource.ts';

export type CollectorOptions = {
  client: KubeClient;
  /** A writable store (the collector is the one writer). */
  store: Pick<Store, 'db' | 'reader' | 'writer' | 'projections'>;
  cluster: string;
  resources?: readonly WatchedResource[];
  /** Observed time of every entry: read at receipt. */
  clock?: { now(): number };
  sleep?: Sleep;
  schedule?: Schedule;
  random?: () => number;
  backoff?: Omit<BackoffOptions, 'random'>;
  /** Keep literal env values and last-applied-configuration (redacted by default). */
  keepSecrets?: boolean;
  /** Longest wait before observations are written, and the largest batch. */
  batch?: { maxDelayMs?: number; maxBatch?: number };
  /** Range of the timeoutSeconds asked of each watch (client-go's: 5 to 10 minutes). */
  watchTimeoutSeconds?: { min: number; max: number };
  listPageSize?: number;
  /**
   * How long a write waits for the log's write lock when another process holds it (a retention
   * run can hold it for minutes) before the batch is kept in memory and tried again later.
   */
  lockWaitMs?: number;
  /** How long stopping keeps trying to write what is pending while the log stays locked. */
  finalWriteWaitMs?: number;
  /** Observations held in memory while the log is locked; more go to a file beside the log. */
  maxHeldInMemory?: number;
  log?: (line: string) => void;
};

export type Collector = {
  /** Records CollectorStarted and starts every watch (lists run in the background). */
  start(): Promise<void>;
  /** Stops watching, writes what is pending with the checkpoints and CollectorStopped. */
  stop(): Promise<void>;
  stats(): BatcherStats;
};

/**
 * The live collector: lists and watches each resource of one cluster into the log, through a
 * small client interface (client-node in production, the same against the sim in tests).
 */
export function createCollector({
  client,
  store,
  cluster,
  resources = parseResources(defaultResources),
  clock = { now: Date.now },
  sleep = realSleep,
  schedule = realSchedule,
  random = Math.random,
  backoff = {},
  keepSecrets = false,
  batch = {},
  watchTimeoutSeconds = { min: 300, max: 600 },
  listPageSize = 500,
  lockWaitMs = 100,
  finalWriteWaitMs = 20_000,
  maxHeldInMemory,
  log = () => {},
}: CollectorOptions): Collector {
  const writer = store.writer;
  if (!writer) throw new Error('the collector needs a writable store');
  // SQLite waits for a lock by sleeping in the calling thread: with its default wait, every
  // attempt while a retention run holds the log would block the event loop (the watches, and the
  // API when served from this process) for the whole wait. A short wait, then retries from memory.
  store.db.pragma(`busy_timeout = ${Math.max(0, Math.round(lockWaitMs))}`);
  const now = () => clock.now();
  const checkpoints = createCheckpointStore(store.db);
  const live = createLiveObjects(store.db, store.reader, store.projections);
  const listPageTurn = createOneAtATime();
  const batcher = createAppendBatcher({
    writer,
    checkpoints,
    cluster,
    now,
    maxDelayMs: batch.maxDelayMs,
    maxBatch: batch.maxBatch,
    schedule,
    maxHeldInMemory,
    // better-sqlite3 names a database by its file ('' or ':memory:' for none).
    spillDir: store.db.memory || !store.db.name ? undefined : dirname(store.db.name),
    onError: (error) => log(`writing to the log failed (will retry): ${(error as Error).message}`),
    onLock: (change) =>
      log(
        change.locked
          ? `the log is locked by another writer (a retention, import or compact): holding ${change.held} observations until it is free`
          : `the log is free again after ${(change.lockedForMs / 1000).toFixed(1)} s: wrote the ${change.written} observations held meanwhile${change.spilled > 0 ? ` (${change.spilled} of them held on disk)` : ''}`,
      ),
  });
  const prepare = keepSecrets ? (o: KubeObject) => o : (o: KubeObject) => redactSecrets(o);
  const collectorMarker = (body: MarkerBody, at = now()): NewEntry => ({
    cluster,
    observedAt: at,
    source: 'collector',
    type: 'MARKER',
    resource: '',
    object: body,
  });
  let watchers: { resource: WatchedResource; watcher: ResourceWatcher }[] = [];
  let state: 'new' | 'running' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;

  return {
    async start() {
      if (state !== 'new') throw new Error('a collector starts once');
      state = 'running';
      const names = resources.map((r) => r.name).join(', ');
      batcher.flush({
        extra: [
          collectorMarker({ marker: 'CollectorStarted', reason: `watching ${names} of ${client.server}` }),
        ],
      });
      watchers = resources.map((resource) => {
        const checkpoint = checkpoints.get(cluster, resource.name);
        if (checkpoint) batcher.know(resource.name, checkpoint.resourceVersion);
        const watcher = watchResource({
          client,
          resource,
          cluster,
          batcher,
          live,
          checkpoint,
          now,
          sleep,
          schedule,
          backoff: (attempt) => backoffDelay(attempt, { ...backoff, random }),
          prepare,
          watchTimeoutSeconds: () =>
            Math.round(
              watchTimeoutSeconds.min + (watchTimeoutSeconds.max - watchTimeoutSeconds.min) * random(),
            ),
          listPageSize,
          listPageTurn,
          log,
        });
        return { resource, watcher };
      });
    },
    stop() {
      stopping ??= (async () => {
        if (state !== 'running') {
          state = 'stopped';
          return;
        }
        state = 'stopped';
        const open = await Promise.all(
          watchers.map(async (w) => ({ resource: w.resource, blind: await w.watcher.stop() })),
        );
        const at = now();
        const gaps = open
          .filter((w): w is { resource: WatchedResource; blind: Blind } => w.blind !== undefined)
          .map<NewEntry>(({ resource, blind }) => ({
            ...collectorMarker({ marker: 'Gap', from: blind.since, to: at, reason: blind.reason }, at),
            resource: resource.name,
          }));
        // Checkpoints are touched too: the next start's gap begins at this instant.
        batcher.flush({
          extra: [...gaps, collectorMarker({ marker: 'CollectorStopped' }, at)],
          final: { at },
        });
        // A backlog goes in parts, the checkpoints with the last: what stays unwritten is watched
        // again from the last written checkpoint at the next start.
        const retryMs = 250;
        const unaborted = new AbortController().signal;
        for (let waited = 0; batcher.stats().pending > 0 && waited < finalWriteWaitMs; ) {
          if (batcher.flush() !== undefined) continue;
          await sleep(retryMs, unaborted);
          waited += retryMs;
        }
        const unwritten = batcher.stats().pending;
        if (unwritten > 0)
          log(
            `stopped with ${unwritten} observations unwritten: the log stayed locked by another writer; the next start watches again from the last checkpoint`,
          );
        batcher.close();
      })();
      return stopping;
    },
    stats: () => batcher.stats(),
  };
}
