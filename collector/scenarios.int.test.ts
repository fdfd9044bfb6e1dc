// Scenarios of the sim's engine recorded end to end by the live collector, and the restarts the
// projector derives from what it recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, ManualClock, runScenarios, seededRandom } from '../sim/engine/index.ts';
import { createQueries } from '../store/index.ts';
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
});
