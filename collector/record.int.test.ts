// `kubetrail record` as a process against the sim: SIGKILL mid-stream loses and duplicates
// nothing; SIGTERM shuts down in order, quickly, with exit 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type SimCluster, type StoreChange, startSimCluster } from '../sim/index.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { keyOf, pod, waitFor } from './collectorTestSupport.ts';

const bin = join(import.meta.dirname, '..', 'bin', 'kubetrail.js');

type Row = {
  uid: string | null;
  resource_version: string | null;
  type: string;
  kind: string | null;
  resource: string;
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup() {
  const dir = tempDir('kubetrail-record-');
  const cluster: SimCluster = await startSimCluster({
    clock: { now: Date.now },
    bookmarkIntervalMs: 100,
    kubeconfigPath: dir.path('kubeconfig'),
  });
  const changes: StoreChange[] = [];
  cluster.store.subscribe((c) => changes.push(c));
  const dbPath = dir.path('kubetrail.db');
  const children = new Set<ChildProcess>();
  const record = () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'record',
        '--db',
        dbPath,
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--cluster',
        'sim',
        '--resources',
        'pods',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
      (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    children.add(child);
    void exited.then(() => children.delete(child));
    return { child, exited, stderr: () => stderr };
  };
  const rows = (): Row[] => {
    if (!existsSync(dbPath)) return [];
    const db = new Database(dbPath, { readonly: true });
    try {
      const hasLog = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'log_entries'`).get();
      if (!hasLog) return [];
      return db
        .prepare<[], Row>(
          'SELECT uid, resource_version, type, kind, resource FROM log_entries ORDER BY position',
        )
        .all();
    } finally {
      db.close();
    }
  };
  const podKeys = () =>
    rows()
      .filter((r) => r.resource === 'pods' && r.type !== 'MARKER')
      .map((r) => keyOf(r.uid, r.resource_version, r.type));
  const markers = (kind: string) => rows().filter((r) => r.type === 'MARKER' && r.kind === kind);
  const expectedKeys = () =>
    changes
      .filter((c) => c.resource === 'pods')
      .map((c) => keyOf(c.object.metadata?.uid, c.object.metadata?.resourceVersion, c.type));
  cleanup = async () => {
    for (const child of children) child.kill('SIGKILL');
    await cluster.stop();
    dir.cleanup();
  };
  return { cluster, record, podKeys, markers, expectedKeys };
}

/** Changes pods all the time: creates, updates and deletes, about one change every few ms. */
function churn(cluster: SimCluster) {
  let n = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < 5; i++) {
      n++;
      const s = cluster.store;
      const name = `p-${n % 40}`;
      const current = s.get('pods', 'default', name);
      if (!current) s.create('pods', pod(name));
      else if (n % 7 === 0) s.remove('pods', 'default', name);
      else s.update('pods', { ...current, status: { phase: 'Running', podIP: `10.0.0.${n % 250}` } });
    }
  }, 5);
  return { stop: () => clearInterval(timer) };
}

describe('kubetrail record as a process', () => {
  it('loses nothing and duplicates nothing when SIGKILLed mid-stream and started again', async () => {
    const t = await setup();
    const first = t.record();
    await waitFor(() => t.markers('WatchStarted').length === 1, 'the first run to watch', 15_000);
    const load = churn(t.cluster);
    await waitFor(() => t.podKeys().length > 300, 'the first run to record', 15_000);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(t.markers('CollectorStopped')).toHaveLength(0);

    await new Promise((r) => setTimeout(r, 200));
    const second = t.record();
    await waitFor(
      () => t.markers('WatchStarted').length + t.markers('WatchReconnected').length >= 2,
      () => `the second run to watch: ${second.stderr()} ${JSON.stringify(t.markers('Gap'))}`,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    load.stop();
    const expected = t.expectedKeys();
    await waitFor(
      () => t.podKeys().length >= expected.length,
      () => {
        const got = t.podKeys();
        const at = expected.findIndex((k, i) => got[i] !== k);
        return `the second run to catch up: ${got.length}/${expected.length}, first difference at ${at}: ${got[at]} vs ${expected[at]}; ${second.stderr()}`;
      },
      10_000,
    );
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const recorded = t.podKeys();
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(recorded).toEqual(expected);
    expect(t.markers('Gap')).toHaveLength(1);
  });

  it('stops on SIGTERM within a few seconds, exit 0, with CollectorStopped as the last entry', async () => {
    const t = await setup();
    t.cluster.store.create('pods', pod('web'));
    const run = t.record();
    await waitFor(() => t.markers('WatchStarted').length === 1, 'the watch', 15_000);
    const load = churn(t.cluster);
    await new Promise((r) => setTimeout(r, 300));
    const sentAt = Date.now();
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    load.stop();
    expect(exit.code).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(3000);
    expect(run.stderr()).toMatch(/stopped; \d+ entries recorded/);
    expect(t.markers('CollectorStopped')).toHaveLength(1);
    const last = t.markers('CollectorStopped')[0];
    expect(last).toMatchObject({ resource: '' });
    // Everything the server sent before the stop is in the log, in order, once.
    const recorded = t.podKeys();
    expect(recorded).toEqual(t.expectedKeys().slice(0, recorded.length));
  });
});
