// Real kubectl against the facade: it must print what it would have printed against the cluster then.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedNow, type Recorded, recordFixtures } from '../apiTestSupport.ts';
import { type ServerHandle, startServer } from '../index.ts';

const run = promisify(execFile);
const kubectlPath = '/usr/bin/kubectl';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const instant = '2026-01-02T03:10:00Z';

let recorded: Recorded;
let server: ServerHandle;
let home: string;
beforeAll(async () => {
  if (!existsSync(kubectlPath)) {
    throw new Error(
      `kubectl not found at ${kubectlPath}: these tests run the real kubectl against the facade; install kubectl`,
    );
  }
  recorded = recordFixtures();
  server = await startServer({
    dbPath: recorded.dbPath,
    host: '127.0.0.1',
    port: 0,
    now: () => fixedNow,
    pollMs: 20,
  });
  // kubectl keeps a discovery cache under $HOME: give it a throwaway one.
  home = mkdtempSync(join(tmpdir(), 'kubetrail-kubectl-'));
});
afterAll(async () => {
  await server?.close();
  recorded?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

const kubectl = async (at: string, ...args: string[]) => {
  const { stdout } = await run(kubectlPath, ['--server', `${server.url}/k8s/default/at/${at}`, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home },
    timeout: 20_000,
  });
  return stdout;
};

describe('kubectl through the facade', () => {
  it('prints get pods -A exactly as kubetrail get pods -A --at prints the same instant', async () => {
    const viaKubectl = await kubectl(instant, 'get', 'pods', '-A');
    const { stdout: viaCli } = await run(
      process.execPath,
      [join(repo, 'bin/kubetrail.js'), 'get', 'pods', '-A', '--at', instant, '--db', recorded.dbPath],
      {
        cwd: repo,
        timeout: 20_000,
      },
    );
    expect(viaKubectl).toBe(viaCli);
    expect(viaKubectl).toContain('web-6d4cf56db6-x7k2p   1/1     Running   3 (3m2s ago)');
  });

  it('prints the same lists when kubectl fetches them one item a page (--chunk-size=1)', async () => {
    for (const args of [
      ['get', 'pods', '-A'],
      ['get', 'events', '-A'],
      ['get', 'events.v1.events.k8s.io', '-n', 'shop'],
    ]) {
      const whole = await kubectl(instant, ...args, '--chunk-size=0');
      expect(whole.trim().split('\n').length).toBeGreaterThan(3);
      expect(await kubectl(instant, ...args, '--chunk-size=1')).toBe(whole);
    }
  });

  it('shows another instant differently: the crash loop, then the replacement pod', async () => {
    expect(await kubectl('2026-01-02T03:07:10Z', 'get', 'pods', '-n', 'shop')).toMatch(
      /web-6d4cf56db6-x7k2p\s+0\/1\s+CrashLoopBackOff\s+3 \(12s ago\)/,
    );
    const later = await kubectl('2026-01-02T03:30:00Z', 'get', 'pods', '-n', 'shop', '-o', 'name');
    expect(later.trim().split('\n')).toEqual(['pod/web-6d4cf56db6-n3b8v', 'pod/web-6d4cf56db6-q9m4z']);
  });

  it('prints the recorded object with get -o yaml', async () => {
    const yaml = await kubectl(instant, 'get', 'pod', '-n', 'shop', 'web-6d4cf56db6-x7k2p', '-o', 'yaml');
    expect(yaml).toContain('resourceVersion: "1017"');
    expect(yaml).toContain('reason: Error');
    expect(yaml).toMatch(/restartCount: 3/);
  });

  it('describes a pod with its events, found by kubectl field selectors', async () => {
    const text = await kubectl(instant, 'describe', 'pod', '-n', 'shop', 'web-6d4cf56db6-x7k2p');
    expect(text).toMatch(/Restart Count:\s+3/);
    expect(text).toMatch(/Controlled By:\s+ReplicaSet\/web-6d4cf56db6/);
    expect(text).toMatch(/Warning\s+BackOff\s+.*\(x3 over/);
    expect(text).toMatch(/Warning\s+Unhealthy\s+.*Liveness probe failed/);
    expect(text).not.toMatch(/Killing/);
  });

  it("prints describe pod's Events as kubetrail describe --at prints them, but for their age", async () => {
    const pod = ['pod', '-n', 'shop', 'web-6d4cf56db6-x7k2p'];
    // kubectl counts an Event's age from its own clock; kubetrail from the instant asked for.
    const rows = (text: string) =>
      text
        .slice(text.indexOf('\nEvents:\n'))
        .split('\n')
        .slice(4)
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const [type, reason, _age, from, ...message] = line.trim().split(/\s{2,}/);
          return [type, reason, from, message.join('  ')].join(' | ');
        });
    const viaKubectl = rows(await kubectl(instant, 'describe', ...pod));
    const { stdout } = await run(
      process.execPath,
      [join(repo, 'bin/kubetrail.js'), 'describe', ...pod, '--at', instant, '--db', recorded.dbPath],
      { cwd: repo, timeout: 20_000 },
    );
    const viaCli = rows(stdout);
    expect(viaKubectl).toContain(
      'Warning | BackOff | kubelet | Back-off restarting failed container app in pod web-6d4cf56db6-x7k2p_shop(pod-web-x7k2p)',
    );
    // kubetrail also keeps the Events Kubernetes had already expired by then: every row kubectl
    // printed is there, in the same order.
    expect(viaCli.filter((row) => viaKubectl.includes(row))).toEqual(viaKubectl);
  });

  it('lists events, ReplicaSets, Deployments and namespaces as they were', async () => {
    const events = await kubectl(instant, 'get', 'events', '-n', 'shop');
    expect(events.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(events).toMatch(/^3m\s+Warning\s+BackOff\s+pod\/web-6d4cf56db6-x7k2p/m);
    const workloads = await kubectl(instant, 'get', 'rs,deploy', '-n', 'shop');
    expect(workloads).toMatch(/replicaset.apps\/web-6d4cf56db6\s+2\s+2\s+2\s+17h/);
    expect(workloads).toMatch(/deployment.apps\/web\s+2\/2\s+2\s+2\s+17h/);
    expect(await kubectl(instant, 'get', 'ns', '-o', 'name')).toBe('namespace/default\nnamespace/shop\n');
  });

  it('is refused when the server wants a token (kubectl sends tokens over TLS only)', async () => {
    const locked = await startServer({
      dbPath: recorded.dbPath,
      port: 0,
      token: 'facade-token',
      now: () => fixedNow,
    });
    try {
      const args = [
        '--server',
        `${locked.url}/k8s/default/at/${instant}`,
        '--token',
        'facade-token',
        'get',
        'pods',
      ];
      await expect(
        run(kubectlPath, args, { env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 20_000 }),
      ).rejects.toMatchObject({
        stderr: expect.stringMatching(/provide credentials|Unauthorized/),
      });
    } finally {
      await locked.close();
    }
  });
});
