import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimCluster } from './index.ts';
import { pod, startTestCluster } from './simTestSupport.ts';

const run = promisify(execFile);
const kubectlPath = '/usr/bin/kubectl';

let running: SimCluster | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const waitFor = async (check: () => boolean, what: string, timeoutMs = 8000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('@kubernetes/client-node informer', () => {
  it('lists, watches, and relists after 410 Gone, reporting what vanished meanwhile', async () => {
    const { cluster, kc } = await startTestCluster();
    running = cluster;
    cluster.store.create('pods', pod('web-1'));
    cluster.store.create('pods', pod('web-2'));
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (p) => seen.push(`add ${p.metadata?.name}`));
    informer.on('update', (p) => seen.push(`update ${p.metadata?.name}`));
    informer.on('delete', (p) => seen.push(`delete ${p.metadata?.name}`));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await waitFor(() => seen.length >= 2, 'the initial list');
    const web1 = cluster.store.get('pods', 'default', 'web-1')!;
    cluster.store.update('pods', { ...web1, status: { phase: 'Succeeded' } });
    await waitFor(() => seen.includes('update web-1'), 'a watched update');

    // While the watch is down, a pod goes and the history is compacted: the resume must get 410 and relist.
    cluster.dropConnections('end');
    cluster.store.remove('pods', 'default', 'web-2');
    cluster.forceExpire();
    await waitFor(() => seen.includes('delete web-2'), 'the relist after 410');
    cluster.store.create('pods', pod('web-3'));
    await waitFor(() => seen.includes('add web-3'), 'watching again after the relist');
    expect(errors).toEqual([]);
    expect(informer.list().map((p) => p.metadata?.name)).toEqual(['web-1', 'web-3']);
    await informer.stop();
  });
});

describe('kubectl', () => {
  const kubectl = async (args: string[]): Promise<string> => {
    expect(existsSync(kubectlPath), `kubectl is required at ${kubectlPath}`).toBe(true);
    const cacheDir = mkdtempSync(join(tmpdir(), 'kubetrail-kubectl-'));
    const { stdout } = await run(kubectlPath, [...args, '--cache-dir', cacheDir], {
      env: { PATH: process.env.PATH ?? '', HOME: cacheDir, KUBECONFIG: join(cacheDir, 'none') },
      timeout: 20_000,
    });
    return stdout;
  };

  it('lists the pods with --server, as JSON and as a table', async () => {
    const { cluster } = await startTestCluster();
    running = cluster;
    cluster.store.create('pods', pod('web-1'));
    cluster.store.create('pods', pod('db-1', { namespace: 'data' }));
    const json = JSON.parse(await kubectl(['--server', cluster.url, 'get', 'pods', '-A', '-o', 'json'])) as {
      items: { kind: string; metadata: { namespace: string; name: string } }[];
    };
    expect(json.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'data/db-1',
      'default/web-1',
    ]);
    expect(json.items[0]?.kind).toBe('Pod');
    const table = (await kubectl(['--server', cluster.url, 'get', 'pods', '-A'])).trim().split('\n');
    // The server answers kubectl's as=Table request with the projector's printers.
    expect(table[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(table.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join('/'))).toEqual([
      'data/db-1',
      'default/web-1',
    ]);
  });

  it('reaches the sim through the written kubeconfig and gets single objects', async () => {
    const { cluster } = await startTestCluster();
    running = cluster;
    cluster.store.create('pods', pod('web-1'));
    const out = await kubectl(['--kubeconfig', cluster.kubeconfigPath, 'get', 'pod', 'web-1', '-o', 'json']);
    expect(JSON.parse(out)).toMatchObject({ kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' } });
  });
});
