import { parseArgs } from 'node:util';
import { bulkWriterOptions } from '../../store/index.ts';
import { type CliIo, openForWriting } from '../context.ts';

/** `kubetrail rebuild`: drop every read model and replay the log. */
export function rebuild(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { db: { type: 'string' } } });
  // A replay reads every delta of each keyframe in turn: held decoded, each is inflated once.
  const store = openForWriting(values.db, io, bulkWriterOptions);
  try {
    const started = io.now();
    const replayed = store.projections.rebuild();
    io.stdout(`rebuilt read models from ${replayed} log entries in ${io.now() - started} ms\n`);
    return 0;
  } finally {
    store.close();
  }
}
