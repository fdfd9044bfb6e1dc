// Scenarios of the sim's engine recorded end to end by the live collector, and the restarts the
// projector derives from what it recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { podColumns } from '../projector/index.ts';
import { createEngine, ManualClock, runScenarios, seededRandom } from '../sim/engine/index.ts';
import { createQueries, type KubeObject } from '../store/index.ts';
import { type Harness, startHarness, waitFor } from './collectorTestSupport.ts';
import { parseResources } from './watchedResources.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

type ContainerStatus = { name: string; restartCount?: number };

/** Restarts per pod/container as the sim's own changes show them (restartCount increments). */
function restartsInSim(changes: Harness['changes']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of changes) {
    if (c.resource !== 'pods' || c.type === 'DELETED') continue;
    const status = c.object.status as
      | { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] }
      | undefined;
    for (const s of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
      const key = `${c.object.metadata?.namespace}/${c.object.metadata?.name}/${s.name}`;
      counts.set(key, Math.max(counts.get(key) ?? 0, s.restartCount ?? 0));
    }
  }
  for (const [key, n] of counts) if (n === 0) counts.delete(key);
  return counts;
}

describe('scenarios recorded end to end', () => {
  it('liveness-exec and crashloop: every restart recorded, with its exit code, none inferred', async () => {
    const clock = new ManualClock(Date.parse('2026-01-02T03:00:00Z'));
    h = await startHarness({ clock, bookmarkIntervalMs: 20 });
    const engine = createEngine({ store: h.cluster.store, clock, random: seededRandom(7) });
    runScenarios(engine, ['liveness-exec', 'crashloop'], { loop: false });
    await h.startCollector({ clock, resources: parseResources('pods,events,events.events.k8s.io') });
    await waitFor(() => h.markers('WatchStarted').length === 3, 'the watches');

    // Five virtual minutes in 10 s steps, each recorded before the next (observed times advance).
    for (let step = 0; step < 30; step++) {
      engine.advanceBy(10_000);
      const revision = h.cluster.store.revision();
      await waitFor(
        () => h.checkpoint('pods') === revision && h.checkpoint('events') === revision,
        `step ${step} to be recorded`,
      );
    }
    await h.collector.stop();

    const expected = restartsInSim(h.changes);
    expect(expected.get('sim-liveness-exec/liveness-exec/liveness')).toBeGreaterThanOrEqual(3);
    expect(expected.get('sim-crashloop/crasher/app')).toBeGreaterThanOrEqual(3);

    const restarts = createQueries(h.store.db).restarts({});
    const recorded = new Map<string, number>();
    for (const r of restarts) {
      const key = `${r.namespace}/${r.pod}/${r.container}`;
      recorded.set(key, (recorded.get(key) ?? 0) + 1);
    }
    expect(recorded).toEqual(expected);
    expect(restarts.filter((r) => r.inferred)).toEqual([]);
    const liveness = restarts.filter((r) => r.pod === 'liveness-exec');
    expect(new Set(liveness.map((r) => `${r.exitCode} ${r.reason}`))).toEqual(new Set(['137 Error']));
    const crasher = restarts.filter((r) => r.pod === 'crasher');
    expect(new Set(crasher.map((r) => `${r.exitCode} ${r.reason}`))).toEqual(new Set(['1 Error']));
    // The kubelet's events came through both APIs.
    expect(
      h.objectEntries('events').some((e) => (e.object as { reason?: string }).reason === 'Unhealthy'),
    ).toBe(true);
    expect(
      h
        .objectEntries('events.events.k8s.io')
        .some((e) => (e.object as { reason?: string }).reason === 'BackOff'),
    ).toBe(true);
  });

  it('every other scenario: each pod ends as kubectl showed it, every restart counted, and what each lifecycle must show', async () => {
    const start = Date.parse('2026-01-02T03:00:00Z');
    const clock = new ManualClock(start);
    h = await startHarness({ clock, bookmarkIntervalMs: 20, windowSize: 100_000 });
    const engine = createEngine({ store: h.cluster.store, clock, random: seededRandom(11) });
    const names = [
      'startup-probe',
      'image-pull-backoff',
      'oomkilled',
      'failed-scheduling',
      'job-complete',
      'eviction',
      'deployment-rollout',
      'init-containers',
      'prestop-graceful',
    ];
    runScenarios(engine, names, { loop: false });
    await h.startCollector({
      clock,
      resources: parseResources('pods,events,events.events.k8s.io,replicasets.apps,deployments.apps'),
    });
    await waitFor(() => h.markers('WatchStarted').length === 5, 'the watches');
    // Ten virtual minutes in 20 s steps, each recorded before the next.
    for (let step = 0; step < 30; step++) {
      engine.advanceBy(20_000);
      const revision = h.cluster.store.revision();
      await waitFor(() => h.checkpoint('pods') === revision, `step ${step} to be recorded`);
    }
    await h.collector.stop();
    const q = createQueries(h.store.db);
    const db = h.store.db;

    // Generic: each pod's last recorded STATUS is kubectl's STATUS of the sim's last version of it.
    const lastInSim = new Map<string, { object: KubeObject; deleted: boolean }>();
    for (const c of h.changes) {
      if (c.resource === 'pods')
        lastInSim.set(c.object.metadata!.uid!, { object: c.object, deleted: c.type === 'DELETED' });
    }
    expect(lastInSim.size).toBeGreaterThan(12);
    for (const [uid, { object, deleted }] of lastInSim) {
      const last = db
        .prepare('SELECT status, deleted FROM pod_versions WHERE uid = ? ORDER BY position DESC LIMIT 1')
        .get(uid) as { status: string; deleted: number };
      expect({ uid, status: last.status, deleted: last.deleted === 1 }).toEqual({
        uid,
        status: podColumns(object, clock.now()).status,
        deleted,
      });
    }
    const recorded = new Map<string, number>();
    for (const r of q.restarts({})) {
      const key = `${r.namespace}/${r.pod}/${r.container}`;
      recorded.set(key, (recorded.get(key) ?? 0) + 1);
    }
    expect(recorded).toEqual(restartsInSim(h.changes));

    const statuses = (namespace: string) =>
      (
        db
          .prepare(
            'SELECT DISTINCT v.status FROM pod_versions v JOIN pods p ON p.uid = v.uid WHERE p.namespace = ? ORDER BY v.position',
          )
          .all(namespace) as { status: string }[]
      ).map((r) => r.status);
    const reasons = (namespace: string) =>
      (
        db.prepare('SELECT DISTINCT reason FROM event_occurrences WHERE namespace = ?').all(namespace) as {
          reason: string;
        }[]
      ).map((r) => r.reason);

    // image pull back-off: ErrImagePull and ImagePullBackOff, with the kubelet's events.
    expect(statuses('sim-image-pull-backoff')).toEqual(
      expect.arrayContaining(['ErrImagePull', 'ImagePullBackOff']),
    );
    expect(reasons('sim-image-pull-backoff')).toEqual(expect.arrayContaining(['Failed', 'BackOff']));
    // OOMKilled: restarts with reason OOMKilled and exit code 137.
    const oom = q.restarts({ namespace: 'sim-oomkilled' });
    expect(oom.length).toBeGreaterThan(0);
    expect(oom.every((r) => r.reason === 'OOMKilled' && r.exitCode === 137)).toBe(true);
    // FailedScheduling, then scheduled and running.
    expect(reasons('sim-failed-scheduling')).toEqual(
      expect.arrayContaining(['FailedScheduling', 'Scheduled']),
    );
    expect(statuses('sim-failed-scheduling')).toEqual(expect.arrayContaining(['Pending', 'Running']));
    // A Job pod that completes.
    expect(statuses('sim-job-complete')).toContain('Completed');
    // Eviction: the evicted pod ends in phase Failed (its STATUS is the container's terminated
    // reason, which kubectl prints over the pod's reason Evicted: the generic check covers it).
    const evicted = db
      .prepare(
        "SELECT count(*) AS n FROM pod_versions v JOIN pods p ON p.uid = v.uid WHERE p.namespace = 'sim-eviction' AND v.phase = 'Failed'",
      )
      .get() as { n: number };
    expect(evicted.n).toBeGreaterThan(0);
    expect(reasons('sim-eviction')).toContain('Evicted');
    // A startup probe that kills a too-slow start.
    expect(reasons('sim-startup-probe')).toContain('Unhealthy');
    expect(
      q.history
        .events(q.podsNamed('sim-startup-probe', 'slow-start')[0]!)
        .some((e) => e.category === 'probe:startup'),
    ).toBe(true);
    // Deployment rollout: pods of two ReplicaSets owned by one Deployment; the old ones deleted gracefully.
    const rolloutPods = db
      .prepare(
        "SELECT p.owner_uid AS rs, o.owner_kind AS kind, o.owner_name AS deployment, p.deleted_at AS deletedAt, p.grace_period_seconds AS grace FROM pods p JOIN objects o ON o.uid = p.owner_uid WHERE p.namespace = 'sim-deployment-rollout'",
      )
      .all() as {
      rs: string;
      kind: string;
      deployment: string;
      deletedAt: number | null;
      grace: number | null;
    }[];
    expect(new Set(rolloutPods.map((p) => p.rs)).size).toBe(2);
    expect(new Set(rolloutPods.map((p) => `${p.kind}/${p.deployment}`)).size).toBe(1);
    expect(rolloutPods.filter((p) => p.deletedAt !== null).every((p) => p.grace !== null)).toBe(true);
    expect(rolloutPods.some((p) => p.deletedAt !== null)).toBe(true);
  });
});
