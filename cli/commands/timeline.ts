import { parseArgs } from 'node:util';
import { buildPodTimeline, createQueries, KubetrailError } from '../../store/index.ts';
import { type CliIo, openForReading, queryOptions } from '../context.ts';
import { formatTime } from '../parseTime.ts';
import { resolvePod } from '../resolvePod.ts';
import { tableLines } from '../tableLines.ts';
import { writeLines } from '../writeOutput.ts';

const stamp = (at: number, source: 'object' | 'observed') =>
  `${formatTime(at)}${source === 'observed' ? '*' : ''}`;

/** `kubetrail timeline pod NAME`: every span of the pod's life, in order. */
export async function timeline(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...queryOptions,
      output: { type: 'string', short: 'o', default: 'table' },
    },
  });
  const [resource, name] = positionals;
  if (!resource || !['pod', 'pods', 'po'].includes(resource) || !name) {
    throw new KubetrailError('bad-input', 'usage: kubetrail timeline pod NAME [-n NAMESPACE]');
  }
  const store = openForReading(values.db, io);
  try {
    const queries = createQueries(store.db);
    const pod = resolvePod(queries, {
      namespace: values.namespace ?? 'default',
      name,
      cluster: values.cluster,
    });
    const data = buildPodTimeline(queries, pod, io.now());
    if (values.output === 'json') {
      io.stdout(`${JSON.stringify(data, null, 2)}\n`);
      return 0;
    }
    io.stdout(
      `Pod ${pod.namespace}/${pod.name}  uid ${pod.uid}  cluster ${pod.cluster}\n` +
        `first seen ${formatTime(pod.firstSeenAt)}` +
        (pod.deletedAt === null
          ? ''
          : `, ${pod.deletedInferred ? 'vanished' : 'deleted'} ${formatTime(pod.deletedAt)}`) +
        (pod.predecessorUid ? `, previous pod with this name: ${pod.predecessorUid}` : '') +
        '\n\n',
    );
    const rows = data.items.map((item) => [
      stamp(item.from, item.fromSource),
      item.to === null ? (item.kind === 'span' ? '…' : '') : formatTime(item.to),
      item.track,
      item.value,
      item.detail,
    ]);
    await writeLines(
      io,
      tableLines(['FROM', 'TO', 'TRACK', 'STATE', 'DETAIL'], () => rows),
    );
    io.stdout('* time observed by kubetrail (the object did not say when)\n');
    return 0;
  } finally {
    store.close();
  }
}
