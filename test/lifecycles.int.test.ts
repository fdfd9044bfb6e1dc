// Each lifecycle of the seed documents, recorded from the simulated cluster as a watch stream
// (test/fixtures/*.ndjson), imported, and checked against what the projector must derive.
import { afterAll, describe, expect, it } from 'vitest';
import { createQueries, type Store } from '../store/index.ts';
import { fixtureDb } from './support/fixtureDb.ts';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function load(name: string) {
  const f = fixtureDb(name);
  cleanups.push(f.cleanup);
  return { store: f.store, q: createQueries(f.store.db) };
}
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const podUid = (store: Store, name: string) =>
  (
    store.db.prepare('SELECT uid FROM pods WHERE name = ? ORDER BY first_position LIMIT 1').get(name) as {
      uid: string;
    }
  ).uid;
const statuses = (store: Store, uid: string) =>
  (
    store.db.prepare('SELECT status FROM pod_versions WHERE uid = ? ORDER BY position').all(uid) as {
      status: string;
    }[]
  )
    .map((r) => r.status)
    .filter((s, i, all) => s !== all[i - 1]);
const track = (q: ReturnType<typeof createQueries>, uid: string, name: string) =>
  q.history.transitions(uid).filter((t) => t.track === name);
const categories = (q: ReturnType<typeof createQueries>, uid: string) => {
  const pod = q.pod(uid)!;
  return q.history.events(pod).map((e) => `${e.category}:${e.reason}`);
};

describe('liveness-exec: the liveness probe restarts the container', () => {
  const { store, q } = load('liveness-exec');
  const uid = podUid(store, 'liveness-exec');

  it('records each restart with exit code 137, about every 70 s (30 s healthy, 3 failures, 30 s grace)', () => {
    const restarts = q.restarts({ uid });
    expect(restarts.length).toBeGreaterThanOrEqual(4);
    expect(
      restarts.every(
        (r) => r.exitCode === 137 && r.reason === 'Error' && !r.inferred && r.atSource === 'object',
      ),
    ).toBe(true);
    const gaps = restarts.slice(1).map((r, i) => (r.at - restarts[i]!.at) / 1000);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(65);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(80);
    expect(restarts.map((r) => r.restartCount)).toEqual(restarts.map((_, i) => i + 1));
  });

  it('links Unhealthy (liveness) and Killing events to the pod, counting repeats as occurrences', () => {
    const events = q.history.events(q.pod(uid)!);
    const liveness = events.filter((e) => e.category === 'probe:liveness');
    const killing = events.filter((e) => e.reason === 'Killing');
    expect(liveness[0]!.message).toMatch(/^Liveness probe failed: /);
    expect(liveness.reduce((n, e) => n + e.occurrences, 0)).toBeGreaterThanOrEqual(3 * 4);
    expect(killing.reduce((n, e) => n + e.occurrences, 0)).toBe(q.restarts({ uid }).length);
    expect(events.every((e) => e.linkedBy === 'uid')).toBe(true);
  });
});

describe('init containers run in order', () => {
  const { store, q } = load('init-containers');
  const uid = podUid(store, 'init-demo');

  it('shows Init:0/2, Init:1/2, PodInitializing, Running as kubectl did', () => {
    expect(statuses(store, uid)).toEqual(expect.arrayContaining(['Init:0/2', 'Init:1/2', 'Running']));
    const s = statuses(store, uid);
    expect(s.indexOf('Init:0/2')).toBeLessThan(s.indexOf('Init:1/2'));
    expect(s.indexOf('Init:1/2')).toBeLessThan(s.indexOf('Running'));
  });

  it('each init container completes (exit 0) before the next starts, and the app starts last', () => {
    const first = track(q, uid, 'container/init-config');
    const second = track(q, uid, 'container/init-wait-db');
    const app = track(q, uid, 'container/app');
    const completed = (spans: typeof first) => spans.find((t) => t.value === 'terminated')!;
    expect(completed(first)).toMatchObject({
      reason: 'Completed',
      detail: expect.objectContaining({ exitCode: 0, kind: 'init' }),
    });
    expect(completed(second).reason).toBe('Completed');
    const started = (spans: typeof first) => spans.find((t) => t.value === 'running')!.at;
    expect(completed(first).at).toBeLessThanOrEqual(started(second));
    expect(completed(second).at).toBeLessThanOrEqual(started(app));
  });
});

