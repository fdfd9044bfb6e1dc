import { parseArgs } from 'node:util';
import { createQueries, KubetrailError, type RestartItem } from '../../store/index.ts';
import { type CliIo, openForReading, queryOptions } from '../context.ts';
import { formatTime, parseTime } from '../parseTime.ts';
import { tableLines } from '../tableLines.ts';
import { prettyJsonWithItems, writeLines, writePieces } from '../writeOutput.ts';

/** `kubetrail restarts`: every restart in a window, with the termination that caused it. */
export async function restarts(args: string[], io: CliIo): Promise<number> {
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
    const filter = { cluster: values.cluster, namespace, reason: values.reason, since, until };
    // Read a row at a time, never all held: every restart of a month is a million rows.
    if (output === 'json') {
      await writePieces(io, prettyJsonWithItems({}, map(queries.restarts.each(filter), restartJson)));
      return 0;
    }
    // Two passes (the columns' widths, then the lines) over one snapshot of the log.
    let found = false;
    let observed = false;
    function* rows(): Generator<string[]> {
      for (const r of queries.restarts.each(filter)) {
        found = true;
        if (r.atSource === 'observed') observed = true;
        yield [
          r.namespace,
          r.pod,
          r.container,
          `${formatTime(r.at)}${r.atSource === 'observed' ? '*' : ''}`,
          r.exitCode === null ? '?' : String(r.exitCode),
          r.reason ?? (r.inferred ? '<unknown>' : ''),
          r.signal === null ? '' : String(r.signal),
          r.inferred ? 'inferred' : '',
        ];
      }
    }
    // One read transaction: both passes see the same rows, though output waits on its reader.
    store.db.exec('BEGIN');
    const header = ['NAMESPACE', 'POD', 'CONTAINER', 'TIME', 'EXIT', 'REASON', 'SIGNAL', 'NOTE'];
    const lines = tableLines(header, rows);
    try {
      // The header comes once the first pass has measured every row: only then is `found` known.
      const first = lines.next();
      if (!found) {
        io.stderr('No restarts found.\n');
        return 0;
      }
      await writeLines(io, prepend(first.value as string, lines));
      if (observed) io.stdout('* time observed by kubetrail (the object did not say when)\n');
    } finally {
      lines.return(undefined);
      store.db.exec('COMMIT');
    }
    return 0;
  } finally {
    store.close();
  }
}

const restartJson = (r: RestartItem) => ({
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
});

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

function* prepend<T>(first: T, rest: Iterable<T>): Generator<T> {
  yield first;
  yield* rest;
}
