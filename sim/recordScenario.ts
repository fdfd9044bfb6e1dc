// Plays scenarios on a manual clock and returns the watch stream a collector would have seen, as
// NDJSON lines: `{"type","object","observedAt"}` (observedAt: the virtual time it was sent). This
// is how test fixtures and demo recordings are made without a cluster.
import { createHash } from 'node:crypto';
import { createEngine, ManualClock, runScenarios, seededRandom } from './engine/index.ts';
import { createObjectStore } from './objectStore.ts';

export type RecordOptions = {
  scenarios: string[];
  /** Virtual start time, epoch ms. */
  start: number;
  /** How long to play, in virtual ms. */
  durationMs: number;
  seed?: number;
  loop?: boolean;
  /** Resources to keep (default: pods and core Events). */
  resources?: string[];
};

export function recordScenario({
  scenarios,
  start,
  durationMs,
  seed = 1,
  loop = false,
  resources = ['pods', 'events'],
}: RecordOptions): string[] {
  const clock = new ManualClock(start);
  let counter = 0;
  // Deterministic uids, distinct per scenario set, so recordings can be imported side by side.
  const prefix = createHash('sha256')
    .update(`${seed}/${scenarios.join(',')}`)
    .digest('hex');
  const uid = () => {
    counter++;
    const n = counter.toString(16).padStart(12, '0');
    return `${prefix.slice(0, 8)}-${prefix.slice(8, 12)}-4${prefix.slice(12, 15)}-8${prefix.slice(15, 18)}-${n}`;
  };
  const store = createObjectStore({ clock, uid, windowSize: 1_000_000 });
  const lines: string[] = [];
  store.subscribe((change) => {
    if (!resources.includes(change.resource)) return;
    lines.push(
      JSON.stringify({
        type: change.type,
        object: change.object,
        observedAt: new Date(clock.now()).toISOString(),
      }),
    );
  });
  const engine = createEngine({
    store,
    clock,
    random: seededRandom(Number.parseInt(prefix.slice(0, 8), 16)),
  });
  runScenarios(engine, scenarios, { loop });
  engine.advanceTo(start + durationMs);
  return lines;
}
