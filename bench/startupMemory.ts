// The recorder's peak RSS while it starts against a cluster already holding PODS pods and as many
// Events: its initial lists, then its watches. `kubetrail record` runs from the production bundle
// with the container image's Node flags, against the sim over HTTP, in a process of its own; its
// peak is the kernel's high-water mark (VmHWM), so Linux only (null elsewhere).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { defaultResources } from '../collector/index.ts';
import { ManualClock } from '../sim/engine/index.ts';
import { startSimCluster } from '../sim/index.ts';
import { buildProductionBundle, imageNodeFlags } from './collectorMemory.ts';
import { generateTimedWatchStream } from './generate.ts';
import { benchStart, recorderStream } from './profile.ts';

export type StartupMemory = {
  peakRssMb: number | null;
  pods: number;
  events: number;
  /** Entries the recorder wrote before every watch had started. */
  entries: number;
  seconds: number;
};

/** The generator's first version of `pods` distinct pods and `events` distinct Events. */
function* firstVersions(
  pods: number,
  events: number,
): Generator<{ resource: 'pods' | 'events'; object: unknown }> {
  const seen = new Set<string>();
  let podCount = 0;
  let eventCount = 0;
  for (const { line } of generateTimedWatchStream(recorderStream(pods))) {
    if (podCount >= pods && eventCount >= events) return;
    const change = JSON.parse(line) as {
      type: string;
      object: { kind: string; metadata: { namespace: string; name: string; resourceVersion?: string } };
    };
    const { object } = change;
    const key = `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
    if (change.type !== 'ADDED' || seen.has(key)) continue;
    // The sim's store assigns versions of its own.
    delete object.metadata.resourceVersion;
    if (object.kind === 'Pod' && podCount < pods) {
      podCount++;
      seen.add(key);
      yield { resource: 'pods', object };
    } else if (object.kind === 'Event' && eventCount < events) {
      eventCount++;
      seen.add(key);
      yield { resource: 'events', object };
    }
  }
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

export async function measureStartupMemory(pods: number, events: number): Promise<StartupMemory> {
  buildProductionBundle();
  const cluster = await startSimCluster({ clock: new ManualClock(benchStart) });
  const dir = mkdtempSync(join(fileURLToPath(new URL('./out/', import.meta.url)), 'startup-'));
  const db = join(dir, 'log.db');
  try {
    for (const { resource, object } of firstVersions(pods, events))
      cluster.store.create(resource, object as never);
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
    let peak: number | null = null;
    let progress = { started: 0, entries: 0 };
    // Every watch started means every initial list is written. Bounded: ten minutes at most.
    for (let i = 0; i < 2400 && progress.started < defaultResources.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (child.exitCode !== null) throw new Error(`kubetrail record exited early: ${stderr}`);
      const now = highWaterMarkMb(child.pid ?? 0);
      peak = now === null ? peak : Math.max(peak ?? 0, now);
      progress = watchesStarted(db);
    }
    const seconds = (performance.now() - started) / 1000;
    peak = highWaterMarkMb(child.pid ?? 0) ?? peak;
    child.kill('SIGINT');
    await exited;
    if (progress.started < defaultResources.length)
      throw new Error('the recorder did not start every watch in 10 min');
    return {
      peakRssMb: peak === null ? null : Math.round(peak),
      pods,
      events,
      entries: progress.entries,
      seconds,
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
