// Measures how fast the live collector records a busy cluster: the sim plays busy-cluster on a
// virtual clock for some virtual minutes while the collector is stopped, then the collector
// resumes from its checkpoint and catches up over HTTP with client-node (all five resources,
// redaction, batched appends with inline projection). The figure is entries recorded per second
// of wall time during the catch-up; the engine's own time is left out (it runs before).
// Run: node bin/run-ts.js bench/collector.bench.ts [--namespaces N] [--pods N] [--minutes N].
// Ends with one line of JSON holding every figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector, createKubeClient, loadKubeConfig } from '../collector/index.ts';
import { createEngine, ManualClock, runScenarios, seededRandom } from '../sim/engine/index.ts';
import { startSimCluster } from '../sim/index.ts';
import { busyCluster } from '../sim/scenarios/index.ts';
import { createCheckpointStore, openStore } from '../store/index.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
};

export type CollectorBench = {
  namespaces: number;
  podsPerNamespace: number;
  virtualMinutes: number;
  entries: number;
  seconds: number;
  entriesPerSecond: number;
  batches: number;
  /** Changes the sim made (its revision), all kinds together. */
  simChanges: number;
};

export async function benchCollector({
  namespaces = 20,
  podsPerNamespace = 20,
  virtualMinutes = 20,
}: {
  namespaces?: number;
  podsPerNamespace?: number;
  virtualMinutes?: number;
} = {}): Promise<CollectorBench> {
  const dir = mkdtempSync(join(tmpdir(), 'kubetrail-bench-'));
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 0, 0));
  const cluster = await startSimCluster({
    clock,
    bookmarkIntervalMs: 50,
    windowSize: 1_000_000,
    kubeconfigPath: join(dir, 'kubeconfig'),
  });
  const store = openStore(join(dir, 'kubetrail.db'));
  try {
    const engine = createEngine({ store: cluster.store, clock, random: seededRandom(3) });
    runScenarios(engine, ['busy-cluster'], {
      extra: [busyCluster({ namespaces, podsPerNamespace, churnPerMinute: 60 })],
    });
    const { kc } = loadKubeConfig({ kubeconfig: cluster.kubeconfigPath });
    const newCollector = () =>
      createCollector({ client: createKubeClient(kc), store, cluster: 'bench', clock });
    const checkpoints = createCheckpointStore(store.db);
    const caughtUp = async (revision: string) => {
      const deadline = Date.now() + 600_000;
      while (
        !['pods', 'events', 'events.events.k8s.io', 'replicasets.apps', 'deployments.apps'].every(
          (r) => checkpoints.get('bench', r)?.resourceVersion === revision,
        )
      ) {
        if (Date.now() > deadline) throw new Error('the collector did not catch up within 10 minutes');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const first = newCollector();
    await first.start();
    await caughtUp(cluster.store.revision());
    await first.stop();
    engine.advanceBy(virtualMinutes * 60_000);
    const engineChanges = Number(cluster.store.revision());
    const started = performance.now();
    const collector = newCollector();
    await collector.start();
    await caughtUp(cluster.store.revision());
    const seconds = (performance.now() - started) / 1000;
    await collector.stop();
    const after = collector.stats();
    const entries = after.appended;
    return {
      namespaces,
      podsPerNamespace,
      virtualMinutes,
      entries,
      seconds: Math.round(seconds * 1000) / 1000,
      entriesPerSecond: Math.round(entries / seconds),
      batches: after.batches,
      simChanges: engineChanges,
    };
  } finally {
    store.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('collector.bench.ts')) {
  const result = await benchCollector({
    namespaces: arg('namespaces', 20),
    podsPerNamespace: arg('pods', 20),
    virtualMinutes: arg('minutes', 20),
  });
  console.log(
    `collector: ${result.entries} entries in ${result.seconds} s = ${result.entriesPerSecond} entries/s (${result.batches} batches)`,
  );
  console.log(JSON.stringify({ collector: result }));
}
