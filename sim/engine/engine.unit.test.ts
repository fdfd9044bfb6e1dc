import { describe, expect, test } from 'vitest';
import { createObjectStore } from '../objectStore.ts';
import { createActionQueue } from './actionQueue.ts';
import { createBackoff } from './backoff.ts';
import { goDuration } from './format.ts';
import { createEngine, ManualClock, runRealtime, runScenarios, seededRandom } from './index.ts';
import { container, createTestRig, secondsSinceT0, statusOf, T0 } from './testHelpers.ts';

describe('action queue', () => {
  test('plays actions by time, then in the order they were scheduled, skipping cancelled ones', () => {
    const q = createActionQueue();
    const seen: string[] = [];
    q.push(20, () => seen.push('b'));
    q.push(10, () => seen.push('a'));
    q.push(20, () => seen.push('c'));
    q.push(15, () => seen.push('x')).cancel();
    while (q.size() > 0) q.pop()?.run();
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});

describe('kubelet back-off', () => {
  test('starts at 10 s, doubles to 5 min, and starts over after 10 min of quiet', () => {
    const b = createBackoff();
    const delays: number[] = [];
    let t = 0;
    for (let i = 0; i < 8; i++) {
      b.next('k', t, t);
      delays.push(b.get('k') / 1000);
      t += b.get('k');
    }
    expect(delays).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
    b.next('k', t + 600_001, t + 600_001);
    expect(b.get('k')).toBe(10_000);
  });

  test('Go duration strings as the waiting message prints them', () => {
    expect([10_000, 80_000, 160_000, 300_000, 1286, 523].map(goDuration)).toEqual([
      '10s',
      '1m20s',
      '2m40s',
      '5m0s',
      '1.286s',
      '523ms',
    ]);
  });
});

describe('engine', () => {
  test('advanceTo moves the virtual clock without real waiting, and a seed replays the same history', () => {
    const run = () => {
      const rig = createTestRig(42);
      runScenarios(rig.engine, ['crashloop', 'deployment-rollout'], { loop: false });
      rig.engine.advanceTo(T0 + 3_600_000);
      expect(rig.engine.now()).toBe(T0 + 3_600_000);
      return rig.changes.map(
        (c) => `${c.type} ${c.resource} ${c.object.metadata?.name} ${JSON.stringify(c.object.status ?? {})}`,
      );
    };
    const first = run();
    expect(first.length).toBeGreaterThan(100);
    expect(run()).toEqual(first);
  });

  test('crash loop: restart at once, then back-off 10, 20, 40, 80, 160, 300, 300 s, CrashLoopBackOff while waiting', () => {
    const { engine, podVersions } = createTestRig();
    runScenarios(engine, ['crashloop'], { loop: false });
    engine.advanceBy(1_400_000);
    const versions = podVersions('crasher');
    const starts = new Map<string, number>();
    const gaps: number[] = [];
    const waiting = new Set<string>();
    for (const v of versions) {
      const c = container(v, 'app');
      const running = c?.state.running;
      if (running && !starts.has(String(running.startedAt))) {
        starts.set(String(running.startedAt), 1);
        const last = c?.lastState.terminated;
        if (last) gaps.push(secondsSinceT0(running.startedAt) - secondsSinceT0(last.finishedAt));
      }
      const w = c?.state.waiting;
      if (w?.reason === 'CrashLoopBackOff') waiting.add(String(w.message));
    }
    expect(gaps.slice(0, 8)).toEqual([1, 10, 20, 40, 80, 160, 300, 300]);
    const uid = engine.getPod('sim-crashloop', 'crasher')?.metadata?.uid;
    expect(waiting).toContain(
      `back-off 40s restarting failed container=app pod=crasher_sim-crashloop(${uid})`,
    );
    expect(waiting).toContain(
      `back-off 5m0s restarting failed container=app pod=crasher_sim-crashloop(${uid})`,
    );
    const last = container(engine.getPod('sim-crashloop', 'crasher'), 'app');
    expect(last?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(statusOf(engine.getPod('sim-crashloop', 'crasher')).phase).toBe('Running');
  });

  test('liveness exec: Unhealthy ×3, Killing, SIGKILL after the grace period (137), restart every 70 s', () => {
    const { engine, podVersions, eventsFor } = createTestRig();
    runScenarios(engine, ['liveness-exec'], { loop: false });
    engine.advanceBy(300_000);
    const restarts: { at: number; exitCode: unknown; reason: unknown; startedAt: number }[] = [];
    let seen = 0;
    for (const v of podVersions('liveness-exec')) {
      const c = container(v, 'liveness');
      if (c && c.restartCount > seen && c.state.running) {
        seen = c.restartCount;
        const t = c.lastState.terminated ?? {};
        restarts.push({
          at: secondsSinceT0(c.state.running.startedAt),
          exitCode: t.exitCode,
          reason: t.reason,
          startedAt: secondsSinceT0(t.startedAt),
        });
      }
    }
    expect(restarts.length).toBeGreaterThanOrEqual(3);
    for (const r of restarts) {
      expect(r).toMatchObject({ exitCode: 137, reason: 'Error' });
      // 30 s healthy, 3 failures 5 s apart (the third at +40 s), then 30 s of grace before SIGKILL.
      expect(r.at - r.startedAt).toBe(70);
    }
    const events = eventsFor('liveness-exec');
    const unhealthy = events.find((e) => e.reason === 'Unhealthy');
    const killing = events.find((e) => e.reason === 'Killing');
    expect(unhealthy?.message).toBe(
      "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    );
    // At 300 s the latest run (started at 282 s) has not failed a probe yet.
    expect(unhealthy?.count).toBe(3 * restarts.length);
    expect(killing).toMatchObject({
      message: 'Container liveness failed liveness probe, will be restarted',
      type: 'Normal',
      source: { component: 'kubelet' },
      reportingComponent: 'kubelet',
      involvedObject: { kind: 'Pod', name: 'liveness-exec', fieldPath: 'spec.containers{liveness}' },
    });
    expect(killing?.count).toBe(restarts.length);
  });

  test('events expire after the TTL', () => {
    const clock = new ManualClock(T0);
    const store = createObjectStore({ clock, uid: () => 'x' });
    const engine = createEngine({ store, clock, random: seededRandom(3), eventTtlMs: 120_000 });
    engine.createPod('default', { name: 'once', spec: { containers: [{ name: 'a', image: 'nginx:1.27' }] } });
    engine.advanceBy(30_000);
    expect(store.list('events').length).toBeGreaterThan(0);
    engine.advanceBy(200_000);
    expect(store.list('events')).toEqual([]);
  });

  test('runRealtime advances the virtual clock speed times faster than the wall clock', async () => {
    const rig = createTestRig();
    let wall = 1_000;
    const driver = runRealtime(rig.engine, { speed: 60, tickMs: 5, wallNow: () => wall });
    wall += 1_000;
    await new Promise((r) => setTimeout(r, 30));
    driver.stop();
    expect(rig.engine.now()).toBe(T0 + 60_000);
  });
});
