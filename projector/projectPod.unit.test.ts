import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/index.ts';
import { snapshotPod } from './podSnapshot.ts';
import { projectPod, restartRowBudget } from './projectPod.ts';
import type { PodProjection, PodState } from './types.ts';

type Term = { exitCode: number; reason?: string; startedAt: string; finishedAt: string; signal?: number };
type C = {
  restartCount: number;
  running?: string;
  waiting?: [string, string?];
  terminated?: Term;
  last?: Term;
  ready?: boolean;
};

const t = (hms: string) => `2026-01-02T${hms}Z`;
const ms = (hms: string) => Date.parse(t(hms));

function pod(
  rv: string,
  app: C,
  extra: { phase?: string; deletionTimestamp?: string; grace?: number } = {},
): KubeObject {
  const terminated = (x: Term) => ({
    exitCode: x.exitCode,
    reason: x.reason ?? 'Error',
    startedAt: x.startedAt,
    finishedAt: x.finishedAt,
    ...(x.signal ? { signal: x.signal } : {}),
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'pod-1',
      resourceVersion: rv,
      creationTimestamp: t('03:00:00'),
      ...(extra.deletionTimestamp
        ? { deletionTimestamp: extra.deletionTimestamp, deletionGracePeriodSeconds: extra.grace }
        : {}),
    },
    spec: { nodeName: 'node-1', restartPolicy: 'Always', containers: [{ name: 'app', image: 'app:1' }] },
    status: {
      phase: extra.phase ?? 'Running',
      conditions: [
        { type: 'Ready', status: app.ready ? 'True' : 'False', lastTransitionTime: t('03:00:05') },
      ],
      containerStatuses: [
        {
          name: 'app',
          image: 'app:1',
          ready: app.ready ?? false,
          started: app.running !== undefined,
          restartCount: app.restartCount,
          state: app.running
            ? { running: { startedAt: app.running } }
            : app.terminated
              ? { terminated: terminated(app.terminated) }
              : { waiting: { reason: app.waiting?.[0] ?? 'ContainerCreating', message: app.waiting?.[1] } },
          lastState: app.last ? { terminated: terminated(app.last) } : {},
        },
      ],
    },
  };
}

/** Given versions observed at times, when folded, then the projections of each. */
function fold(versions: [string, KubeObject, ('DELETED' | 'MODIFIED')?][]): PodProjection[] {
  let state: PodState | undefined;
  return versions.map(([at, object, type], i) => {
    const result = projectPod(
      state,
      snapshotPod(object, 'c', ms(at)),
      { position: i + 1, observedAt: ms(at), type: type ?? 'MODIFIED', inferred: false },
      { predecessorUid: null },
    );
    state = result.state;
    return result;
  });
}

