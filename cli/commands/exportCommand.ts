import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createQueries } from '../../store/index.ts';
import { type CliIo, openForReading, queryOptions } from '../context.ts';
import { formatTime, parseTime } from '../parseTime.ts';

/**
 * `kubetrail export`: the log as NDJSON watch events (`{"type","object","observedAt"}` a line),
 * exactly as observed, in log order. `kubetrail import` takes the file back: the round trip
 * keeps every object and its observed time, and re-importing into the same database adds nothing.
 */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...queryOptions,
      resource: { type: 'string', multiple: true },
      since: { type: 'string' },
      until: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
  });
  const now = io.now();
  const since = values.since === undefined ? undefined : parseTime(values.since, now, '--since');
  const until = values.until === undefined ? undefined : parseTime(values.until, now, '--until');
  const resources = values.resource?.flatMap((r) => r.split(',')).filter((r) => r !== '');
  const store = openForReading(values.db, io);
  // Written as it is read, a page at a time (to stdout, each once the reader took the last): a
  // stream's writes queue in memory behind a loop that never waits (a day of the 10 M-entry log,
  // 3.5 GB, took 7.8 GB and failed at 4 GB of queue).
  const file = values.output ? openSync(values.output, 'w') : undefined;
  try {
    const range = createQueries(store.db).logRange;
    // From --since, the first entry observed then, found through the log's time ranges.
    let after = since === undefined ? 0 : range.startAfter(values.cluster, since - 1);
    let written = 0;
    for (;;) {
      const { rows: page, next } = range.page({
        cluster: values.cluster,
        namespace: values.namespace,
        resources: resources ?? [
          'pods',
          'events',
          'events.events.k8s.io',
          'replicasets.apps',
          'deployments.apps',
        ],
        afterTime: since === undefined ? undefined : since - 1,
        untilTime: until,
        afterPosition: after,
        limit: 1000,
      });
      if (page.length === 0) break;
      after = next;
      let chunk = '';
      for (const { position, observedAt, type } of page) {
        if (type === 'MARKER') continue;
        // The stored JSON text as is: byte for byte what was observed.
        chunk += `{"type":"${type}","observedAt":"${new Date(observedAt).toISOString()}","object":${store.reader.json(position)}}\n`;
        written++;
      }
      if (file === undefined) {
        io.stdout(chunk);
        await io.drained?.();
      } else writeAll(file, chunk);
    }
    if (values.output)
      io.stderr(
        `exported ${written} entries to ${values.output}${since ? ` since ${formatTime(since)}` : ''}\n`,
      );
    return 0;
  } finally {
    if (file !== undefined) closeSync(file);
    store.close();
  }
}

const writeAll = (fd: number, text: string): void => {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
};
