// Helpers for the collector's integration tests: a sim cluster, a fresh store, and a collector on them.
import { KubeConfig } from '@kubernetes/client-node';
import { type SimCluster, type StoreChange, startSimCluster } from '../sim/index.ts';
import {
  createCheckpointStore,
  type LogEntry,
  type MarkerBody,
  openStore,
  type Store,
} from '../store/index.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { type Collector, type CollectorOptions, createCollector } from './createCollector.ts';
import { createKubeClient } from './kubeClient.ts';
import { parseResources } from './watchedResources.ts';

export const pod = (name: string, namespace = 'default', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app: name } },
  spec: {
    nodeName: 'node-a',
    containers: [{ name: 'main', image: 'nginx:1.27', env: [{ name: 'PASSWORD', value: 'hunter2' }] }],
  },
  status: { phase: 'Pending' },
  ...extra,
});

/** Waits (bounded) for a condition, polling. */
export async function waitFor(
  check: () => boolean,
  what: string | (() => string),
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type Harness = {
  cluster: SimCluster;
  kc: KubeConfig;
  dbPath: string;
  store: Store;
  /** Every change the sim's store made, in order. */
  changes: StoreChange[];
  collector: Collector;
  startCollector(options?: Partial<CollectorOptions>): Promise<Collector>;
  reopen(): void;
  entries(): LogEntry[];
  objectEntries(resource?: string): LogEntry[];
  markers(kind?: MarkerBody['marker']): (LogEntry & { object: MarkerBody })[];
  checkpoint(resource: string): string | undefined;
  close(): Promise<void>;
};

export const fastCollector: Partial<CollectorOptions> = {
  backoff: { initialMs: 50, maxMs: 200 },
  batch: { maxDelayMs: 30 },
  resources: parseResources('pods,events,events.events.k8s.io'),
};

export async function startHarness(
  options: { bookmarkIntervalMs?: number; windowSize?: number; clock?: { now(): number } } = {},
): Promise<Harness> {
  const dir = tempDir('kubetrail-collector-');
  const clock = options.clock ?? { now: Date.now };
  const cluster = await startSimCluster({
    clock,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 200,
    windowSize: options.windowSize,
    kubeconfigPath: dir.path('kubeconfig'),
  });
  const changes: StoreChange[] = [];
  cluster.store.subscribe((c) => changes.push(c));
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const dbPath = dir.path('kubetrail.db');
  const h: Harness = {
    cluster,
    kc,
    dbPath,
    store: openStore(dbPath),
    changes,
    collector: undefined as unknown as Collector,
    async startCollector(extra = {}) {
      h.collector = createCollector({
        client: createKubeClient(kc),
        store: h.store,
        cluster: 'sim',
        ...fastCollector,
        ...extra,
      });
      await h.collector.start();
      return h.collector;
    },
    reopen() {
      h.store.close();
      h.store = openStore(dbPath);
    },
    entries: () => [...h.store.reader.entriesAfter(0)],
    objectEntries: (resource) =>
      h.entries().filter((e) => e.type !== 'MARKER' && (!resource || e.resource === resource)),
    markers: (kind) =>
      h
        .entries()
        .filter(
          (e) => e.type === 'MARKER' && (!kind || (e.object as MarkerBody).marker === kind),
        ) as (LogEntry & {
        object: MarkerBody;
      })[],
    checkpoint: (resource) => createCheckpointStore(h.store.db).get('sim', resource)?.resourceVersion,
    async close() {
      await h.collector?.stop();
      await cluster.stop();
      h.store.close();
      dir.cleanup();
    },
  };
  return h;
}

/** uid/resourceVersion/deleted keys: what the dedupe index says is one observation. */
export const keyOf = (uid: string | null | undefined, rv: string | null | undefined, type: string) =>
  `${uid}@${rv}${type === 'DELETED' ? '-' : ''}`;
