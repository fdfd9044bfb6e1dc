import { parseArgs } from 'node:util';
import { startServer } from '../../api/index.ts';
import type { CliIo } from '../context.ts';
import { dbPathOf } from '../context.ts';
import { recordOptions, startRecording, untilSignal } from './record.ts';
import { parsePort } from './sim.ts';

export type Serving = { url: string; close(): Promise<void> };

/** Serves the API and the viewer over the database being recorded (read-only connection). */
export async function startServing(options: {
  dbPath: string;
  host: string;
  port: number;
  now: () => number;
  token?: string | undefined;
}): Promise<Serving> {
  return startServer(options);
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
    token: io.env.KUBETRAIL_TOKEN,
  }).catch(async (error: unknown) => {
    await recording.stop();
    throw error;
  });
  io.stdout(`viewer and API at ${serving.url}\n`);
  await signal;
  // In order: stop serving, stop watching, drain appends (projection runs inline), close the database.
  await serving.close();
  await recording.stop();
  return 0;
}
