import { parseArgs } from 'node:util';
import { createQueries, KubetrailError } from '../../store/index.ts';
import { type CliIo, openForReading, queryOptions } from '../context.ts';
import { formatTime, parseTime } from '../parseTime.ts';
import { tableLines } from '../tableLines.ts';
import { prettyJsonWithItems, writeLines, writePieces } from '../writeOutput.ts';

/** `kubetrail restarts`: every restart in a window, with the termination that caused it. */
export function restarts(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      ...queryOptions,
      'all-namespaces': { type: 'boolean', short: 'A' },
      since: { type: 'string' },
      until: { type: 'string' },
      reason: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'table' },
    },
  });
  const output = values.output ?? 'table';
  if (!['table', 'json'].includes(output)) {
    throw new KubetrailError(
      'bad-input',
      `--output: unknown format ${JSON.stringify(output)} (table or json)`,
    );
  }
  const now = io.now();
  const since = values.since === undefined ? undefined : parseTime(values.since, now, '--since');
  const until = values.until === undefined ? undefined : parseTime(values.until, now, '--until');
  const store = openForReading(values.db, io);
  try {
    const queries = createQueries(store.db);
    const namespace = values['all-namespaces'] ? undefined : values.namespace;
    if (namespace !== undefined && !queries.namespaceKnown(namespace)) {
      throw new KubetrailError('not-found', `namespace ${JSON.stringify(namespace)}: no pods recorded in it`);
    }
    const items = queries.restarts({
      cluster: values.cluster,
      namespace,
      reason: values.reason,
      since,
      until,
    });
    if (output === 'json') {
      const json = items.map((r) => ({
        cluster: r.cluster,
        namespace: r.namespace,
        pod: r.pod,
        uid: r.uid,
        container: r.container,
        at: formatTime(r.at),
        exitCode: r.exitCode,
        reason: r.reason,
        signal: r.signal,
        inferred: r.inferred,
      }));
      writePieces(io, prettyJsonWithItems({}, json));
      return 0;
    }
    if (items.length === 0) {
      io.stderr('No restarts found.\n');
      return 0;
    }
    const rows = items.map((r) => [
      r.namespace,
      r.pod,
      r.container,
      `${formatTime(r.at)}${r.atSource === 'observed' ? '*' : ''}`,
      r.exitCode === null ? '?' : String(r.exitCode),
      r.reason ?? (r.inferred ? '<unknown>' : ''),
      r.signal === null ? '' : String(r.signal),
      r.inferred ? 'inferred' : '',
    ]);
    writeLines(
      io,
      tableLines(['NAMESPACE', 'POD', 'CONTAINER', 'TIME', 'EXIT', 'REASON', 'SIGNAL', 'NOTE'], rows),
    );
    if (items.some((r) => r.atSource === 'observed')) {
      io.stdout('* time observed by kubetrail (the object did not say when)\n');
    }
    return 0;
  } finally {
    store.close();
  }
}
