// The production entry (bin/kubetrail-dist.js, what the container image runs): the CLI bundled
// by `npm run build` must behave exactly as the one run from the sources, and record a cluster
// through the Kubernetes client bundled into it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, waitFor } from '../collector/collectorTestSupport.ts';
import { startSimCluster } from '../sim/index.ts';
import { runWithClosedStdout } from '../test/support/closedStdout.ts';
import { fixtureDb } from '../test/support/fixtureDb.ts';
import { tempDir } from '../test/support/tempDb.ts';

const f = fixtureDb('crashloop', 'liveness-exec');
afterAll(() => f.cleanup());

const node = (...args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8' });

beforeAll(() => {
  const built = node('bin/build.js');
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
});

describe('the bundled CLI', () => {
  it('prints what the sources print (migrations and printers included)', () => {
    for (const argv of [
      ['get', 'pods', '-A', '--at', '2026-01-02T03:06:00Z', '-o', 'wide'],
      ['restarts', '-n', 'sim-crashloop'],
      ['describe', 'pod', 'crasher', '-n', 'sim-crashloop', '--at', '2026-01-02T03:06:00Z'],
    ]) {
      const fromSources = node('bin/kubetrail.js', ...argv, '--db', f.path);
      const bundled = node('bin/kubetrail-dist.js', ...argv, '--db', f.path);
      expect(fromSources.status, fromSources.stderr).toBe(0);
      expect(bundled.stdout.length).toBeGreaterThan(100);
      expect({ status: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({
        status: 0,
        stdout: fromSources.stdout,
        stderr: '',
      });
    }
  });

  it('ends quietly when its reader stops reading (`| head`), with the status of a SIGPIPE stop', async () => {
    const result = await runWithClosedStdout(['bin/kubetrail-dist.js', 'restarts', '-A', '--db', f.path]);
    expect(result).toEqual({ code: 141, stderr: '' });
  });

  it('records a cluster through the bundled Kubernetes client: lists, then watches, then stops cleanly', async () => {
    const dir = tempDir('kubetrail-bundle-');
    const cluster = await startSimCluster({
      clock: { now: Date.now },
      kubeconfigPath: dir.path('kubeconfig'),
    });
    const dbPath = dir.path('kubetrail.db');
    const child = spawn(
      process.execPath,
      ['bin/kubetrail-dist.js', 'record', '--db', dbPath, '--kubeconfig', cluster.kubeconfigPath],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const podNames = (): string[] => {
      if (!existsSync(dbPath)) return [];
      const db = new Database(dbPath, { readonly: true });
      try {
        if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'log_entries'`).get()) return [];
        return db
          .prepare<[], { name: string }>(
            `SELECT name FROM log_entries WHERE resource = 'pods' AND type != 'MARKER' ORDER BY position`,
          )
          .all()
          .map((row) => row.name);
      } finally {
        db.close();
      }
    };
    try {
      cluster.store.create('pods', pod('listed'));
      await waitFor(
        () => podNames().includes('listed'),
        () => `the initial list: ${stderr}`,
        15_000,
      );
      cluster.store.create('pods', pod('watched'));
      await waitFor(
        () => podNames().includes('watched'),
        () => `the watch: ${stderr}`,
        15_000,
      );
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await cluster.stop();
      dir.cleanup();
    }
  });

  it('runs: records the cluster and serves what it recorded from the API thread, then stops cleanly', async () => {
    const dir = tempDir('kubetrail-bundle-run-');
    const cluster = await startSimCluster({
      clock: { now: Date.now },
      kubeconfigPath: dir.path('kubeconfig'),
    });
    cluster.store.create('pods', pod('served'));
    const child = spawn(
      process.execPath,
      [
        'bin/kubetrail-dist.js',
        'run',
        '--db',
        dir.path('kubetrail.db'),
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(
        () => /viewer and API at (\S+)/.test(stdout),
        () => `the server: ${stdout}${stderr}`,
        15_000,
      );
      const url = /viewer and API at (\S+)/.exec(stdout)?.[1] as string;
      // The recorder lists the pod, then the API thread's connection reads it (bounded: 15 s).
      let names: string[] = [];
      for (let i = 0; i < 150 && !names.includes('served'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const list = (await (await fetch(`${url}/k8s/kubetrail-sim/at/now/api/v1/pods`)).json()) as {
          items?: { metadata: { name: string } }[];
        };
        names = (list.items ?? []).map((item) => item.metadata.name);
      }
      expect(names, stderr).toContain('served');
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);
      expect(stderr).not.toContain('API thread');
    } finally {
      child.kill('SIGKILL');
      await cluster.stop();
      dir.cleanup();
    }
  });
});
