// Shared by the engine's and the scenarios' tests: an engine on a manual clock over the sim's real
// object store, with a log of every change it wrote.
import type { KubeObject } from '../../store/types.ts';
import { createObjectStore } from '../objectStore.ts';
import type { StoreChange } from '../types.ts';
import { createEngine, type Engine, seededRandom } from './createEngine.ts';
import { ManualClock } from './ManualClock.ts';

export const T0 = Date.parse('2026-01-02T03:00:00Z');

export type TestRig = {
  engine: Engine;
  changes: StoreChange[];
  /** Events (as stored now) whose involvedObject has this name. */
  eventsFor(podName: string): KubeObject[];
  podVersions(name: string): KubeObject[];
};

export const createTestRig = (seed = 7): TestRig => {
  const clock = new ManualClock(T0);
  let n = 0;
  const store = createObjectStore({ clock, uid: () => `store-uid-${++n}`, windowSize: 1_000_000 });
  const changes: StoreChange[] = [];
  store.subscribe((c) => changes.push(c));
  const engine = createEngine({ store, clock, random: seededRandom(seed) });
  return {
    engine,
    changes,
    eventsFor: (podName) =>
      store
        .list('events')
        .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === podName),
    podVersions: (name) =>
      changes.filter((c) => c.resource === 'pods' && c.object.metadata?.name === name).map((c) => c.object),
  };
};

type Status = {
  phase?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
};
export type ContainerStatus = {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: Record<string, Record<string, unknown>>;
  lastState: Record<string, Record<string, unknown>>;
};
export const statusOf = (pod: KubeObject | undefined): Status => (pod?.status ?? {}) as Status;
export const container = (pod: KubeObject | undefined, name: string): ContainerStatus | undefined =>
  [...(statusOf(pod).containerStatuses ?? []), ...(statusOf(pod).initContainerStatuses ?? [])].find(
    (c) => c.name === name,
  );
export const secondsSinceT0 = (rfc: unknown): number => (Date.parse(String(rfc)) - T0) / 1000;
