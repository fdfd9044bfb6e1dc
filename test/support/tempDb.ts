import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export type TempDir = { dir: string; path: (name: string) => string; cleanup: () => void };

/** A fresh directory per test for database files; removed by the returned cleanup. */
export function tempDir(prefix = 'kubetrail-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** For a test file: `fresh()` makes a directory that is removed after the test that made it. */
export function tempDirsPerTest(): () => TempDir {
  const made: TempDir[] = [];
  afterEach(() => {
    while (made.length) made.pop()?.cleanup();
  });
  return () => {
    const dir = tempDir();
    made.push(dir);
    return dir;
  };
}
