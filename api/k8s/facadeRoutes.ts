// The read-only Kubernetes API as it was at an instant: /k8s/{cluster}/at/{TIME}/… serves discovery,
// get, list and watch of the recorded resources, JSON or server-side Tables, so kubectl works.

import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isRelativeTime } from '../../cli/index.ts';
import { isTableResource, toTable } from '../../projector/index.ts';
import {
  type ApiRoute,
  apiRoute,
  apiVersionOf,
  failure,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type Status,
  versionInfo,
} from '../../sim/index.ts';
import type { KubeObject, ListKey } from '../../store/index.ts';
import type { ApiDeps } from '../deps.ts';
import { resolveTime } from '../params.ts';
import { decodeContinue, encodeContinue } from './continueToken.ts';
import { eventSelectorsFromReadModel } from './eventSelectorsFromReadModel.ts';
import { facadeQuery } from './facadeQuery.ts';
import { fullList, fullObjectList, fullTable } from './fullList.ts';
import { listPage } from './listPage.ts';
import {
  type InstantObject,
  objectsAtInstant,
  objectsAtInstantInChunks,
  viewOf,
} from './objectsAtInstant.ts';
import { podSelectorsFromReadModel } from './podSelectorsFromReadModel.ts';
import { narrowingOf } from './selectorNarrowing.ts';
import { watchAt } from './watchAt.ts';

type Target = ApiRoute;

const facadeVersion = { ...versionInfo, gitVersion: 'v1.32.0-kubetrail' };

function target(segs: string[], serverAddress: string): Target {
  return apiRoute(segs, serverAddress, facadeVersion);
}

const sendStatus = (c: Context, status: Status) => c.json(status, status.code as ContentfulStatusCode);

// List items carry no apiVersion/kind on the wire; the List itself does.
const withoutType = (object: KubeObject): KubeObject => {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
};