describe('restarts', () => {
  it('one restart between observations: its termination comes from lastState', () => {
    const [, second] = fold([
      ['03:00:10', pod('1', { restartCount: 0, running: t('03:00:03'), ready: true })],
      [
        '03:01:00',
        pod('2', {
          restartCount: 1,
          running: t('03:00:40'),
          last: { exitCode: 137, startedAt: t('03:00:03'), finishedAt: t('03:00:39') },
        }),
      ],
    ]);
    expect(second!.restarts).toEqual([
      expect.objectContaining({
        container: 'app',
        exitCode: 137,
        reason: 'Error',
        at: ms('03:00:39'),
        atSource: 'object',
        restartCount: 1,
        inferred: false,
      }),
    ]);
  });

  it('a jump of three in restartCount is three restarts: two inferred, the last one known', () => {
    const [, second] = fold([
      [
        '03:00:10',
        pod('1', {
          restartCount: 1,
          running: t('03:00:03'),
          last: { exitCode: 1, startedAt: t('03:00:01'), finishedAt: t('03:00:02') },
        }),
      ],
      [
        '03:05:00',
        pod('2', {
          restartCount: 4,
          waiting: ['CrashLoopBackOff', 'back-off 40s restarting failed container=app pod=web_shop(pod-1)'],
          last: { exitCode: 1, startedAt: t('03:04:10'), finishedAt: t('03:04:11') },
        }),
      ],
    ]);
    expect(second!.restarts.map((r) => [r.restartCount, r.inferred, r.exitCode, r.atSource])).toEqual([
      [2, true, null, 'observed'],
      [3, true, null, 'observed'],
      [4, false, 1, 'object'],
    ]);
    // The inferred ones happened before the known one's run began.
    expect(second!.restarts[0]!.at).toBeLessThanOrEqual(ms('03:04:10'));
  });

  it('a jump past the row budget keeps the newest restarts as rows, the known one last', () => {
    const [, second] = fold([
      ['03:00:10', pod('1', { restartCount: 0, running: t('03:00:03') })],
      [
        '03:05:00',
        pod('2', {
          restartCount: restartRowBudget + 10,
          running: t('03:04:30'),
          last: { exitCode: 1, startedAt: t('03:04:10'), finishedAt: t('03:04:11') },
        }),
      ],
    ]);
    const rows = second!.restarts;
    expect(rows).toHaveLength(restartRowBudget);
    expect(rows[0]!.restartCount).toBe(11);
    expect(rows.at(-1)).toMatchObject({ restartCount: restartRowBudget + 10, inferred: false, exitCode: 1 });
    // RESTARTS still counts every one.
    expect(second!.version.restarts).toBe(restartRowBudget + 10);
  });

  it('a first observation with restartCount 2 records the two restarts it proves', () => {
    const [first] = fold([
      [
        '03:09:00',
        pod('1', {
          restartCount: 2,
          running: t('03:08:00'),
          last: { exitCode: 2, startedAt: t('03:07:00'), finishedAt: t('03:07:59') },
        }),
      ],
    ]);
    expect(first!.restarts.map((r) => [r.restartCount, r.inferred])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('the same restartCount again records nothing', () => {
    const [, , third] = fold([
      ['03:00:10', pod('1', { restartCount: 0, running: t('03:00:03') })],
      [
        '03:01:00',
        pod('2', {
          restartCount: 1,
          running: t('03:00:40'),
          last: { exitCode: 1, startedAt: t('03:00:03'), finishedAt: t('03:00:39') },
        }),
      ],
      [
        '03:02:00',
        pod('3', {
          restartCount: 1,
          running: t('03:00:40'),
          ready: true,
          last: { exitCode: 1, startedAt: t('03:00:03'), finishedAt: t('03:00:39') },
        }),
      ],
    ]);
    expect(third!.restarts).toEqual([]);
  });

  it('recovers the missed run from lastState as container spans', () => {
    const [, second] = fold([
      ['03:00:10', pod('1', { restartCount: 0, running: t('03:00:03') })],
      [
        '03:01:00',
        pod('2', {
          restartCount: 1,
          waiting: ['CrashLoopBackOff'],
          last: { exitCode: 1, startedAt: t('03:00:03'), finishedAt: t('03:00:39') },
        }),
      ],
    ]);
    expect(
      second!.transitions.filter((x) => x.track === 'container/app').map((x) => [x.value, x.at, x.atSource]),
    ).toEqual([
      ['terminated', ms('03:00:39'), 'object'],
      ['waiting', ms('03:01:00'), 'observed'],
    ]);
  });
});

describe('CrashLoopBackOff episodes', () => {
  const crash = (rv: string, n: number, lastFinish: string) =>
    pod(rv, {
      restartCount: n,
      waiting: [
        'CrashLoopBackOff',
        `back-off ${10 * 2 ** (n - 1)}s restarting failed container=app pod=web_shop(pod-1)`,
      ],
      last: { exitCode: 1, startedAt: lastFinish, finishedAt: lastFinish },
    });

  it('opens at the crash that led into back-off, counts restarts during it, ends after ten healthy minutes', () => {
    const steps = fold([
      ['03:00:10', crash('1', 1, t('03:00:09'))],
      ['03:00:30', crash('2', 2, t('03:00:29'))],
      ['03:01:10', crash('3', 3, t('03:01:09'))],
      [
        '03:02:00',
        pod('4', {
          restartCount: 4,
          running: t('03:01:59'),
          ready: true,
          last: { exitCode: 1, startedAt: t('03:01:09'), finishedAt: t('03:01:10') },
        }),
      ],
      [
        '03:12:30',
        pod('5', {
          restartCount: 4,
          running: t('03:01:59'),
          ready: true,
          last: { exitCode: 1, startedAt: t('03:01:09'), finishedAt: t('03:01:10') },
        }),
      ],
    ]);
    expect(steps[0]!.episodes).toEqual([
      expect.objectContaining({ startedAt: ms('03:00:09'), restarts: 0, endedAt: null }),
    ]);
    expect(steps[3]!.episodes).toEqual([expect.objectContaining({ restarts: 3, endedAt: null })]);
    expect(steps[4]!.episodes).toEqual([
      expect.objectContaining({ restarts: 3, endedAt: ms('03:01:59'), endReason: 'recovered' }),
    ]);
    expect(steps[4]!.state.episodes).toEqual({});
    // A long-lived pod state keeps one record while it does not change, and every pod with none
    // shares the same empty one (a copy a version is an object and a hidden class a pod).
    expect(steps[3]!.state.attributed).toEqual({ app: `${ms('03:01:10')}/null/1` });
    expect(steps[4]!.state.attributed).toBe(steps[3]!.state.attributed);
    const healthy = fold([['03:00:10', pod('1', { restartCount: 0, running: t('03:00:05') })]]);
    expect(steps[4]!.state.episodes).toBe(healthy[0]!.state.episodes);
    expect(healthy[0]!.state.attributed).toBe(healthy[0]!.state.episodes);
  });

  it('ends when the pod is deleted', () => {
    const steps = fold([
      ['03:00:10', crash('1', 1, t('03:00:09'))],
      ['03:00:50', crash('2', 1, t('03:00:09')), 'DELETED'],
    ]);
    expect(steps[1]!.episodes).toEqual([
      expect.objectContaining({ endedAt: ms('03:00:50'), endReason: 'pod-deleted' }),
    ]);
  });
});

describe('termination', () => {
  it('derives the deletion request time from deletionTimestamp minus the grace period', () => {
    const running = { restartCount: 0, running: t('03:00:03'), ready: true };
    const steps = fold([
      ['03:00:10', pod('1', running)],
      ['03:05:00', pod('2', running, { deletionTimestamp: t('03:05:30'), grace: 30 })],
      [
        '03:05:20',
        pod(
          '3',
          {
            restartCount: 0,
            terminated: { exitCode: 143, startedAt: t('03:00:03'), finishedAt: t('03:05:19') },
          },
          { deletionTimestamp: t('03:05:30'), grace: 30 },
        ),
        'DELETED',
      ],
    ]);
    expect(steps[1]!.version.status).toBe('Terminating');
    expect(steps[1]!.pod.deletionRequestedAt).toBe(ms('03:05:00'));
    expect(steps[2]!.pod).toMatchObject({
      deletedAt: ms('03:05:20'),
      gracePeriodSeconds: 30,
      deletedInferred: false,
    });
    expect(steps[2]!.transitions.find((x) => x.track === 'container/app')).toMatchObject({
      value: 'terminated',
      at: ms('03:05:19'),
      detail: expect.objectContaining({ exitCode: 143 }),
    });
  });
});
