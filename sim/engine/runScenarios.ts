// Starts scenarios by name, each in a namespace of its own (sim-<name>; busy-cluster makes its own).

import type { SimObjectStore } from '../objectStore.ts';
import { scenarios as registry, type Scenario } from '../scenarios/index.ts';
import type { VirtualClock } from '../types.ts';
import { createEngine, type Engine, seededRandom } from './createEngine.ts';
import { ManualClock } from './ManualClock.ts';
import { type RealtimeOptions, runRealtime } from './runRealtime.ts';

export type RunScenariosOptions = {
  /** Replay scenarios after they end (default true). */
  loop?: boolean;
  /** Scenarios to use instead of (or besides) the registry, e.g. busyCluster({ … }). */
  extra?: Scenario[];
};

/** Starts the named scenarios ('all' for every registered one except busy-cluster). Unknown names throw. */
export const runScenarios = (
  engine: Engine,
  names: string[],
  { loop = true, extra = [] }: RunScenariosOptions = {},
): void => {
  const known = new Map<string, Scenario>(Object.entries(registry));
  for (const s of extra) known.set(s.name, s);
  const wanted = names.includes('all') ? [...known.keys()].filter((n) => n !== 'busy-cluster') : names;
  for (const name of wanted) {
    const scenario = known.get(name);
    if (!scenario) throw new Error(`unknown scenario "${name}" (known: ${[...known.keys()].join(', ')})`);
    const namespace = `sim-${name}`;
    engine.ensureNamespace(namespace);
    scenario.start({ engine, namespace, loop });
  }
};

/**
 * Fits sim's ScenarioRunner: an engine over the server's store, played in real time at `speed`.
 * The clock must be a ManualClock (the engine moves it).
 */
export const startScenarioRunner = ({
  store,
  clock,
  scenarios,
  speed,
  seed = 1,
  realtime = {},
}: {
  store: SimObjectStore;
  clock: VirtualClock;
  scenarios: string[];
  speed: number;
  seed?: number;
  /** Driver options besides speed: a backlog to play first (target, maxStepMs), tick length. */
  realtime?: Omit<RealtimeOptions, 'speed'>;
}): { stop(): void } => {
  if (!(clock instanceof ManualClock)) throw new Error('the scenario engine needs a ManualClock');
  const engine = createEngine({ store, clock, random: seededRandom(seed) });
  runScenarios(engine, scenarios);
  return runRealtime(engine, { ...realtime, speed });
};
