import { parseArgs } from 'node:util';
import {
  createCollector,
  createKubeClient,
  defaultResources,
  loadKubeConfig,
  parseResources,
} from '../../collector/index.ts';
import { type CliIo, dbPathOf, openForWriting } from '../context.ts';

/** Resolves with the first of these signals; a second one exits at once (the user insists). */
export function untilSignal(
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, onSignal);
      for (const s of signals) process.once(s, () => process.exit(130));
      resolve(signal);
    };
    for (const s of signals) process.on(s, onSignal);
  });
}

export const recordOptions = {
  db: { type: 'string' },
  cluster: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'in-cluster': { type: 'boolean', default: false },
  resources: { type: 'string', default: defaultResources.join(',') },
  'keep-secrets': { type: 'boolean', default: false },
} as const;

export type RecordValues = {
  db?: string;
  cluster?: string;
  kubeconfig?: string;
  context?: string;
  'in-cluster'?: boolean;
  resources?: string;
  'keep-secrets'?: boolean;
};

/**
 * Starts recording a cluster into the database; returns the shutdown, which runs in order:
 * stop watching, write what is pending with the checkpoints, close the database.
 */
export async function startRecording(
  values: RecordValues,
  io: CliIo,
  clock: { now(): number } = { now: io.now },
) {
  const resources = parseResources(values.resources ?? defaultResources);
  const { kc, contextName, server } = loadKubeConfig({
    kubeconfig: values.kubeconfig,
    context: values.context,
    inCluster: values['in-cluster'],
  });
  const cluster = values.cluster ?? contextName;
  // A recorder runs for days: its WAL is checkpointed beside it, not in its commits.
  const store = openForWriting(values.db, io, {
    checkpointInBackground: {
      onError: (message) => io.stderr(`kubetrail record: checkpoint of the log failed: ${message}\n`),
    },
  });
  const collector = createCollector({
    client: createKubeClient(kc),
    store,
    cluster,
    resources,
    clock,
    keepSecrets: values['keep-secrets'],
    log: (line) => io.stderr(`kubetrail record: ${line}\n`),
  });
  try {
    await collector.start();
  } catch (error) {
    store.close();
    throw error;
  }
  io.stderr(
    `kubetrail record: recording ${resources.map((r) => r.name).join(', ')} of ${server} as cluster ${JSON.stringify(cluster)} into ${dbPathOf(values.db, io.env)}\n`,
  );
  let stopped: Promise<void> | undefined;
  return {
    cluster,
    store,
    stop(): Promise<void> {
      stopped ??= (async () => {
        try {
          await collector.stop();
        } finally {
          store.close();
        }
        const s = collector.stats();
        io.stderr(
          `kubetrail record: stopped; ${s.appended} entries recorded (${s.skipped} already recorded)\n`,
        );
      })();
      return stopped;
    },
  };
}

/** `kubetrail record`: list and watch a cluster into the log until SIGINT or SIGTERM. */
export async function record(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: recordOptions });
  const signal = untilSignal();
  const recording = await startRecording(values, io);
  await signal;
  await recording.stop();
  return 0;
}
