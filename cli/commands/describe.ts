import { parseArgs } from 'node:util';
import { type DescribeEvent, describePod } from '../../projector/index.ts';
import { createQueries, type KubeObject, KubetrailError } from '../../store/index.ts';
import { type CliIo, openForReading, queryOptions } from '../context.ts';
import { parseTime } from '../parseTime.ts';
import { resolvePod } from '../resolvePod.ts';

/**
 * `kubetrail describe pod NAME --at TIME`: the pod as `kubectl describe` showed it then, with
 * every Event up to TIME (including those Kubernetes has long expired).
 */
export function describe(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...queryOptions,
      at: { type: 'string' },
    },
  });
  const [resource, name] = positionals;
  if (!resource || !['pod', 'pods', 'po'].includes(resource) || !name) {
    throw new KubetrailError('bad-input', 'usage: kubetrail describe pod NAME [-n NAMESPACE] [--at TIME]');
  }
  const now = io.now();
  const at = values.at === undefined ? undefined : parseTime(values.at, now, '--at');
  const store = openForReading(values.db, io);
  try {
    const queries = createQueries(store.db);
    const pod = resolvePod(queries, {
      namespace: values.namespace ?? 'default',
      name,
      cluster: values.cluster,
      at,
    });
    const instant = at ?? (pod.deletedAt === null ? now : pod.deletedAt);
    // The last version observed at or before the instant (a deleted pod: its last version).
    const entry = store.reader.objectAt(pod.uid, instant);
    if (!entry)
      throw new KubetrailError('not-found', `pod ${pod.namespace}/${pod.name}: no version recorded`);
    const events = new Map<string, DescribeEvent>();
    for (const o of queries.history.events(pod, instant)) {
      const seen = events.get(o.eventUid);
      events.set(o.eventUid, {
        type: o.type,
        reason: o.reason,
        message: o.message,
        source: o.source,
        firstAt: seen?.firstAt ?? o.firstAt ?? o.at,
        lastAt: o.at,
        count: o.countAfter,
      });
    }
    const list = [...events.values()].sort((a, b) => (a.firstAt ?? a.lastAt) - (b.firstAt ?? b.lastAt));
    io.stdout(describePod(entry.object as KubeObject, list, instant));
    return 0;
  } finally {
    store.close();
  }
}
