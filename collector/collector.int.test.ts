import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.ts';
import { type Harness, keyOf, pod, startHarness, waitFor } from './collectorTestSupport.ts';
import { redactedValue } from './redact.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const podChanges = () => h.changes.filter((c) => c.resource === 'pods');

/**
 * A recording collector whose log another process has just locked (a retention run, an import or
 * a compact taking the write lock), with what the collector logged.
 */
async function recordingWhileLocked(
  options: { maxHeldInMemory?: number } = {},
): Promise<{ lines: string[]; other: Database.Database }> {
  h = await startHarness();
  const lines: string[] = [];
  await h.startCollector({ ...options, log: (line) => lines.push(line) });
  await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');
  const other = new Database(h.dbPath);
  other.exec('BEGIN IMMEDIATE');
  return { lines, other };
}

describe('the live collector against the sim', () => {
  it('records the initial list with source list, as the server sent it, redacted, and checkpoints its version', async () => {
    h = await startHarness();
    h.cluster.store.create('pods', pod('web-1'));
    h.cluster.store.create('pods', pod('web-2', 'shop'));
    const listVersion = h.cluster.store.revision();
    await h.startCollector();
    await waitFor(
      () => h.objectEntries('pods').length === 2 && h.markers('WatchStarted').length === 3,
      'the list',
    );

    const listed = h.objectEntries('pods');
    expect(listed.map((e) => [e.source, e.type, e.namespace, e.name])).toEqual([
      ['list', 'ADDED', 'default', 'web-1'],
      ['list', 'ADDED', 'shop', 'web-2'],
    ]);
    const stored = h.cluster.store.get('pods', 'default', 'web-1') as KubeObject;
    const expected = structuredClone(stored) as { spec: { containers: { env: { value: string }[] }[] } };
    expected.spec.containers[0]!.env[0]!.value = redactedValue;
    expect(listed[0]!.object).toEqual(expected);
    expect(Object.keys(listed[0]!.object).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(h.checkpoint('pods')).toBe(listVersion);
    expect(h.markers('CollectorStarted')).toHaveLength(1);
    expect(h.markers('Gap')).toHaveLength(0);
  });

  it('records a long list page by page, with the checkpoint only once the list is complete', async () => {
    h = await startHarness();
    for (let i = 0; i < 5; i++) h.cluster.store.create('pods', pod(`web-${i}`));
    const { createKubeClient } = await import('./kubeClient.ts');
    const base = createKubeClient(h.kc);
    let podPages = 0;
    let releaseLastPage: () => void = () => {};
    const lastPageHeld = new Promise<void>((resolve) => {
      releaseLastPage = resolve;
    });
    await h.startCollector({
      listPageSize: 2,
      client: {
        ...base,
        async listPage(path, query, signal) {
          if (path.endsWith('/pods') && ++podPages === 3) await lastPageHeld;
          return base.listPage(path, query, signal);
        },
      },
    });
    // The first two pages are in the log while the third is still being fetched.
    await waitFor(() => h.objectEntries('pods').length === 4, 'the first two pages');
    expect(h.checkpoint('pods')).toBeUndefined();
    releaseLastPage();
    await waitFor(() => h.checkpoint('pods') !== undefined, 'the checkpoint');
    expect(h.objectEntries('pods').map((e) => [e.source, e.type, e.name])).toEqual(
      [0, 1, 2, 3, 4].map((i) => ['list', 'ADDED', `web-${i}`]),
    );
    expect(h.checkpoint('pods')).toBe(h.cluster.store.revision());
  });

  it('records watch changes in order, events through both APIs, and bookmarks only move the checkpoint', async () => {
    h = await startHarness({ bookmarkIntervalMs: 50 });
    await h.startCollector();
    await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');
    const s = h.cluster.store;
    s.create('pods', pod('api'));
    for (const phase of ['Pending', 'Running', 'Succeeded']) {
      const current = s.get('pods', 'default', 'api')!;
      s.update('pods', { ...current, status: { phase } });
    }
    s.remove('pods', 'default', 'api');
    s.create('events', {
      metadata: { name: 'api.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'api', namespace: 'default' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/api to node-a',
      type: 'Normal',
    });
    const expected = podChanges().map((c) => [c.type, c.object.metadata?.resourceVersion]);
    await waitFor(() => h.objectEntries('pods').length === expected.length, 'the pod changes');
    await waitFor(() => h.objectEntries('events.events.k8s.io').length === 1, 'the event in both APIs');

    const recorded = h.objectEntries('pods');
    expect(recorded.map((e) => [e.type, e.resourceVersion])).toEqual(expected);
    expect(new Set(recorded.map((e) => e.source))).toEqual(new Set(['watch']));
    expect(h.objectEntries('events')[0]!.object).toMatchObject({ apiVersion: 'v1', reason: 'Scheduled' });
    expect(h.objectEntries('events.events.k8s.io')[0]!.object).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
    });

    // A bookmark carries the store's revision: the checkpoint reaches it without a log entry.
    const before = h.entries().length;
    s.create('namespaces', { metadata: { name: 'quiet' } });
    const revision = s.revision();
    await waitFor(() => h.checkpoint('pods') === revision, 'a bookmark to move the checkpoint');
    expect(h.entries().length).toBe(before);
  });

  it('resumes from the checkpoint after a restart, missing nothing and duplicating nothing, and records the gap', async () => {
    h = await startHarness();
    const s = h.cluster.store;
    s.create('pods', pod('a'));
    await h.startCollector();
    await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');
    s.create('pods', pod('b'));
    await waitFor(() => h.objectEntries('pods').length === 2, 'pod b');
    await h.collector.stop();
    const stoppedAt = h.markers('CollectorStopped')[0]!.observedAt;

    // While nobody watches: a change, a new pod, a deletion.
    s.update('pods', { ...s.get('pods', 'default', 'a')!, status: { phase: 'Running' } });
    s.create('pods', pod('c'));
    s.remove('pods', 'default', 'b');
    h.reopen();
    await h.startCollector();
    const expected = podChanges().map((c) =>
      keyOf(c.object.metadata?.uid, c.object.metadata?.resourceVersion, c.type),
    );
    await waitFor(() => h.objectEntries('pods').length >= expected.length, 'the missed changes');
    await h.collector.stop();

    const recorded = h.objectEntries('pods').map((e) => keyOf(e.uid, e.resourceVersion, e.type));
    expect(recorded).toEqual(expected);
    expect(h.objectEntries('pods').filter((e) => e.source === 'list')).toHaveLength(1);
    const gaps = h.markers('Gap').filter((g) => g.resource === 'pods');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.object).toMatchObject({ from: stoppedAt, reason: 'collector not running' });
    expect(gaps[0]!.object.to).toBeGreaterThanOrEqual(stoppedAt);
    expect(h.markers('CollectorStarted')).toHaveLength(2);
  });

  it('relists after 410 Gone, infers the deletions it missed from the last recorded objects, and records a gap', async () => {
    h = await startHarness();
    const s = h.cluster.store;
    s.create('pods', pod('stays'));
    s.create('pods', pod('vanishes'));
    await h.startCollector();
    await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');
    s.update('pods', { ...s.get('pods', 'default', 'vanishes')!, status: { phase: 'Running' } });
    await waitFor(() => h.objectEntries('pods').length === 3, 'the update');
    const lastSeen = h.objectEntries('pods').at(-1)!;

    // Cut the watch, delete while it is down, then expire the history it would resume from.
    h.cluster.dropConnections('destroy');
    s.remove('pods', 'default', 'vanishes');
    s.create('pods', pod('newcomer'));
    h.cluster.forceExpire();
    await waitFor(() => h.markers('Relisted').some((m) => m.resource === 'pods'), 'the relist');
    await waitFor(() => h.markers('WatchReconnected').some((m) => m.resource === 'pods'), 'the watch again');

    const after = h.objectEntries('pods').filter((e) => e.position > lastSeen.position);
    const deletion = after.find((e) => e.type === 'DELETED')!;
    expect(deletion).toMatchObject({
      source: 'relist',
      inferred: true,
      name: 'vanishes',
      resourceVersion: lastSeen.resourceVersion,
    });
    expect(deletion.object).toEqual(lastSeen.object);
    expect(after.find((e) => e.name === 'newcomer')).toMatchObject({ source: 'relist', type: 'ADDED' });
    // `stays` did not change: its version is recorded once.
    expect(h.objectEntries('pods').filter((e) => e.name === 'stays')).toHaveLength(1);
    const gap = h.markers('Gap').find((g) => g.resource === 'pods')!;
    expect(gap.object.reason).toMatch(/410|expired/);
    expect(gap.object.from).toBeLessThanOrEqual(gap.object.to as number);
  });

  it('a relist while another process holds the log waits for what was held, so a pod deleted unseen is still inferred deleted', async () => {
    const { other } = await recordingWhileLocked();
    const s = h.cluster.store;
    try {
      s.create('pods', pod('ghost'));
      await waitFor(() => h.collector.stats().pending >= 1, 'the pod held in memory');
      h.cluster.dropConnections('destroy');
      s.remove('pods', 'default', 'ghost');
      h.cluster.forceExpire();
      await new Promise((r) => setTimeout(r, 1000));
      expect(h.markers('Relisted')).toHaveLength(0);
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    await waitFor(() => h.markers('Relisted').some((m) => m.resource === 'pods'), 'the relist');
    expect(h.objectEntries('pods').map((e) => [e.name, e.source, e.type, e.inferred])).toEqual([
      ['ghost', 'watch', 'ADDED', false],
      ['ghost', 'relist', 'DELETED', true],
    ]);
  });

  it('reconnects after a dropped connection with back-off, records the gap, and misses nothing', async () => {
    h = await startHarness();
    const s = h.cluster.store;
    await h.startCollector();
    await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');
    h.cluster.dropConnections('destroy');
    s.create('pods', pod('during-the-cut'));
    await waitFor(() => h.objectEntries('pods').length === 1, 'the pod created during the cut');
    await waitFor(
      () => h.markers('WatchReconnected').some((m) => m.resource === 'pods'),
      'the reconnect marker',
    );
    expect(h.objectEntries('pods')[0]).toMatchObject({
      source: 'watch',
      type: 'ADDED',
      name: 'during-the-cut',
    });
    const gap = h.markers('Gap').find((g) => g.resource === 'pods')!;
    expect(gap.object.reason).toMatch(/watch failed/);
    expect(gap.object.to).toBeGreaterThanOrEqual(gap.object.from as number);
    expect(h.markers('Relisted')).toHaveLength(0);
  });

  it('keeps a quiet watch open past the inactivity timeout while bookmarks arrive, and resumes after clean ends without a gap', async () => {
    h = await startHarness({ bookmarkIntervalMs: 50 });
    const { createKubeClient } = await import('./kubeClient.ts');
    await h.startCollector({ client: createKubeClient(h.kc, { inactivityTimeoutMs: 300 }) });
    await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');
    await new Promise((r) => setTimeout(r, 1200));
    expect(h.markers('WatchReconnected')).toHaveLength(0);
    // A server-side timeout ends the stream cleanly: resumed at once, no gap.
    h.cluster.dropConnections('end');
    h.cluster.store.create('pods', pod('after-the-timeout'));
    await waitFor(() => h.objectEntries('pods').length === 1, 'the pod after the clean end');
    expect(h.markers('Gap')).toHaveLength(0);
  });

  it('keeps its event loop free while another process holds the log, says so once, holds beyond its bound on disk, and then writes all it held', async () => {
    const { lines, other } = await recordingWhileLocked({ maxHeldInMemory: 2 });
    let longestStall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const t = performance.now();
      longestStall = Math.max(longestStall, t - last);
      last = t;
    }, 10);
    try {
      for (let i = 0; i < 5; i++) h.cluster.store.create('pods', pod(`held-${i}`));
      await waitFor(() => h.collector.stats().pending >= 5, 'the pods held');
      await waitFor(() => lines.some((l) => l.includes('locked by another writer')), 'the lock reported');
      expect(h.collector.stats().spilled).toBeGreaterThanOrEqual(3);
      await new Promise((r) => setTimeout(r, 2500));
    } finally {
      clearInterval(ticker);
      other.exec('COMMIT');
      other.close();
    }
    // Each write tried while locked waited 100 ms; SQLite's default wait would block for 5 s.
    expect(longestStall).toBeLessThan(1000);
    await waitFor(() => h.objectEntries('pods').length === 5, 'the held pods written');
    await waitFor(() => lines.some((l) => l.includes('free again')), 'the lock reported gone');
    expect(h.objectEntries('pods').map((e) => [e.source, e.name])).toEqual(
      [0, 1, 2, 3, 4].map((i) => ['watch', `held-${i}`]),
    );
    expect(lines.filter((l) => l.includes('locked by another writer'))).toHaveLength(1);
    expect(lines.find((l) => l.includes('free again'))).toMatch(/\((\d+) of them held on disk\)/);
    expect(lines.filter((l) => l.includes('failed'))).toEqual([]);
  });

  it('stopping while another process holds the log waits for it, then writes what it held and CollectorStopped', async () => {
    const { lines, other } = await recordingWhileLocked({ maxHeldInMemory: 1 });
    for (let i = 0; i < 3; i++) h.cluster.store.create('pods', pod(`held-at-stop-${i}`));
    await waitFor(() => h.collector.stats().spilled >= 2, 'the pods held, some on disk');
    const release = setTimeout(() => {
      other.exec('COMMIT');
      other.close();
    }, 1500);
    try {
      await h.collector.stop();
    } finally {
      clearTimeout(release);
      if (other.open) other.close();
    }
    expect(h.objectEntries('pods').map((e) => e.name)).toEqual([0, 1, 2].map((i) => `held-at-stop-${i}`));
    expect(h.entries().at(-1)).toMatchObject({ type: 'MARKER', kind: 'CollectorStopped' });
    expect(lines.filter((l) => l.includes('unwritten'))).toEqual([]);
  });
});
