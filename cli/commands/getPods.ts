import { parseArgs } from 'node:util';
import { podColumns, podRestartsText, translateTimestampSince } from '../../projector/index.ts';
import { matchesLabels, parseLabelSelector } from '../../sim/index.ts';
import {
  createQueries,
  type KubeObject,
  KubetrailError,
  type PodAtRow,
  podLabelsAt,
} from '../../store/index.ts';
import { type CliIo, openForReading, queryOptions } from '../context.ts';
import { formatTime, parseTime } from '../parseTime.ts';
import { tableLines } from '../tableLines.ts';
import { prettyJsonWithItems, writeLines, writePieces } from '../writeOutput.ts';

export type PodJsonItem = {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  phase: string | null;
  ready: string;
  status: string;
  restarts: number;
  restartsText: string;
  node: string | null;
  deleted: boolean;
};

export function podJsonItem(row: PodAtRow, at: number): PodJsonItem {
  return {
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid,
    phase: row.phase,
    ready: row.ready,
    status: row.status,
    restarts: row.restarts,
    restartsText: podRestartsText(
      row.restarts,
      row.lastRestartAt === null ? null : formatTime(row.lastRestartAt),
      at,
    ),
    node: row.node,
    deleted: row.deletedAt !== null,
  };
}

/** `kubetrail get pods`: the pods that existed at TIME, as `kubectl get pods` printed them then. */
export async function getPods(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...queryOptions,
      'all-namespaces': { type: 'boolean', short: 'A' },
      selector: { type: 'string', short: 'l' },
      at: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'table' },
    },
  });
  const [resource, ...names] = positionals;
  if (!resource || !['pods', 'pod', 'po'].includes(resource)) {
    throw new KubetrailError(
      'bad-input',
      `get: unsupported resource ${JSON.stringify(resource ?? '')} (try: get pods)`,
    );
  }
  const output = values.output ?? 'table';
  if (!['table', 'wide', 'json'].includes(output)) {
    throw new KubetrailError(
      'bad-input',
      `--output: unknown format ${JSON.stringify(output)} (table, wide or json)`,
    );
  }
  let selector: ReturnType<typeof parseLabelSelector> | undefined;
  if (values.selector !== undefined) {
    selector = parseLabelSelector(values.selector);
    if (!selector.ok) throw new KubetrailError('bad-input', `--selector: ${selector.message}`);
  }
  const at = values.at === undefined ? io.now() : parseTime(values.at, io.now(), '--at');
  const allNamespaces = values['all-namespaces'] === true;
  const namespace = allNamespaces ? undefined : (values.namespace ?? 'default');
  const store = openForReading(values.db, io);
  try {
    const queries = createQueries(store.db);
    let rows = queries.podsAt({ at, cluster: values.cluster, namespace });
    if (names.length > 0) rows = rows.filter((row) => names.includes(row.name));
    if (selector?.ok) {
      const parsed = selector.value;
      rows = rows.filter((row) => matchesLabels(parsed, podLabelsAt(store.reader, row)));
    }
    if (output === 'json') {
      await writePieces(
        io,
        prettyJsonWithItems(
          { at: formatTime(at) },
          rows.map((row) => podJsonItem(row, at)),
        ),
      );
      return 0;
    }
    if (rows.length === 0) {
      io.stderr(
        namespace
          ? `No resources found in ${namespace} namespace at ${formatTime(at)}.\n`
          : `No resources found at ${formatTime(at)}.\n`,
      );
      return 0;
    }
    const header = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
    if (output === 'wide') header.push('IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES');
    if (allNamespaces) header.unshift('NAMESPACE');
    const cells = rows.map((row) => {
      const item = podJsonItem(row, at);
      const line = [
        row.name,
        row.ready,
        row.status,
        item.restartsText,
        translateTimestampSince(row.createdAt === null ? null : formatTime(row.createdAt), at),
      ];
      if (output === 'wide') {
        // The wide columns come from the object itself, exactly as the printer computes them.
        const object = store.reader.entry(row.position)?.object as KubeObject;
        const wide = podColumns(object, at);
        line.push(wide.ip, wide.node, wide.nominatedNode, wide.readinessGates);
      }
      if (allNamespaces) line.unshift(row.namespace);
      return line;
    });
    await writeLines(
      io,
      tableLines(header, () => cells),
    );
    return 0;
  } finally {
    store.close();
  }
}
