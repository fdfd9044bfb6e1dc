import { parseArgs } from 'node:util';
import { importFiles } from '../../collector/index.ts';
import { KubetrailError } from '../../store/index.ts';
import { type CliIo, openForWriting } from '../context.ts';

const importKeyframeCacheBytes = 256 * 1024 * 1024;

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
  // A one-off process may hold more keyframes than the recorder: a stream of thousands of changing
  // pods then encodes each delta against a keyframe in memory, not one read back and inflated.
  const store = openForWriting(values.db, io, { keyframeCacheBytes: importKeyframeCacheBytes });
  try {
    const reports = importFiles(store.writer!, positionals, {
      cluster: values.cluster ?? 'default',
      keepSecrets: values['keep-secrets'],
      now: io.now,
    });
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