describe('an init container that fails and restarts', () => {
  const { store, q } = load('init-failure');
  const uid = podUid(store, 'migrate-demo');

  it('shows Init:Error and Init:CrashLoopBackOff while the pod stays Pending', () => {
    expect(statuses(store, uid)).toEqual(expect.arrayContaining(['Init:Error', 'Init:CrashLoopBackOff']));
    expect(track(q, uid, 'phase').map((t) => t.value)[0]).toBe('Pending');
  });

  it('counts the init container restarts and opens a CrashLoopBackOff episode for it', () => {
    const restarts = q.restarts({ uid });
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    expect(
      restarts.every((r) => r.container === 'init-migrate' && r.containerKind === 'init' && r.exitCode !== 0),
    ).toBe(true);
    expect(q.history.episodes(uid).map((e) => e.container)).toContain('init-migrate');
  });
});

describe('postStart hooks', () => {
  it('the container is not Running until postStart returns', () => {
    const { store, q } = load('poststart-race');
    const uid = podUid(store, 'poststart-demo');
    const app = track(q, uid, 'container/app');
    const ready = track(q, uid, 'condition/Ready').find((t) => t.value === 'True')!;
    expect(app.find((t) => t.value === 'running')!.at).toBeLessThanOrEqual(ready.at);
    expect(statuses(store, uid)).toContain('ContainerCreating');
  });

  it('a failing postStart: FailedPostStartHook, the container killed and restarted', () => {
    const { store, q } = load('poststart-failure');
    const uid = podUid(store, 'poststart-fail');
    expect(categories(q, uid)).toEqual(
      expect.arrayContaining(['hook:postStart:FailedPostStartHook', 'killing:Killing']),
    );
    expect(q.restarts({ uid }).length).toBeGreaterThanOrEqual(2);
  });
});

describe('preStop and graceful termination', () => {
  it('preStop within the grace period: deletion requested with its grace period, exit 0, then deleted', () => {
    const { store, q } = load('prestop-graceful');
    const uid = podUid(store, 'graceful');
    const pod = q.pod(uid)!;
    expect(pod.gracePeriodSeconds).toBe(30);
    expect(pod.deletedAt).not.toBeNull();
    expect(pod.deletionRequestedAt).not.toBeNull();
    expect(pod.deletedAt! - pod.deletionRequestedAt!).toBeLessThanOrEqual(30_000 + 1000);
    expect(statuses(store, uid)).toContain('Terminating');
    const end = track(q, uid, 'container/web').find((t) => t.value === 'terminated')!;
    expect(end.detail).toMatchObject({ exitCode: 0 });
    expect(track(q, uid, 'deletion').map((t) => t.value)).toEqual(['requested', 'deleted']);
  });

  it('a preStop that outlasts the grace period ends in SIGKILL (137) after the grace period', () => {
    const { store, q } = load('prestop-sigkill');
    const uid = podUid(store, 'stubborn');
    const pod = q.pod(uid)!;
    const end = track(q, uid, 'container/worker').find((t) => t.value === 'terminated')!;
    expect(end.detail).toMatchObject({ exitCode: 137 });
    expect(end.at - pod.deletionRequestedAt!).toBeGreaterThanOrEqual(pod.gracePeriodSeconds! * 1000);
    expect(categories(q, uid)).toContain('hook:preStop:FailedPreStopHook');
  });
});

describe('CrashLoopBackOff with back-off', () => {
  const { store, q } = load('crashloop');
  const uid = podUid(store, 'crasher');

  it('one episode holding every restart after the first crash, with the kubelet back-off messages', () => {
    const [episode] = q.history.episodes(uid);
    expect(episode).toBeDefined();
    expect(episode!.restarts).toBe(q.restarts({ uid }).length - 1);
    const waits = track(q, uid, 'container/app')
      .filter((t) => t.reason === 'CrashLoopBackOff')
      .map((t) => /back-off (\S+) restarting/.exec(t.message ?? '')?.[1]);
    expect(waits.slice(0, 6)).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
  });

  it('kubetrail get pods at an instant inside the loop prints what kubectl printed then', () => {
    const at = Date.parse('2026-01-02T03:06:00Z');
    const [row] = q.podsAt({ at, namespace: 'sim-crashloop' });
    expect(row).toMatchObject({ name: 'crasher', ready: '0/1', status: 'CrashLoopBackOff', restarts: 6 });
    expect(iso(row!.lastRestartAt!)).toBe('2026-01-02T03:05:36Z');
  });
});

describe('readiness lost when a dependency goes away, and regained', () => {
  const { store, q } = load('readiness-dependency');
  const uid = podUid(store, 'api');

  it('Ready goes True, False, True with readiness probe failures between, without restarts', () => {
    const ready = track(q, uid, 'condition/Ready').map((t) => t.value);
    expect(ready.join(',')).toMatch(/True,False,True/);
    expect(categories(q, uid)).toContain('probe:readiness:Unhealthy');
    expect(q.restarts({ uid })).toEqual([]);
    expect(statuses(store, uid)).toEqual(['Pending', 'ContainerCreating', 'Running']);
  });
});
