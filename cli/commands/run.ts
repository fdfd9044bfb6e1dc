import { parseArgs } from 'node:util';
import { startServerThread } from '../../api/index.ts';
import type { CliIo } from '../context.ts';
import { dbPathOf } from '../context.ts';
import { recordOptions, startRecording, untilSignal } from './record.ts';
import { parsePort } from './sim.ts';

/** `kubetrail run`: record the kubeconfig's cluster and serve the API and viewer, until SIGINT or SIGTERM. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...recordOptions, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' } },
  });
  const signal = untilSignal();
  const recording = await startRecording(values, io);
  // The API and the viewer read the database being recorded on a thread of their own (a read-only
  // connection), so that no query holds up the watches (api/serverThread.ts). Its clock is the wall
  // clock, which io.now is outside tests.
  const serving = await startServerThread(
    {
      dbPath: dbPathOf(values.db, io.env),
      host: values.host ?? '127.0.0.1',
      port: parsePort(values.port, 7070),
      token: io.env.KUBETRAIL_TOKEN,
    },
    {
      onStopped: (why) => io.stderr(`kubetrail: the API thread stopped: ${why}; starting it again\n`),
      onRestarted: () => io.stderr('kubetrail: the API thread is serving again\n'),
    },
  ).catch(async (error: unknown) => {
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
