import { parseArgs } from 'node:util';
import { ManualClock, startScenarioRunner } from '../../sim/engine/index.ts';
import { type SimCluster, simContextName, startSimCluster } from '../../sim/index.ts';
import { scenarios as knownScenarios } from '../../sim/scenarios/index.ts';
import { KubetrailError } from '../../store/index.ts';
import type { CliIo } from '../context.ts';
import { untilSignal } from './record.ts';

export type SimChoice = {
  scenarios: string[];
  speed: number;
  port: number;
  kubeconfigOut?: string;
  /** The virtual clock's start (epoch ms). */
  startAt: number;
  /** Play the scenarios fast from startAt up to this instant first, then in real time from there. */
  catchUpTo?: number;
};

function positiveNumber(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new KubetrailError('bad-input', `${flag}: expected a positive number, got ${JSON.stringify(text)}`);
  return value;
}

export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new KubetrailError('bad-input', `--port: expected 0…65535, got ${JSON.stringify(text)}`);
  return value;
}

export function checkScenarios(names: readonly string[]): string[] {
  const known = Object.keys(knownScenarios);
  for (const name of names) {
    if (name !== 'all' && !known.includes(name)) {
      throw new KubetrailError(
        'bad-input',
        `unknown scenario ${JSON.stringify(name)} (known: all, ${known.join(', ')})`,
      );
    }
  }
  return names.length > 0 ? [...names] : ['all'];
}

/** Starts the simulated cluster with its scenario engine on a virtual clock. */
export async function startSim({
  scenarios,
  speed,
  port,
  kubeconfigOut,
  startAt,
  catchUpTo,
}: SimChoice): Promise<{ cluster: SimCluster; clock: ManualClock }> {
  const clock = new ManualClock(startAt);
  const cluster = await startSimCluster({
    clock,
    port,
    scenarios,
    speed,
    runScenarios: (options) =>
      startScenarioRunner({
        ...options,
        realtime: catchUpTo === undefined ? {} : { target: catchUpTo, maxStepMs: 5_000, tickMs: 20 },
      }),
    ...(kubeconfigOut ? { kubeconfigPath: kubeconfigOut } : {}),
  });
  return { cluster, clock };
}

export const simUsage = (cluster: SimCluster): string =>
  [
    `simulated cluster at ${cluster.url}`,
    `kubeconfig: ${cluster.kubeconfigPath} (context ${simContextName})`,
    '',
    'Use it like a cluster:',
    `  kubectl --kubeconfig ${cluster.kubeconfigPath} get pods -A -w`,
    `  kubectl --kubeconfig ${cluster.kubeconfigPath} get events -A`,
    `  kubetrail record --kubeconfig ${cluster.kubeconfigPath}`,
    '',
  ].join('\n');

/** `kubetrail sim`: the simulated cluster on its own, until SIGINT or SIGTERM. */
export async function sim(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', multiple: true },
      speed: { type: 'string' },
      port: { type: 'string' },
      'kubeconfig-out': { type: 'string' },
    },
  });
  const choice: SimChoice = {
    scenarios: checkScenarios((values.scenario ?? []).flatMap((s) => s.split(','))),
    speed: positiveNumber(values.speed, '--speed', 1),
    port: parsePort(values.port, 0),
    kubeconfigOut: values['kubeconfig-out'],
    startAt: io.now(),
  };
  const signal = untilSignal();
  const { cluster } = await startSim(choice);
  io.stdout(simUsage(cluster));
  io.stdout(`playing ${choice.scenarios.join(', ')} at ${choice.speed}× (Ctrl-C to stop)\n`);
  await signal;
  await cluster.stop();
  return 0;
}

export { positiveNumber };