export function facadeRoutes(deps: ApiDeps) {
  const app = new Hono();
  app.all('/k8s/*', (c) => {
    const match = /^\/k8s\/([^/]+)\/at\/([^/]+)(\/.*)?$/.exec(c.req.path);
    if (!match)
      return sendStatus(
        c,
        failure(404, 'NotFound', 'use /k8s/{cluster}/at/{TIME}/… (TIME: RFC3339 or relative)'),
      );
    const cluster = decodeURIComponent(match[1]!);
    const timeText = decodeURIComponent(match[2]!);
    let at: number;
    try {
      at = resolveTime('TIME', timeText, deps.now());
    } catch (error) {
      return sendStatus(c, failure(400, 'BadRequest', (error as Error).message));
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return sendStatus(
        c,
        failure(
          405,
          'MethodNotAllowed',
          `kubetrail serves the past read-only: ${c.req.method} is not allowed`,
        ),
      );
    }
    const segs = (match[3] ?? '/')
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
    const t = target(segs, c.req.header('host') ?? '127.0.0.1');
    if (t.kind === 'notFound')
      return sendStatus(c, failure(404, 'NotFound', 'the server could not find the requested resource'));
    if (t.kind === 'document') return c.json(t.body as object);

    const parsed = facadeQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? 'query';
      return sendStatus(c, failure(400, 'BadRequest', `${field}: ${issue?.message ?? 'invalid'}`));
    }
    const q = parsed.data;
    const { info, namespace, name } = t;
    const labels = parseLabelSelector(q.labelSelector ?? '');
    if (!labels.ok) return sendStatus(c, failure(400, 'BadRequest', labels.message));
    const fields = parseFieldSelector(info.resource, q.fieldSelector ?? '');
    if (!fields.ok) return sendStatus(c, failure(400, 'BadRequest', fields.message));
    const fieldSelector = fields.value;
    if (name !== undefined) fieldSelector.push({ field: 'metadata.name', op: 'eq', value: name });

    const wantsTable = (c.req.header('accept') ?? '').includes('as=Table');
    const printer = info.storage === 'events.events.k8s.io' ? 'events' : info.storage;
    const watching = t.watch === true || q.watch === true;
    // The log's position at the instant: the same for every page of a list, and for a watch.
    const resourceVersionAt = (instant: number) => String(deps.queries.logRange.positionAt(cluster, instant));
    const selects = labels.value.length > 0 || fieldSelector.length > 0;
    // Candidates read by index where the field selector allows: `accept` still decides each.
    const narrowing = narrowingOf(info, fieldSelector);
    // An object that the read model rejects is not decoded (podSelectorsFromReadModel.ts,
    // eventSelectorsFromReadModel.ts).
    const byReadModel =
      info.storage === 'pods'
        ? podSelectorsFromReadModel(deps, labels.value, fieldSelector)
        : info.storage === 'events'
          ? eventSelectorsFromReadModel(deps, narrowing)
          : undefined;
    const accept = (i: InstantObject) =>
      (byReadModel?.(i) ?? true) &&
      matchesLabels(labels.value, i.object.metadata?.labels) &&
      matchesFields(info.resource, fieldSelector, i.object);

    if (watching) {
      const rv = q.resourceVersion;
      return watchAt(c, deps, {
        info,
        cluster,
        at,
        namespace,
        labelSelector: labels.value,
        fieldSelector,
        mayMatch: byReadModel,
        initial: objectsAtInstantInChunks(deps, info, cluster, at, namespace, undefined, narrowing),
        sendInitial: q.sendInitialEvents === true || rv === undefined || rv === '' || rv === '0',
        initialEventsEnd: q.sendInitialEvents === true && q.allowWatchBookmarks === true,
        timeoutSeconds: q.timeoutSeconds && q.timeoutSeconds > 0 ? q.timeoutSeconds : 1800,
        table: wantsTable,
        includeObject: q.includeObject,
        listResourceVersion: resourceVersionAt(at),
      });
    }

    if (name !== undefined) {
      // A GET reads the one object.
      const found = objectsAtInstant(deps, info, cluster, at, namespace, { name }).find(
        (i) => i.name === name,
      );
      if (!found) {
        const group = info.group === '' ? {} : { group: info.group };
        return sendStatus(
          c,
          failure(
            404,
            'NotFound',
            `${info.plural}${info.group ? `.${info.group}` : ''} "${name}" not found`,
            { name, ...group, kind: info.plural },
          ),
        );
      }
      if (wantsTable && isTableResource(printer)) {
        return c.json(
          toTable(printer, [found.object], at, {
            resourceVersion: found.object.metadata?.resourceVersion,
            includeObject: q.includeObject,
          }),
        );
      }
      const view = viewOf(deps, info, found, { exact: true });
      // The object byte for byte as it was observed, when it was recorded in the form asked for.
      if (view.exactJson !== undefined)
        return c.body(view.exactJson, 200, { 'Content-Type': 'application/json' });
      return c.json({ apiVersion: apiVersionOf(info), kind: info.kind, ...view.object });
    }

    let after: ListKey | undefined;
    let remainingAfter: number | undefined;
    if (q.continue) {
      const token = decodeContinue(q.continue);
      if (!token) return sendStatus(c, failure(400, 'BadRequest', 'continue key is not valid'));
      // A list goes on at the instant of its first page, as a continue key holds the API server
      // to its snapshot: with a relative TIME (`now`, `-15m`) the clock has moved since.
      if (token.at !== at && !isRelativeTime(timeText))
        return sendStatus(c, failure(400, 'BadRequest', 'continue key belongs to another instant'));
      at = token.at;
      after = token.after;
      remainingAfter = token.remaining;
    }
    const limit = q.limit && q.limit > 0 ? q.limit : undefined;
    if (limit === undefined) {
      const metadata = { resourceVersion: resourceVersionAt(at) };
      return fullList(
        c,
        deps,
        { info, cluster, at, namespace, after, accept: selects ? accept : undefined, narrowing },
        wantsTable && isTableResource(printer)
          ? fullTable(printer, at, metadata, q.includeObject)
          : fullObjectList(info, apiVersionOf(info), metadata, (i) =>
              withoutType(viewOf(deps, info, i).object),
            ),
      );
    }
    // Without selectors nothing here reads an object, so only the page's objects are decoded.
    const page = listPage(deps, info, cluster, at, namespace, {
      after,
      limit,
      accept: selects ? accept : undefined,
      narrowing,
      remainingAfter,
    });
    const pageItems = page.items;
    const metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
      resourceVersion: resourceVersionAt(at),
    };
    if (page.continueAfter) metadata.continue = encodeContinue(at, page.continueAfter, page.remaining);
    if (page.remaining !== undefined) metadata.remainingItemCount = page.remaining;
    if (wantsTable && isTableResource(printer)) {
      return c.json(
        toTable(
          printer,
          pageItems.map((i) => i.object),
          at,
          { ...metadata, includeObject: q.includeObject },
        ),
      );
    }
    return c.json({
      kind: `${info.kind}List`,
      apiVersion: apiVersionOf(info),
      metadata,
      items: pageItems.map((i) => withoutType(viewOf(deps, info, i).object)),
    });
  });
  return app;
}
