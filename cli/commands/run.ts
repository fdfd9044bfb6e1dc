import { parseArgs } from 'node:util';
import type { CliIo } from '../context.ts';
import { dbPathOf } from '../context.ts';
import { recordOptions, startRecording, untilSignal } from './record.ts';
import { parsePort } from './sim.ts';

export type Serving = { url: string; close(): Promise<void> };

/**
 * Serves the API and the viewer over the database being recorded.
 * TODO(api): api/ has no entry yet. Once api/index.ts exports its server start (e.g.
 * `startServer({ dbPath, host, port, now })`), call it here and return its url and close;
 * `run` and `demo` already print the url and close it first on shutdown.
 */
export async function startServing(_options: {
  dbPath: string;
  host: string;
  port: number;
  now: () => number;
}): Promise<Serving | undefined> {
  return undefined;
}

/** `kubetrail run`: record the kubeconfig's cluster and serve the API and viewer, until SIGINT or SIGTERM. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...recordOptions, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' } },
  });
  const signal = untilSignal();
  const recording = await startRecording(values, io);
  const serving = await startServing({
    dbPath: dbPathOf(values.db, io.env),
    host: values.host ?? '127.0.0.1',
    port: parsePort(values.port, 7070),
    now: io.now,
  }).catch(async (error: unknown) => {
    await recording.stop();
    throw error;
  });
  io.stdout(
    serving
      ? `viewer and API at ${serving.url}\n`
      : 'serving is not wired yet: query with kubetrail get/restarts/describe meanwhile\n',
  );
  await signal;
  // In order: stop serving, stop watching, drain appends (projection runs inline), close the database.
  await serving?.close();
  await recording.stop();
  return 0;
}
