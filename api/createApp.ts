// The Hono app: JSON API under /api/v1, OpenAPI, operations endpoints, the Kubernetes facade, the viewer.
import { timingSafeEqual } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createQueries, loadMigrations, openStore, type Store } from '../store/index.ts';
import type { ApiDeps } from './deps.ts';
import { errorResponse, validationHook } from './errors.ts';
import { facadeRoutes } from './k8s/facadeRoutes.ts';
import { createMetrics } from './metrics.ts';
import { changeRoutes } from './routes/changes.ts';
import { collectorRoutes } from './routes/collector.ts';
import { eventRoutes } from './routes/events.ts';
import { podRoutes } from './routes/pods.ts';
import { replayRoutes } from './routes/replay.ts';
import { restartRoutes } from './routes/restarts.ts';
import { timelineRoutes } from './routes/timelines.ts';
import { defaultWebDir, viewerRoutes } from './viewer.ts';

export type CreateAppOptions = {
  /** Opened read-only (and closed by `close`) when no store is given. */
  dbPath?: string;
  /** A store opened by the caller; left open by `close`. */
  store?: Store;
  now?: () => number;
  /** Bearer token required on everything but /healthz and /readyz. */
  token?: string | undefined;
  sleep?: (ms: number) => Promise<void>;
  /** How often live streams (replay, watch) poll for new entries. */
  pollMs?: number;
  webDir?: string;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const tokenMatches = (expected: string, header: string | undefined) => {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export function createApp({
  dbPath,
  store: given,
  now = Date.now,
  token,
  sleep = realSleep,
  pollMs = 1000,
  webDir = defaultWebDir,
}: CreateAppOptions) {
  if (!given && !dbPath) throw new TypeError('createApp: give a store or a dbPath');
  const store = given ?? openStore(dbPath!, { readonly: true });
  const deps: ApiDeps = {
    store,
    queries: createQueries(store.db),
    now,
    metrics: createMetrics(),
    sleep,
    pollMs,
    lifecycle: { shuttingDown: false },
  };
  const migrationCount = loadMigrations().length;

  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    deps.metrics.observe(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000);
  });

  app.use('*', async (c, next) => {
    if (!token || c.req.path === '/healthz' || c.req.path === '/readyz') return next();
    if (tokenMatches(token, c.req.header('authorization'))) return next();
    c.header('WWW-Authenticate', 'Bearer realm="kubetrail"');
    if (c.req.path.startsWith('/k8s/')) {
      return c.json(
        {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        },
        401,
      );
    }
    return c.json(
      {
        error: {
          code: 401,
          reason: 'unauthorized',
          message: 'a bearer token is required (Authorization: Bearer …)',
        },
      },
      401,
    );
  });

  app.onError((error, c: Context) => {
    const { status, body } = errorResponse(error);
    if (status === 500) console.error(error);
    return c.json(body, status);
  });

  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => {
    let migrated = false;
    try {
      migrated =
        store.db.open &&
        (store.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n >=
          migrationCount;
    } catch {
      migrated = false;
    }
    const ready = migrated && !deps.lifecycle.shuttingDown;
    const reason = deps.lifecycle.shuttingDown
      ? 'shutting down'
      : migrated
        ? 'ok'
        : 'database not open or not migrated';
    return c.json({ ready, reason }, ready ? 200 : 503);
  });
  app.get('/metrics', (c) =>
    c.text(deps.metrics.render(deps.queries), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  );

  app.route('/api/v1', podRoutes(deps));
  app.route('/api/v1', restartRoutes(deps));
  app.route('/api/v1', eventRoutes(deps));
  app.route('/api/v1', changeRoutes(deps));
  app.route('/api/v1', collectorRoutes(deps));
  app.route('/api/v1', replayRoutes(deps));
  app.route('/api/v1', timelineRoutes(deps));
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'kubetrail',
      version: '0.1.0',
      description:
        'A flight recorder for Kubernetes Pods. Times are RFC3339 or relative (now, -15m, 2h ago); bad input is answered 400 with the field named. The read-only Kubernetes API at an instant is served under /k8s/{cluster}/at/{TIME}.',
    },
  });
  app.route('/', facadeRoutes(deps));
  app.route('/', viewerRoutes(webDir));
  app.notFound((c) =>
    c.json(
      { error: { code: 404, reason: 'not-found', message: `no route for ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );

  return Object.assign(app, {
    /** readyz turns false; live streams end at their next poll. */
    shutdown() {
      deps.lifecycle.shuttingDown = true;
    },
    close() {
      deps.lifecycle.shuttingDown = true;
      if (!given && store.db.open) store.close();
    },
  });
}

export type ApiApp = ReturnType<typeof createApp>;
