import { describe, expect, test } from 'vitest';
import { runScenarios } from '../engine/index.ts';
import { container, createTestRig, secondsSinceT0, statusOf } from '../engine/testHelpers.ts';
import { busyCluster, scenarios } from './index.ts';

const play = (name: string, seconds: number) => {
  const rig = createTestRig();
  runScenarios(rig.engine, [name], { loop: false });
  rig.engine.advanceBy(seconds * 1000);
  const ns = `sim-${name}`;
  const reasons = (pod: string) =>
    rig.changes
      .filter((c) => c.resource === 'events' && c.type === 'ADDED')
      .filter((c) => (c.object.involvedObject as { name?: string }).name === pod)
      .map((c) => c.object.reason);
  const waitingReasons = (pod: string, name: string) => [
    ...new Set(
      rig
        .podVersions(pod)
        .map((v) => container(v, name)?.state.waiting?.reason)
        .filter(Boolean),
    ),
  ];
  return { ...rig, ns, reasons, waitingReasons };
};

describe('scenarios', () => {
  test('every required scenario is registered with a description', () => {
    for (const name of [
      'init-containers',
      'init-failure',
      'poststart-race',
      'poststart-failure',
      'prestop-graceful',
      'prestop-sigkill',
      'liveness-exec',
      'readiness-dependency',
      'startup-probe',
      'crashloop',
      'image-pull-backoff',
      'oomkilled',
      'failed-scheduling',
      'job-complete',
      'eviction',
      'deployment-rollout',
      'busy-cluster',
    ]) {
      expect(scenarios[name]?.description.length).toBeGreaterThan(10);
    }
  });

  test('init-containers: init containers run in order, each Completed, then the app', () => {
    const { engine, ns } = play('init-containers', 60);
    const pod = engine.getPod(ns, 'init-demo');
    const a = container(pod, 'init-config')?.state.terminated ?? {};
    const b = container(pod, 'init-wait-db')?.state.terminated ?? {};
    const app = container(pod, 'app')?.state.running ?? {};
    expect(a).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(b).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(secondsSinceT0(a.finishedAt)).toBeLessThanOrEqual(secondsSinceT0(b.startedAt));
    expect(secondsSinceT0(b.finishedAt)).toBeLessThanOrEqual(secondsSinceT0(app.startedAt));
    expect(statusOf(pod).conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    expect(statusOf(pod).phase).toBe('Running');
  });

  test('init-failure: Init:Error then Init:CrashLoopBackOff, phase Pending, until the init succeeds', () => {
    const { engine, ns, podVersions, waitingReasons } = play('init-failure', 200);
    expect(waitingReasons('migrate-demo', 'init-migrate')).toContain('CrashLoopBackOff');
    const initTerminated = podVersions('migrate-demo')
      .filter((v) => container(v, 'init-migrate')?.state.terminated?.exitCode === 1)
      .map((v) => statusOf(v).phase);
    expect(new Set(initTerminated)).toEqual(new Set(['Pending']));
    const pod = engine.getPod(ns, 'migrate-demo');
    expect(container(pod, 'init-migrate')).toMatchObject({
      restartCount: 4,
      state: { terminated: { exitCode: 0 } },
    });
    expect(statusOf(pod).phase).toBe('Running');
  });

  test('poststart-race: Started before the hook ends, but Running only once it returns', () => {
    const { podVersions, rig } = { ...play('poststart-race', 60), rig: null };
    void rig;
    const versions = podVersions('poststart-demo');
    const firstRunning = versions.find((v) => container(v, 'app')?.state.running);
    const startedAt = secondsSinceT0(container(firstRunning, 'app')?.state.running?.startedAt);
    const before = versions.slice(0, versions.indexOf(firstRunning!));
    expect(before.every((v) => !container(v, 'app')?.state.running)).toBe(true);
    // The status write that shows Running comes when the 8 s hook is done.
    const conditions = statusOf(firstRunning).conditions ?? [];
    const readySince = (conditions.find((c) => c.type === 'Ready') as { lastTransitionTime?: string })
      .lastTransitionTime;
    expect(secondsSinceT0(readySince) - startedAt).toBe(8);
  });

  test('poststart-failure: FailedPostStartHook, Killing, PostStartHookError, restarts with back-off', () => {
    const { engine, ns, reasons, waitingReasons, eventsFor } = play('poststart-failure', 120);
    expect(reasons('poststart-fail')).toEqual(
      expect.arrayContaining(['FailedPostStartHook', 'Killing', 'BackOff']),
    );
    expect(waitingReasons('poststart-fail', 'app')).toEqual(
      expect.arrayContaining(['PostStartHookError', 'CrashLoopBackOff']),
    );
    const killing = eventsFor('poststart-fail').find((e) => e.reason === 'Killing');
    expect(killing?.message).toBe('FailedPostStartHook');
    expect(container(engine.getPod(ns, 'poststart-fail'), 'app')?.restartCount).toBeGreaterThanOrEqual(2);
  });

  test('prestop-graceful: deletionTimestamp = now + 30 s, preStop, exit 0 after SIGTERM, then DELETED', () => {
    const { changes, podVersions } = play('prestop-graceful', 200);
    const versions = podVersions('graceful');
    const marked = versions.find((v) => v.metadata?.deletionTimestamp);
    expect(marked?.metadata?.deletionGracePeriodSeconds).toBe(30);
    expect(secondsSinceT0(marked?.metadata?.deletionTimestamp)).toBe(150);
    const last = versions.at(-1);
    const term = container(last, 'web')?.state.terminated ?? {};
    expect(term).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(secondsSinceT0(term.finishedAt)).toBe(126);
    expect(statusOf(last).phase).toBe('Succeeded');
    expect(changes.filter((c) => c.resource === 'pods' && c.type === 'DELETED').length).toBe(1);
  });

  test('prestop-sigkill: the grace period runs out during preStop, SIGKILL 2 s later (137), FailedPreStopHook', () => {
    const { podVersions, reasons, changes } = play('prestop-sigkill', 200);
    const last = podVersions('stubborn').at(-1);
    const term = container(last, 'worker')?.state.terminated ?? {};
    expect(term).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(secondsSinceT0(term.finishedAt)).toBe(120 + 30 + 2);
    expect(reasons('stubborn')).toEqual(expect.arrayContaining(['Killing', 'FailedPreStopHook']));
    expect(changes.some((c) => c.resource === 'pods' && c.type === 'DELETED')).toBe(true);
  });

  test('readiness-dependency: Ready flips False when redis goes, True when it is back', () => {
    const rig = createTestRig();
    runScenarios(rig.engine, ['readiness-dependency'], { loop: true });
    // redis: up ~8 s, deleted at 120 s, back at ~241 s (ready ~249 s), deleted again at ~361 s.
    rig.engine.advanceBy(350_000);
    const flips: string[] = [];
    for (const v of rig.podVersions('api')) {
      const ready = statusOf(v).conditions?.find((c) => c.type === 'Ready');
      if (ready && ready.status !== flips.at(-1)) flips.push(ready.status);
    }
    expect(flips).toEqual(['False', 'True', 'False', 'True']);
    const versions = rig.podVersions('api');
    const firstReady = versions.findIndex((v) =>
      statusOf(v).conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    const notReady = versions
      .slice(firstReady)
      .find((v) => statusOf(v).conditions?.some((c) => c.reason === 'ContainersNotReady'));
    expect(container(notReady, 'api')?.state.running).toBeDefined();
    const unhealthy = rig
      .eventsFor('api')
      .filter((e) => e.reason === 'Unhealthy')
      .map((e) => e.message);
    expect(unhealthy).toContain('Readiness probe failed: HTTP probe failed with statuscode: 503');
  });

  test('startup-probe: a too-slow start is killed, the next run starts and only then liveness runs', () => {
    const { engine, ns, eventsFor } = play('startup-probe', 150);
    const events = eventsFor('slow-start');
    expect(events.find((e) => e.reason === 'Killing')?.message).toBe(
      'Container api failed startup probe, will be restarted',
    );
    const probeKinds = new Set(
      events.filter((e) => e.reason === 'Unhealthy').map((e) => String(e.message).split(' ')[0]),
    );
    expect(probeKinds).toEqual(new Set(['Startup']));
    const c = container(engine.getPod(ns, 'slow-start'), 'api');
    expect(c).toMatchObject({ restartCount: 1, started: true, ready: true });
    expect(c?.lastState.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
  });

  test('image-pull-backoff: ErrImagePull ↔ ImagePullBackOff with growing gaps between pulls', () => {
    const { waitingReasons, changes, engine, ns } = play('image-pull-backoff', 400);
    expect(waitingReasons('frontend-typo', 'frontend')).toEqual([
      'ContainerCreating',
      'ErrImagePull',
      'ImagePullBackOff',
    ]);
    const pulls = changes
      .filter((c) => c.resource === 'events' && c.object.reason === 'Pulling')
      .map((c) => secondsSinceT0(c.object.lastTimestamp));
    // Each gap is the 1.5 s pull that failed plus the back-off (timestamps have 1 s resolution).
    const gaps = pulls.slice(1).map((t, i) => t - pulls[i]!);
    const delays = [10, 20, 40, 80];
    expect(gaps.slice(0, 4).map((g, i) => Math.abs(g - 1.5 - delays[i]!) <= 1)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(statusOf(engine.getPod(ns, 'frontend-typo')).phase).toBe('Pending');
  });

  test('oomkilled: terminated with exit 137 reason OOMKilled and restarted', () => {
    const { engine, ns } = play('oomkilled', 120);
    const c = container(engine.getPod(ns, 'memory-hog'), 'app');
    expect(c?.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(c?.restartCount).toBeGreaterThanOrEqual(2);
  });

  test('failed-scheduling: FailedScheduling until a node frees up, then Scheduled', () => {
    const { engine, ns, eventsFor, podVersions } = play('failed-scheduling', 200);
    const failed = eventsFor('analytics').find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
    expect(failed).toMatchObject({
      reportingComponent: 'default-scheduler',
      action: 'Scheduling',
      type: 'Warning',
    });
    expect(
      podVersions('analytics').some((v) => statusOf(v).conditions?.some((c) => c.reason === 'Unschedulable')),
    ).toBe(true);
    expect(eventsFor('analytics').some((e) => e.reason === 'Scheduled')).toBe(true);
    expect(statusOf(engine.getPod(ns, 'analytics')).phase).toBe('Running');
  });

  test('job-complete: OnFailure retries then Succeeded (Completed); Never exits 0 → Succeeded', () => {
    const { engine, ns } = play('job-complete', 120);
    const report = engine.getPod(ns, 'report');
    expect(statusOf(report).phase).toBe('Succeeded');
    expect(container(report, 'report')).toMatchObject({
      restartCount: 1,
      state: { terminated: { reason: 'Completed', exitCode: 0 } },
    });
    expect(statusOf(report).conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
    expect(statusOf(engine.getPod(ns, 'backup')).phase).toBe('Succeeded');
  });

  test('eviction: phase Failed, reason Evicted, DisruptionTarget; the ReplicaSet replaces the pod', () => {
    const { engine, ns } = play('eviction', 180);
    const pods = engine.store.list('pods', ns);
    const evicted = pods.find((p) => (p.status as { reason?: string }).reason === 'Evicted');
    expect(evicted?.status).toMatchObject({
      phase: 'Failed',
      message: expect.stringMatching(/^The node was low on resource: ephemeral-storage\. /),
    });
    expect(statusOf(evicted).conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'TerminationByKubelet',
    });
    expect(pods.filter((p) => statusOf(p).phase === 'Running').length).toBe(1);
  });

  test('deployment-rollout: a new ReplicaSet replaces every pod; revisions 1 and 2', () => {
    const { engine, ns, changes } = play('deployment-rollout', 250);
    const rss = engine.store.list('replicasets.apps', ns);
    const revisions = rss.map((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['1', '2']);
    const newRS = rss.find((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2');
    const oldRS = rss.find((r) => r !== newRS);
    expect((oldRS?.spec as { replicas?: number } | undefined)?.replicas).toBe(0);
    const pods = engine.store.list('pods', ns);
    expect(pods).toHaveLength(4);
    for (const p of pods) {
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: newRS?.metadata?.name,
      });
      expect(container(p, 'web')?.ready).toBe(true);
    }
    const d = engine.store.get('deployments.apps', ns, 'shop');
    expect(d?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d?.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    const deleted = changes.filter((c) => c.resource === 'pods' && c.type === 'DELETED');
    expect(deleted).toHaveLength(4);
    for (const c of deleted) expect(container(c.object, 'web')?.state.terminated?.exitCode).toBe(0);
    const scaling = changes.filter((c) => c.resource === 'events' && c.object.reason === 'ScalingReplicaSet');
    expect(scaling.map((c) => c.object.message)).toContain(
      `Scaled down replica set ${oldRS?.metadata?.name} from 4 to 3`,
    );
  });

  test('looping scenarios start over after the pod is gone (same name, new uid)', () => {
    const rig = createTestRig();
    runScenarios(rig.engine, ['prestop-graceful'], { loop: true });
    rig.engine.advanceBy(600_000);
    const uids = new Set(rig.podVersions('graceful').map((v) => v.metadata?.uid));
    expect(uids.size).toBeGreaterThanOrEqual(3);
  });

  test('busy-cluster: namespaces of pods mixing every lifecycle, with churn', () => {
    const rig = createTestRig(11);
    runScenarios(rig.engine, ['busy-cluster'], {
      loop: true,
      extra: [busyCluster({ namespaces: 2, podsPerNamespace: 8, churnPerMinute: 20 })],
    });
    rig.engine.advanceBy(600_000);
    for (const ns of ['busy-1', 'busy-2']) {
      expect(rig.engine.store.list('pods', ns).length).toBeGreaterThanOrEqual(6);
    }
    const deleted = rig.changes.filter((c) => c.resource === 'pods' && c.type === 'DELETED').length;
    expect(deleted).toBeGreaterThan(60);
    const reasons = new Set(rig.changes.filter((c) => c.resource === 'events').map((c) => c.object.reason));
    for (const r of [
      'Scheduled',
      'Started',
      'Killing',
      'Unhealthy',
      'BackOff',
      'ScalingReplicaSet',
      'SuccessfulCreate',
    ]) {
      expect(reasons).toContain(r);
    }
  });
});
