import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithClosedStdout } from '../test/support/closedStdout.ts';
import { fixtureDb, fixturePath } from '../test/support/fixtureDb.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { type CliIo, main } from './index.ts';

const f = fixtureDb('crashloop', 'liveness-exec');
afterAll(() => f.cleanup());
const now = Date.parse('2026-01-02T04:00:00Z');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    now: () => now,
    env: {},
  };
  const code = await main([...argv, '--db', f.path], io);
  return { code, stdout, stderr };
}

describe('kubetrail get pods', () => {
  it('prints the pods of an instant inside the crash loop exactly as kubectl printed them', async () => {
    const { code, stdout } = await run('get', 'pods', '-A', '--at', '2026-01-02T03:06:00Z');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'NAMESPACE           NAME            READY   STATUS             RESTARTS      AGE',
        'sim-crashloop       crasher         0/1     CrashLoopBackOff   6 (24s ago)   6m',
        'sim-liveness-exec   liveness-exec   1/1     Running            5 (7s ago)    6m',
        '',
      ].join('\n'),
    );
  });

  it('takes relative times, namespaces and label selectors', async () => {
    const { stdout } = await run('get', 'pods', '-n', 'sim-crashloop', '--at', '54m ago');
    expect(stdout.split('\n')[1]).toMatch(/^crasher\s+0\/1\s+CrashLoopBackOff\s+6 \(24s ago\)\s+6m$/);
    const none = await run(
      'get',
      'pods',
      '-A',
      '-l',
      'app=nothing-like-this',
      '--at',
      '2026-01-02T03:06:00Z',
    );
    expect(none.stderr).toMatch(/No resources found/);
  });

  it('takes the common flags before the command too, and --help after it, as kubectl does', async () => {
    const after = await run('get', 'pods', '-n', 'sim-crashloop', '--at', '2026-01-02T03:06:00Z');
    const io = (out: string[]): CliIo => ({
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(`stderr: ${t}`),
      now: () => now,
      env: {},
    });
    const before: string[] = [];
    const code = await main(
      ['--db', f.path, '-n', 'sim-crashloop', 'get', 'pods', '--at', '2026-01-02T03:06:00Z'],
      io(before),
    );
    expect(code).toBe(0);
    expect(after.stdout).toMatch(/^NAME\s+READY/);
    expect(before.join('')).toBe(after.stdout);
    const restarts: string[] = [];
    expect(await main([`--db=${f.path}`, '-A', 'restarts', '-o', 'json'], io(restarts))).toBe(0);
    expect(JSON.parse(restarts.join('')).items.length).toBeGreaterThan(0);
    const help: string[] = [];
    expect(await main(['restarts', '--help'], io(help))).toBe(0);
    expect(help.join('')).toMatch(/^kubetrail: a flight recorder/);
    const unknown: string[] = [];
    expect(await main(['--db', f.path, '--verbose', 'get', 'pods'], io(unknown))).toBe(2);
    expect(unknown.join('')).toMatch(/^stderr: kubetrail: unknown command "--verbose"/);
  });

  it('prints the JSON contract', async () => {
    const { stdout } = await run(
      'get',
      'pods',
      '-n',
      'sim-crashloop',
      '--at',
      '2026-01-02T03:06:00Z',
      '-o',
      'json',
    );
    const parsed = JSON.parse(stdout);
    expect(parsed.at).toBe('2026-01-02T03:06:00Z');
    expect(parsed.items).toEqual([
      {
        cluster: 'default',
        namespace: 'sim-crashloop',
        name: 'crasher',
        uid: expect.any(String),
        phase: 'Running',
        ready: '0/1',
        status: 'CrashLoopBackOff',
        restarts: 6,
        restartsText: '6 (24s ago)',
        node: 'sim-worker2',
        deleted: false,
      },
    ]);
  });
});

