// Prometheus text exposition: request latencies kept in memory, log figures read at scrape time.
import type { Queries } from '../store/index.ts';

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Histogram = { counts: number[]; sum: number; count: number };

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

export function createMetrics() {
  const requests = new Map<string, { key: Record<string, string>; histogram: Histogram }>();
  return {
    /** Records one request by its route pattern (never the raw path: uids would explode the series). */
    observe(method: string, route: string, status: number, seconds: number) {
      const key = { method, route, code: String(status) };
      const id = JSON.stringify(key);
      let series = requests.get(id);
      if (!series) {
        series = { key, histogram: { counts: buckets.map(() => 0), sum: 0, count: 0 } };
        requests.set(id, series);
      }
      const h = series.histogram;
      buckets.forEach((le, i) => {
        if (seconds <= le) h.counts[i] = (h.counts[i] ?? 0) + 1;
      });
      h.sum += seconds;
      h.count += 1;
    },
    render(queries: Queries): string {
      const out: string[] = [];
      const size = queries.collector.logSize();
      out.push('# HELP kubetrail_log_entries Entries in the log.', '# TYPE kubetrail_log_entries gauge');
      out.push(`kubetrail_log_entries ${size.entries}`);
      out.push(
        '# HELP kubetrail_log_last_position The newest log position.',
        '# TYPE kubetrail_log_last_position gauge',
      );
      out.push(`kubetrail_log_last_position ${size.lastPosition}`);
      out.push(
        '# HELP kubetrail_log_bytes Size of the database file in bytes.',
        '# TYPE kubetrail_log_bytes gauge',
      );
      out.push(`kubetrail_log_bytes ${size.bytes}`);
      out.push(
        '# HELP kubetrail_log_entries_by_resource Object entries in the log by cluster and resource.',
        '# TYPE kubetrail_log_entries_by_resource gauge',
      );
      for (const row of queries.collector.entriesByResource()) {
        out.push(
          `kubetrail_log_entries_by_resource${labels({ cluster: row.cluster, resource: row.resource })} ${row.count}`,
        );
      }
      const counts = queries.collector.markerCounts();
      const markerMetric = (name: string, marker: string, help: string) => {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
        for (const row of counts.filter((r) => r.marker === marker)) {
          out.push(`${name}${labels({ cluster: row.cluster })} ${row.count}`);
        }
      };
      markerMetric(
        'kubetrail_watch_reconnects_total',
        'WatchReconnected',
        'Watch reconnects recorded in the log.',
      );
      markerMetric('kubetrail_relists_total', 'Relisted', 'Relists (after 410 Gone) recorded in the log.');
      markerMetric('kubetrail_gaps_total', 'Gap', 'Intervals with no watch running, recorded in the log.');
      out.push(
        '# HELP kubetrail_http_request_duration_seconds Time to answer an HTTP request (to the first byte for streams).',
        '# TYPE kubetrail_http_request_duration_seconds histogram',
      );
      for (const { key, histogram } of requests.values()) {
        buckets.forEach((le, i) => {
          out.push(
            `kubetrail_http_request_duration_seconds_bucket${labels({ ...key, le: String(le) })} ${histogram.counts[i]}`,
          );
        });
        out.push(
          `kubetrail_http_request_duration_seconds_bucket${labels({ ...key, le: '+Inf' })} ${histogram.count}`,
        );
        out.push(`kubetrail_http_request_duration_seconds_sum${labels(key)} ${histogram.sum}`);
        out.push(`kubetrail_http_request_duration_seconds_count${labels(key)} ${histogram.count}`);
      }
      return `${out.join('\n')}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
