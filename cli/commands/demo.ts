import { parseArgs } from 'node:util';
import { startServer } from '../../api/index.ts';
import { simContextName } from '../../sim/index.ts';
import type { CliIo } from '../context.ts';
import { dbPathOf } from '../context.ts';
import { startRecording, untilSignal } from './record.ts';
import { parsePort, positiveNumber, startSim } from './sim.ts';

// At 4× the crash loops, liveness restarts, OOM kills and graceful terminations of the scenarios
// all show within the first minute.
/** How much history the demo plays (fast) before it goes on in real time. */
export const demoBacklogMs = 30 * 60_000;

/** `kubetrail demo`: the simulated cluster playing every scenario, recorded and served, in one process. */
export async function demo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      speed: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const speed = positiveNumber(values.speed, '--speed', 1);
  const dbPath = dbPathOf(values.db, io.env);
  const signal = untilSignal();
  const { cluster, clock } = await startSim({
    scenarios: ['all'],
    speed,
    port: 0,
    // Half an hour of cluster life is played in seconds while the collector watches; from then
    // on the sim runs at `speed` from the wall clock's now, so "now" and "2m ago" mean what they say.
    startAt: io.now() - demoBacklogMs,
    catchUpTo: io.now(),
  });
  let recording: Awaited<ReturnType<typeof startRecording>> | undefined;
  try {
    // Observed times come from the sim's clock, so they agree with the objects' own timestamps.
    recording = await startRecording(
      { db: dbPath, kubeconfig: cluster.kubeconfigPath, cluster: 'demo' },
      io,
      clock,
    );
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  // On the recorder's own thread, unlike `kubetrail run`: "now" is the sim's clock, a function that
  // cannot cross threads, and the demo's cluster is small.
  const serving = await startServer({
    dbPath,
    host: values.host ?? '127.0.0.1',
    port: parsePort(values.port, 7070),
    now: () => clock.now(),
  });
  const db = values.db ? ` --db ${values.db}` : '';
  io.stdout(
    [
      `kubetrail demo: a simulated cluster at ${cluster.url} plays every scenario at ${speed}×, recorded into ${dbPath} as cluster "demo".`,
      `Viewer: ${serving.url}`,
      '',
      'Within a minute, try (in another terminal):',
      `  kubetrail get pods -A${db}                       pods now, as kubectl prints them`,
      `  kubetrail restarts -A${db}                       every restart: exit codes, OOMKilled, liveness kills`,
      `  kubetrail describe pod <name> -n sim-crashloop${db}`,
      `  kubetrail timeline pod <name> -n sim-liveness-exec${db}`,
      `  kubectl --kubeconfig ${cluster.kubeconfigPath} get pods -A     (the live sim, context ${simContextName})`,
      '',
      'Ctrl-C stops it (the recording is kept).',
      '',
    ].join('\n'),
  );
  await signal;
  await serving.close();
  await recording.stop();
  await cluster.stop();
  return 0;
}
