import { parseArgs } from 'node:util';
import { importFiles } from '../../collector/index.ts';
import { bulkLoad, bulkWriterOptions, KubetrailError } from '../../store/index.ts';
import { type CliIo, openForWriting } from '../context.ts';

/** `kubetrail import FILE…`: watch streams, kubectl JSON lists and object streams into the log. */
export function importCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      cluster: { type: 'string', default: 'default' },
      'keep-secrets': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0)
    throw new KubetrailError('bad-input', 'usage: kubetrail import FILE… (- for stdin)');
  // A one-off process affords more memory than the recorder (see bulkWriterOptions).
  const store = openForWriting(values.db, io, bulkWriterOptions);
  try {
    const reports = bulkLoad(store.db, () =>
      importFiles(store.writer!, positionals, {
        cluster: values.cluster ?? 'default',
        keepSecrets: values['keep-secrets'],
        now: io.now,
      }),
    );
    for (const r of reports) {
      io.stdout(
        `${r.file}: ${r.appended} entries recorded, ${r.skipped} already recorded (${r.observations} objects read)\n`,
      );
    }
    return 0;
  } finally {
    store.close();
  }
}