describe('kubetrail restarts', () => {
  it('lists every restart of the fixture with exit codes and reasons', async () => {
    const { code, stdout } = await run('restarts', '-n', 'sim-crashloop', '-o', 'json');
    expect(code).toBe(0);
    const items = JSON.parse(stdout).items;
    expect(items).toHaveLength(8);
    expect(items[0]).toEqual({
      cluster: 'default',
      namespace: 'sim-crashloop',
      pod: 'crasher',
      uid: expect.any(String),
      container: 'app',
      at: '2026-01-02T03:00:07Z',
      exitCode: 1,
      reason: 'Error',
      signal: null,
      inferred: false,
    });
    expect(
      items.every((r: { exitCode: number; reason: string }) => r.exitCode === 1 && r.reason === 'Error'),
    ).toBe(true);
  });

  it('filters by window and reason, and prints a table', async () => {
    const window = await run(
      'restarts',
      '-A',
      '--since',
      '2026-01-02T03:00:30Z',
      '--until',
      '2026-01-02T03:03:00Z',
      '-o',
      'json',
    );
    expect(
      JSON.parse(window.stdout).items.map((r: { pod: string; at: string }) => `${r.pod}@${r.at}`),
    ).toEqual([
      'crasher@2026-01-02T03:00:47Z',
      'liveness-exec@2026-01-02T03:01:13Z',
      'crasher@2026-01-02T03:01:30Z',
      'liveness-exec@2026-01-02T03:02:23Z',
      'crasher@2026-01-02T03:02:53Z',
    ]);
    const table = await run('restarts', '-A', '--reason', 'Error');
    expect(table.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+POD\s+CONTAINER\s+TIME\s+EXIT\s+REASON/);
    expect(table.stdout).toMatch(
      /sim-liveness-exec\s+liveness-exec\s+liveness\s+2026-01-02T03:01:13Z\s+137\s+Error/,
    );
  });

  it('prints a row for every restart the JSON lists, and says so when the window holds none', async () => {
    const json = JSON.parse((await run('restarts', '-A', '-o', 'json')).stdout).items as { pod: string }[];
    const table = await run('restarts', '-A');
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines.slice(1).map((line) => line.split(/\s+/)[1])).toEqual(json.map((r) => r.pod));
    // Every line as wide as the header lays its columns out (the widths came from the same rows).
    const timeColumn = lines[0]!.indexOf('TIME');
    for (const line of lines.slice(1)) expect(line.slice(timeColumn, timeColumn + 4)).toBe('2026');
    const none = await run('restarts', '-A', '--since', '2030-01-01T00:00:00Z');
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'No restarts found.\n' });
  });
});

describe('kubetrail describe and timeline', () => {
  it('describes the pod as it was, with Events Kubernetes would have expired', async () => {
    const { code, stdout } = await run(
      'describe',
      'pod',
      'crasher',
      '-n',
      'sim-crashloop',
      '--at',
      '2026-01-02T03:06:00Z',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Name:\s+crasher$/m);
    expect(stdout).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff/);
    expect(stdout).toMatch(/Restart Count:\s+6/);
    expect(stdout).toMatch(
      /Warning\s+BackOff\s+46s \(x26 over 5m48s\)\s+kubelet\s+Back-off restarting failed container app/,
    );
  });

  it('prints the timeline spans in order', async () => {
    const { stdout } = await run('timeline', 'pod', 'crasher', '-n', 'sim-crashloop');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Pod sim-crashloop\/crasher\s+uid \S+\s+cluster default$/);
    const times = lines.filter((l) => /^\d{4}-/.test(l)).map((l) => Date.parse(l.slice(0, 20)));
    expect(times.length).toBeGreaterThan(50);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(stdout).toMatch(/crashloop\/app\s+CrashLoopBackOff\s+7 restarts/);
  });
});

describe('errors: one clear line on stderr, exit code 2', () => {
  it.each([
    [['get', 'pods', '--at', 'yesterday-ish'], /^kubetrail get: --at: cannot parse "yesterday-ish"/],
    [
      ['describe', 'pod', 'nope', '-n', 'sim-crashloop'],
      /^kubetrail describe: pod sim-crashloop\/nope: not recorded$/,
    ],
    [
      ['describe', 'pod', 'crasher', '-n', 'nowhere'],
      /^kubetrail describe: namespace "nowhere": no pods recorded in it$/,
    ],
    [
      ['describe', 'pod', 'crasher', '-n', 'sim-crashloop', '--at', '2025-01-01T00:00:00Z'],
      /did not exist at 2025-01-01T00:00:00Z \(recorded: \S+ from 2026-01-02T03:00:00Z to now\)/,
    ],
    [['restarts', '--bogus'], /^kubetrail restarts: Unknown option '--bogus'/],
    [['frobnicate'], /^kubetrail: unknown command "frobnicate"/],
  ])('%j', async (argv, message) => {
    const { code, stderr, stdout } = await run(...(argv as string[]));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('a missing database, through the real binary', () => {
    const result = spawnSync(
      process.execPath,
      ['bin/kubetrail.js', 'get', 'pods', '-A', '--db', '/nonexistent/k.db'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'kubetrail get: no kubetrail database at /nonexistent/k.db (record or import something first, or pass --db)\n',
    );
  });
});

describe('a reader that stops reading (`kubetrail get pods -A | head -1`)', () => {
  it('ends the command quietly with the status of a SIGPIPE stop (141), no stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout([
      'bin/kubetrail.js',
      'get',
      'pods',
      '-A',
      '--db',
      f.path,
    ]);
    expect({ code, stderr }).toEqual({ code: 141, stderr: '' });
  });
});

describe('kubetrail export', () => {
  it('writes NDJSON that import takes back: same objects, same observed times, nothing new on re-import', async () => {
    const { code, stdout } = await run('export', '-n', 'sim-crashloop');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const original = readFileSync(fixturePath('crashloop'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(original.length);
    const first = JSON.parse(lines[0]!);
    const source = JSON.parse(original[0]!);
    expect(first).toEqual({ type: source.type, observedAt: source.observedAt, object: source.object });
    const t = tempDir();
    try {
      writeFileSync(t.path('export.ndjson'), stdout);
      const again = await run('import', t.path('export.ndjson'));
      expect(again.stdout).toMatch(/0 entries recorded, \d+ already recorded/);
    } finally {
      t.cleanup();
    }
  });
});
