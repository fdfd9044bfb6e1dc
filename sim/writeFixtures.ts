// Regenerates test/fixtures/*.ndjson from the scenarios: `node bin/run-ts.js sim/writeFixtures.ts`.
// Fixtures are committed; regenerate them only on purpose (tests pin what they contain).
import { writeFileSync } from 'node:fs';
import { recordScenario } from './recordScenario.ts';

// name → [virtual duration, loop]; readiness-dependency loops so that its dependency returns.
export const fixtureScenarios: Record<string, number | [number, boolean]> = {
  'liveness-exec': 6 * 60_000,
  'init-containers': 3 * 60_000,
  'init-failure': 6 * 60_000,
  'poststart-race': 2 * 60_000,
  'poststart-failure': 4 * 60_000,
  'prestop-graceful': 3 * 60_000,
  'prestop-sigkill': 3 * 60_000,
  crashloop: 20 * 60_000,
  'readiness-dependency': [6 * 60_000, true],
};

const start = Date.parse('2026-01-02T03:00:00Z');
const dir = new URL('../test/fixtures/', import.meta.url);
for (const [name, spec] of Object.entries(fixtureScenarios)) {
  const [durationMs, loop] = typeof spec === 'number' ? [spec, false] : spec;
  const lines = recordScenario({ scenarios: [name], start, durationMs, loop });
  writeFileSync(new URL(`${name}.ndjson`, dir), `${lines.join('\n')}\n`);
  console.log(`${name}: ${lines.length} watch events`);
}
