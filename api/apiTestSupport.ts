// Test support: a database imported from the API fixtures, opened read-only for the app.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { importFiles } from '../collector/index.ts';
import { createCheckpointStore, openStore, type Store } from '../store/index.ts';
import { tempDir } from '../test/support/tempDb.ts';
import type { ApiApp } from './index.ts';
import { type CreateAppOptions, createApp } from './index.ts';

export const fixture = (name: string) =>
  fileURLToPath(new URL(`../test/fixtures/api/${name}`, import.meta.url));

/** After the whole fixture story (03:00 to 04:05 on 2026-01-02). */
export const fixedNow = Date.parse('2026-01-02T06:00:00Z');

export type Recorded = { dbPath: string; writer: Store; cleanup: () => void };

/** Imports the fixtures (cluster default, plus one pod in cluster staging) and a few collector markers. */
export function recordFixtures(): Recorded {
  const dir = tempDir('kubetrail-api-');
  const dbPath = dir.path('k.db');
  const writer = openStore(dbPath, { now: () => fixedNow });
  importFiles(writer.writer!, [fixture('shop.ndjson')], { cluster: 'default', now: () => fixedNow });
  importFiles(writer.writer!, [fixture('staging.ndjson')], { cluster: 'staging', now: () => fixedNow });
  const at = (t: string) => Date.parse(`2026-01-02T${t}Z`);
  writer.writer!.append([
    {
      cluster: 'default',
      observedAt: at('02:58:00'),
      source: 'collector',
      type: 'MARKER',
      resource: '',
      object: { marker: 'CollectorStarted' },
    },
    {
      cluster: 'default',
      observedAt: at('03:12:00'),
      source: 'collector',
      type: 'MARKER',
      resource: 'pods',
      object: { marker: 'WatchReconnected' },
    },
    {
      cluster: 'default',
      observedAt: at('03:15:00'),
      source: 'collector',
      type: 'MARKER',
      resource: 'pods',
      object: { marker: 'Gap', from: at('03:13:00'), to: at('03:15:00'), reason: '410 Gone' },
    },
    {
      cluster: 'default',
      observedAt: at('03:15:00'),
      source: 'relist',
      type: 'MARKER',
      resource: 'pods',
      object: { marker: 'Relisted' },
    },
  ]);
  createCheckpointStore(writer.db).set({
    cluster: 'default',
    resource: 'pods',
    resourceVersion: '1024',
    position: 24,
    updatedAt: at('04:05:20'),
  });
  return {
    dbPath,
    writer,
    cleanup: () => {
      writer.close();
      dir.cleanup();
    },
  };
}

/** The app over a read-only connection to the recorded database. */
export function appFor(recorded: Recorded, options: Partial<CreateAppOptions> = {}) {
  return createApp({
    dbPath: recorded.dbPath,
    now: () => fixedNow,
    sleep: async () => {},
    pollMs: 5,
    ...options,
  });
}

/**
 * Registers beforeAll/afterAll hooks that record the fixtures and open the app over them; the
 * returned object is filled in before the first test runs.
 */
export function useRecordedApp(): { recorded: Recorded; app: ApiApp } {
  const ctx = {} as { recorded: Recorded; app: ApiApp };
  beforeAll(() => {
    ctx.recorded = recordFixtures();
    ctx.app = appFor(ctx.recorded);
  });
  afterAll(() => {
    ctx.app.close();
    ctx.recorded.cleanup();
  });
  return ctx;
}
