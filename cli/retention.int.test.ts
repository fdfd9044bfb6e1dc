import { afterEach, describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from '../bench/generate.ts';
import { toNewEntry } from '../bench/ingest.ts';
import { openStore } from '../store/index.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { type CliIo, main } from './index.ts';

const start = Date.UTC(2026, 0, 1);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function recorded(): string {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const path = dir.path('log.db');
  const store = openStore(path, { now: () => start });
  const lines = [
    ...generateTimedWatchStream({
      seed: 4,
      pods: 30,
      namespaces: 2,
      inFlight: 10,
      versionsPerPod: 10,
      deletePods: true,
      startTime: start,
      meanStepMs: 300_000,
    }),
  ];
  store.writer!.append(lines.map((line) => toNewEntry(line, 'c1')));
  store.close();
  return path;
}

function io(now: number): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: (t) => out.push(t), now: () => now, env: {} };
}

describe('kubetrail retention and compact', () => {
  it('removes entries older than the duration, then compact shrinks the file', async () => {
    const path = recorded();
    const run = io(start + 3 * 86_400_000);
    expect(await main(['retention', '--db', path, '--older-than', '2d'], run)).toBe(0);
    expect(run.out.join('')).toMatch(
      /^removed \d+ entries below position \d+ \(older than 2026-01-02T00:00:00.000Z\)/,
    );
    const compacted = io(start);
    expect(await main(['compact', '--db', path], compacted)).toBe(0);
    const [, before, after] = /: ([\d.]+) MB -> ([\d.]+) MB/.exec(compacted.out.join('')) ?? [];
    expect(Number(after)).toBeLessThanOrEqual(Number(before));
    const store = openStore(path, { readonly: true });
    try {
      const markers = store.db
        .prepare("SELECT count(*) AS n FROM log_entries WHERE kind = 'RetentionApplied'")
        .get();
      expect(markers).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });

  it('refuses a call without a policy or with a malformed duration', async () => {
    const path = recorded();
    const run = io(start);
    expect(await main(['retention', '--db', path], run)).toBe(2);
    expect(await main(['retention', '--db', path, '--older-than', 'soon'], run)).toBe(2);
    expect(run.out.join('')).toMatch(/expected a duration like 30d/);
  });
});
