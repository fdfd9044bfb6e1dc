// The production entry (bin/kubetrail-dist.js, what the container image runs): the CLI bundled
// by `npm run build` must behave exactly as the one run from the sources.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDb } from '../test/support/fixtureDb.ts';

const f = fixtureDb('crashloop', 'liveness-exec');
afterAll(() => f.cleanup());

const node = (...args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8' });

describe('the bundled CLI', () => {
  it('builds, and prints what the sources print (migrations and printers included)', () => {
    const built = node('bin/build.js');
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
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
});
