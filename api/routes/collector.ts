// /api/v1/clusters and /api/v1/collector: what was recorded, and where the recorder was blind.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createCheckpointStore } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { validationHook } from '../errors.ts';
import { clusterSchema } from '../params.ts';
import { iso, isoOrNull } from '../time.ts';

const clustersRoute = createRoute({
  method: 'get',
  path: '/clusters',
  summary: 'Clusters in the log, with their first and last observations',
  request: { query: z.strictObject({}) },
  responses: { 200: { description: '`{items: [{name, entries, pods, firstObservedAt, lastObservedAt}]}`' } },
});

const collectorRoute = createRoute({
  method: 'get',
  path: '/collector',
  summary:
    'Collector status per cluster: last observation, gaps, relists, reconnects, starts and stops, watch checkpoints',
  request: {
    query: z.strictObject({
      cluster: clusterSchema,
      markers: z.coerce
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(100)
        .openapi({ description: 'How many of the newest markers to list (1 to 1000).' }),
    }),
  },
  responses: { 200: { description: '`{clusters: [...], checkpoints: [...]}`' } },
});

export function collectorRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const checkpoints = createCheckpointStore(deps.store.db);

  app.openapi(clustersRoute, (c) =>
    c.json({
      items: deps.queries.collector.clusters().map((row) => ({
        name: row.cluster,
        entries: row.entries,
        pods: row.pods,
        firstObservedAt: isoOrNull(row.firstObservedAt),
        lastObservedAt: isoOrNull(row.lastObservedAt),
      })),
    }),
  );

  app.openapi(collectorRoute, (c) => {
    const q = c.req.valid('query');
    const names = deps.queries.collector
      .clusters()
      .map((row) => row.cluster)
      .filter((name) => q.cluster === undefined || name === q.cluster);
    const counts = deps.queries.collector.markerCounts();
    const clusters = names.map((name) => {
      const last = deps.queries.collector.lastObservation(name);
      const markers = deps.queries.collector.markers({ cluster: name, limit: q.markers });
      const count = (marker: string) =>
        counts.find((r) => r.cluster === name && r.marker === marker)?.count ?? 0;
      const of = (marker: string) => markers.filter((m) => m.marker === marker);
      const started = of('CollectorStarted')[0];
      const stopped = of('CollectorStopped')[0];
      return {
        name,
        lastObservedAt: isoOrNull(last.observedAt),
        lastPosition: last.position,
        running: started !== undefined && (stopped === undefined || stopped.position < started.position),
        counts: {
          gaps: count('Gap'),
          relists: count('Relisted'),
          watchReconnects: count('WatchReconnected'),
          collectorStarts: count('CollectorStarted'),
          collectorStops: count('CollectorStopped'),
        },
        gaps: of('Gap').map((m) => ({
          position: m.position,
          observedAt: iso(m.observedAt),
          from: isoOrNull(m.body.from),
          to: isoOrNull(m.body.to),
          reason: m.body.reason ?? null,
        })),
        markers: markers.map((m) => ({
          position: m.position,
          observedAt: iso(m.observedAt),
          marker: m.marker,
          resource: m.resource,
          body: m.body,
        })),
      };
    });
    return c.json({
      clusters,
      checkpoints: checkpoints
        .all()
        .filter((cp) => q.cluster === undefined || cp.cluster === q.cluster)
        .map((cp) => ({ ...cp, updatedAt: iso(cp.updatedAt) })),
    });
  });
  return app;
}
