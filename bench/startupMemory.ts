// The recorder's peak RSS as it runs: `kubetrail record` from the production bundle, with the
// container image's Node flags, in a process of its own, against the sim over HTTP. It starts on a
// cluster already holding PODS pods and as many Events (its initial lists), then records the
// cluster's next CHANGES changes through its watches, as fast as it takes them. The peak is the
// kernel's high-water mark (VmHWM), so Linux only (null elsewhere).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { defaultResources } from '../collector/index.ts';
import { ManualClock } from '../sim/engine/index.ts';
import { type SimObjectStore, startSimCluster } from '../sim/index.ts';
import { buildProductionBundle, imageNodeFlags } from './collectorMemory.ts';
import { generateTimedWatchStream, type TimedLine } from './generate.ts';
import { benchStart, recorderStream } from './profile.ts';

export type StartupMemory = {
  /** The peak over the whole run (lists, then watches). */
  peakRssMb: number | null;
  /** The peak when every watch had started (the initial lists written). */
  listingPeakRssMb: number | null;
  pods: number;
  events: number;
  /** Entries the recorder wrote before every watch had started. */
  entries: number;
  /** Seconds until every watch had started. */
  seconds: number;
  /** Changes made to the cluster after that, and the seconds until the recorder had written them. */
  changes: number;
  watchSeconds: number;
};

type Change = { type: string; resource: 'pods' | 'events'; object: KubeObjectShape };
type KubeObjectShape = {
  kind: string;
  metadata: { namespace: string; name: string; resourceVersion?: string };
};

/** The generator's pod and Event changes, each as the sim takes it (the sim assigns versions). */
function* podAndEventChanges(lines: Iterator<TimedLine>): Generator<Change> {
  for (let next = lines.next(); !next.done; next = lines.next()) {
    const change = JSON.parse(next.value.line) as { type: string; object: KubeObjectShape };
    const { object } = change;
    if (object.kind !== 'Pod' && object.kind !== 'Event') continue;
    delete object.metadata.resourceVersion;
    yield { type: change.type, resource: object.kind === 'Pod' ? 'pods' : 'events', object };
  }
}

const keyOf = ({ resource, object }: Change) =>
  `${resource}/${object.metadata.namespace}/${object.metadata.name}`;

/** Creates the first version of `pods` distinct pods and `events` distinct Events. */
function createFirstVersions(
  store: SimObjectStore,
  changes: Iterator<Change>,
  pods: number,
  events: number,
): void {
  const seen = new Set<string>();
  let podCount = 0;
  let eventCount = 0;
  while (podCount < pods || eventCount < events) {
    const next = changes.next();
    if (next.done) throw new Error('the generator ended before the cluster was full');
    const change = next.value;
    const key = keyOf(change);
    if (change.type !== 'ADDED' || seen.has(key)) continue;
    if (change.resource === 'pods' ? podCount >= pods : eventCount >= events) continue;
    if (change.resource === 'pods') podCount++;
    else eventCount++;
    seen.add(key);
    store.create(change.resource, change.object as never);
  }
}

/** Applies one later change; false when it concerns an object the cluster does not hold. */
function applyChange(store: SimObjectStore, change: Change): boolean {
  const { namespace, name } = change.object.metadata;
  const exists = store.get(change.resource, namespace, name) !== undefined;
  if (change.type === 'DELETED')
    return exists && store.remove(change.resource, namespace, name) !== undefined;
  if (exists) store.update(change.resource, change.object as never);
  else store.create(change.resource, change.object as never);
  return true;
}

const highWaterMarkMb = (pid: number): number | null => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
};

/** How many watches have started (one WatchStarted marker each), or 0 before the log exists. */
const watchesStarted = (path: string): { started: number; entries: number } => {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const row = db
        .prepare<[], { started: number; entries: number }>(
          `SELECT count(*) FILTER (WHERE kind = 'WatchStarted') AS started,
                  count(*) FILTER (WHERE type != 'MARKER') AS entries
           FROM log_entries`,
        )
        .get();
      return row ?? { started: 0, entries: 0 };
    } finally {
      db.close();
    }
  } catch {
    return { started: 0, entries: 0 };
  }
};

/** The log's last position (0 before it exists): how far the recorder has written. */
const logEnd = (path: string): number => {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (
        db.prepare<[], { end: number | null }>('SELECT max(position) AS end FROM log_entries').get()?.end ?? 0
      );
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Changes the recorder may lag behind the cluster: the sim holds what its watches have not yet
 * sent, so without a bound the bench process would hold the whole stream.
 */
const maxLag = 5000;

export async function measureStartupMemory(
  pods: number,
  events: number,
  changes: number,
): Promise<StartupMemory> {
  buildProductionBundle();
  const cluster = await startSimCluster({ clock: new ManualClock(benchStart) });
  const dir = mkdtempSync(join(fileURLToPath(new URL('./out/', import.meta.url)), 'startup-'));
  const db = join(dir, 'log.db');
  try {
    const stream = podAndEventChanges(generateTimedWatchStream(recorderStream(pods))[Symbol.iterator]());
    createFirstVersions(cluster.store, stream, pods, events);
    const bin = fileURLToPath(new URL('../bin/kubetrail-dist.js', import.meta.url));
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [...imageNodeFlags(), bin, 'record', '--kubeconfig', cluster.kubeconfigPath, '--db', db],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const alive = () => {
      if (child.exitCode !== null) throw new Error(`kubetrail record exited early: ${stderr}`);
    };
    let progress = { started: 0, entries: 0 };
    // Every watch started means every initial list is written. Bounded: ten minutes at most.
    for (let i = 0; i < 2400 && progress.started < defaultResources.length; i++) {
      await sleep(250);
      alive();
      progress = watchesStarted(db);
    }
    if (progress.started < defaultResources.length)
      throw new Error('the recorder did not start every watch in 10 min');
    const seconds = (performance.now() - started) / 1000;
    const listingPeak = highWaterMarkMb(child.pid ?? 0);

    // Then the cluster changes, as fast as the recorder writes (at most `maxLag` changes ahead).
    const watchStarted = performance.now();
    const listedEnd = logEnd(db);
    let applied = 0;
    const deadline = Date.now() + 10 * 60_000;
    while (applied < changes) {
      const next = stream.next();
      if (next.done) break;
      if (applyChange(cluster.store, next.value)) applied++;
      // Let the sim's watches send what was changed.
      if (applied % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      while (applied % 1000 === 0 && logEnd(db) - listedEnd < applied - maxLag) {
        if (Date.now() > deadline) throw new Error('the recorder fell behind the cluster for 10 min');
        alive();
        await sleep(50);
      }
    }
    // Written: the log stops growing (each Event change comes through both Event APIs).
    for (let end = -1, now = logEnd(db); now !== end || now - listedEnd < applied; ) {
      if (Date.now() > deadline) throw new Error('the recorder did not write the changes in 10 min');
      alive();
      await sleep(500);
      [end, now] = [now, logEnd(db)];
    }
    const watchSeconds = (performance.now() - watchStarted) / 1000;
    const peak = highWaterMarkMb(child.pid ?? 0);
    child.kill('SIGINT');
    await exited;
    return {
      peakRssMb: peak === null ? null : Math.round(peak),
      listingPeakRssMb: listingPeak === null ? null : Math.round(listingPeak),
      pods,
      events,
      entries: progress.entries,
      seconds,
      changes: applied,
      watchSeconds,
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
