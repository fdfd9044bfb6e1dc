import type Database from 'better-sqlite3';
import { aliveByLifetime, type LifetimeTable, namespacesOf } from './lifetimeSql.ts';
import { createShapedQuery, whereAll } from './shapedQuery.ts';

/** An object alive at an instant: where its newest version at or before then is in the log. */
export type ObjectAtRow = {
  position: number;
  uid: string;
  resource: string;
  namespace: string | null;
  name: string | null;
  observedAt: number;
};

/** Where a list stands: objects sort by namespace, name and uid, the API server's list order. */
export type ListKey = { namespace: string; name: string; uid: string };

export type ObjectsAtFilter = {
  cluster: string;
  /** Canonical resource names (plural[.group]); both Event APIs may be asked for together. */
  resources: readonly string[];
  at: number;
  namespace?: string | undefined;
  /** One object by name (a GET), instead of the whole list. */
  name?: string | undefined;
  /**
   * Events only: at least those about an object of this name (`involvedObject.name`), and the few
   * whose row cannot tell (see `events.involved_changed`); the caller's selector decides on each.
   */
  involvedName?: string | undefined;
  /** Only the objects after this key (the next page of a list). */
  after?: ListKey | undefined;
  /** At most this many, the first in list order. */
  limit?: number | undefined;
};

/** What `count` counts: the objects after a key, and (a page's own) up to and including another. */
export type ObjectsCountFilter = Omit<ObjectsAtFilter, 'limit' | 'involvedName'> & {
  through?: ListKey | undefined;
};

/** The candidates of a read model alive at @at, as SQL, given the conditions in use. */
type Alive = (conditions: readonly string[]) => string;

/** The filters that change a statement's shape (cluster, instant and resource are always bound). */
type Shape = {
  namespace?: string | undefined;
  name?: string | undefined;
  involvedName?: string | undefined;
  involvedRows?: string | undefined;
  after?: ListKey | undefined;
  through?: ListKey | undefined;
};

/** The list order, as SQLite sorts it: a cluster-scoped object (no namespace) sorts as ''. */
export const compareListKeys = (a: ListKey, b: ListKey): number =>
  compare(a.namespace, b.namespace) || compare(a.name, b.name) || compare(a.uid, b.uid);
// Names are DNS labels (ASCII), where code-unit order is the byte order SQLite sorts text by.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const listKeyOf = (row: Pick<ObjectAtRow, 'namespace' | 'name' | 'uid'>): ListKey => ({
  namespace: row.namespace ?? '',
  name: row.name ?? '',
  uid: row.uid,
});

/**
 * The objects of some resources that existed at an instant: for each uid, its newest entry
 * observed at or before the instant, kept unless that entry is a deletion; in list order, from a
 * key and up to a limit.
 *
 * Candidates are found through the lifetimes the read models keep (pods, events, and every other
 * kind in `objects`: first observation to observed deletion): pods and Events through the time
 * their lifetimes span, other kinds in list order through their (namespace, name) index; then
 * each one's newest entry through the per-uid indexes, which decides. So a page costs about the
 * objects alive then, not the namespace's history nor the log's length.
 */
export function createObjectsAtQuery(db: Database.Database) {
  const namespaceCondition = 'x.namespace = @namespace';
  const nameCondition = 'x.name = @name';
  // An Event about @involvedName, found through the index of involved names where every row's
  // involved object is known (involved_changed not NULL); otherwise each alive row is tested.
  const involvedCondition = 'x.involved_name = @involvedName';
  const involvedRowsCondition = '(x.involved_name = @involvedRows OR x.involved_changed IS NOT 0)';
  const clauses = (namespaceKey: string) =>
    [
      ['namespace', namespaceCondition],
      ['name', nameCondition],
      ['involvedName', involvedCondition],
      ['involvedRows', involvedRowsCondition],
      ['after', `(${namespaceKey}, x.name, x.uid) > (@afterNamespace, @afterName, @afterUid)`],
      ['through', `(${namespaceKey}, x.name, x.uid) <= (@throughNamespace, @throughName, @throughUid)`],
    ] as const;
  /**
   * A read model's rows alive at @at, as SQL for the conditions in use, and their list order
   * (`namespaceKey`: how a row's namespace sorts; `only` narrows the rows, to the resource in
   * `objects`). Read through the time their lifetimes span (lifetimeSql.ts), in @namespace or
   * every namespace of @cluster, where a walk in list order read every row ever recorded (3.4 M
   * Events for 19,000 alive in the bench's 10 M log); a GET by name, through the name's rows.
   */
  type Source = { alive: Alive; namespaceKey: string };
  const sourceOf = (table: LifetimeTable, namespaceKey = 'x.namespace', only: string[] = []): Source => ({
    namespaceKey,
    alive: (shapeConditions) => {
      const columns = `x.uid, x.cluster, ${namespaceKey} AS listNamespace, x.name`;
      // The involved name narrows Events only where the row is known to hold it (below).
      const conditions = shapeConditions.filter((c) => c !== involvedCondition);
      const lifetime = ['x.first_seen_at <= @at', '(x.deleted_at IS NULL OR x.deleted_at > @at)'];
      const select = (index: string, narrowing: readonly string[]) =>
        `SELECT ${columns} FROM ${table} x ${index}
         ${whereAll(['x.cluster = @cluster', ...only, ...narrowing, ...lifetime, ...conditions])}`;
      if (conditions.includes(nameCondition)) return select('', []);
      if (shapeConditions.includes(involvedCondition))
        return `${select('INDEXED BY events_by_involved_name', [involvedCondition])}
          UNION ${select('INDEXED BY events_involved_unsure', ['x.involved_changed IS NOT 0'])}`;
      return aliveByLifetime(table, columns, conditions, {
        cluster: true,
        namespace: conditions.includes(namespaceCondition),
      });
    },
  });
  /**
   * Each candidate with its newest entry at or before @at (`newest`, for the candidate `c`); `deleted`
   * when that entry is a deletion (the caller skips it, and knows that it read the candidate).
   */
  const aliveIn = ({ alive, namespaceKey }: Source, newest: string) =>
    createShapedQuery<Shape, ObjectAtRow & { deleted: number }>(
      db,
      clauses(namespaceKey),
      (conditions) =>
        `SELECT l.position, l.uid, l.resource, l.namespace, l.name, l.observed_at AS observedAt,
           l.type = 'DELETED' AS deleted
         FROM (${alive(conditions)} ORDER BY listNamespace, name, uid LIMIT @limit) c
         JOIN log_entries l ON l.position = (${newest})
         ORDER BY c.listNamespace, c.name, c.uid`,
    );
  /** How many candidates there are (the remaining count of a list page): the read model alone. */
  const countIn = ({ alive, namespaceKey }: Source) =>
    createShapedQuery<Shape, { n: number }>(
      db,
      clauses(namespaceKey),
      (conditions) => `SELECT count(*) AS n FROM (${alive(conditions)})`,
    );
  const newestInLog = (resources: string) =>
    `SELECT e.position FROM log_entries e WHERE e.uid = c.uid AND e.observed_at <= @at
       AND e.cluster = c.cluster AND e.resource ${resources}
     ORDER BY e.observed_at DESC, e.position DESC LIMIT 1`;
  const podsSource = sourceOf('pods');
  // Cluster-scoped objects (Nodes, Namespaces) have no namespace: they sort first, as ''.
  const objectsSource = sourceOf('objects', "coalesce(x.namespace, '')", ['x.resource = @resource']);
  const eventsSource = sourceOf('events');
  const pods = aliveIn(
    podsSource,
    `SELECT v.position FROM pod_versions v WHERE v.uid = c.uid AND v.observed_at <= @at
     ORDER BY v.observed_at DESC, v.position DESC LIMIT 1`,
  );
  const objects = aliveIn(objectsSource, newestInLog('= @resource'));
  // Both Event APIs (@r0, @r1) record the same Events (one uid, one row in events): the newest
  // entry through either.
  const events = aliveIn(eventsSource, newestInLog('IN (@r0, @r1)'));
  const counts = {
    pods: countIn(podsSource),
    objects: countIn(objectsSource),
    events: countIn(eventsSource),
  };
  const afterParams = (after: ListKey | undefined) => ({
    afterNamespace: after?.namespace,
    afterName: after?.name,
    afterUid: after?.uid,
  });
  const throughParams = (through: ListKey | undefined) => ({
    throughNamespace: through?.namespace,
    throughName: through?.name,
    throughUid: through?.uid,
  });
  const isEvents = (resource: string) => resource === 'events' || resource === 'events.events.k8s.io';

  /** Each read model the filter's resources live in, with what binds its statements. */
  const sourcesOf = (filter: ObjectsCountFilter & Pick<ObjectsAtFilter, 'limit'>) => {
    const bound = {
      cluster: filter.cluster,
      at: filter.at,
      limit: filter.limit ?? -1,
      ...afterParams(filter.after),
      ...throughParams(filter.through),
    };
    const sources: { table: keyof typeof counts; params: Record<string, unknown> }[] = [];
    const eventApis = [...new Set(filter.resources.filter(isEvents))];
    if (eventApis.length > 0)
      sources.push({ table: 'events', params: { ...bound, r0: eventApis[0], r1: eventApis.at(-1) } });
    for (const resource of new Set(filter.resources)) {
      if (!isEvents(resource))
        sources.push({ table: resource === 'pods' ? 'pods' : 'objects', params: { ...bound, resource } });
    }
    return sources;
  };
  const shapeOf = (
    filter: ObjectsCountFilter & Pick<ObjectsAtFilter, 'involvedName'>,
    table: string,
  ): Shape => ({
    namespace: filter.namespace,
    name: filter.name,
    ...(table === 'events' && filter.involvedName !== undefined
      ? anyInvolvedUnknown.get({ cluster: filter.cluster }) === undefined
        ? { involvedName: filter.involvedName }
        : { involvedRows: filter.involvedName }
      : {}),
    after: filter.after,
    through: filter.through,
  });
  const statements = { pods, objects, events };
  // A page over every namespace reads one namespace at a time, in order, until it is full: read
  // through the lifetimes all at once, every page would read every object alive in the cluster
  // (10,000 pods in the bench's log; a large cluster's 100,000 for each 500 listed).
  const namespacesFrom = (table: 'pods' | 'events') =>
    db
      .prepare<Record<string, unknown>, string>(
        `WITH RECURSIVE ns(n) AS (${namespacesOf(table, 'ns')}) SELECT n FROM ns WHERE n >= @from`,
      )
      .pluck();
  const namespaceLists = { pods: namespacesFrom('pods'), events: namespacesFrom('events') };
  // Rows projected before migration 0022 do not know whether their involved object changed: the
  // index of involved names misses an Event whose later version names the object. Such rows are
  // all of a log recorded before it (until `kubetrail rebuild`), none of one recorded since.
  const anyInvolvedUnknown = db.prepare<Record<string, unknown>, number>(
    `SELECT 1 FROM events INDEXED BY events_involved_unsure
     WHERE cluster = @cluster AND involved_changed IS NOT 0 AND involved_changed IS NULL LIMIT 1`,
  );
  // Kubernetes gives every Event a namespace; a log that holds some without lists them as before.
  const eventsWithoutNamespace = db.prepare<Record<string, unknown>, number>(
    'SELECT 1 FROM events INDEXED BY events_alive WHERE cluster = @cluster AND namespace IS NULL LIMIT 1',
  );

  /** Up to `limit` objects of one read model in list order after `after` (all, without a limit). */
  const readPage = (
    table: keyof typeof statements,
    filter: ObjectsAtFilter,
    params: Record<string, unknown>,
    from: ListKey | undefined,
    limit: number | undefined,
  ): ObjectAtRow[] => {
    const rows: ObjectAtRow[] = [];
    let after = from;
    for (;;) {
      const wanted = limit === undefined ? -1 : limit - rows.length;
      const read = statements[table](
        { ...shapeOf(filter, table), after },
        { ...params, ...afterParams(after), limit: wanted },
      );
      for (const { deleted, ...row } of read) if (!deleted) rows.push(row);
      // A candidate whose newest entry is a deletion took a place in the statement's LIMIT:
      // read on after it until the page is full or the candidates end.
      const last = read.at(-1);
      if (limit === undefined || read.length < wanted || rows.length >= limit || !last) return rows;
      after = listKeyOf(last);
    }
  };

  return {
    list(filter: ObjectsAtFilter): ObjectAtRow[] {
      const { limit } = filter;
      const rows: ObjectAtRow[] = [];
      const sources = sourcesOf(filter);
      for (const { table, params } of sources) {
        const byNamespace =
          limit !== undefined &&
          filter.namespace === undefined &&
          filter.name === undefined &&
          filter.involvedName === undefined &&
          (table === 'pods' ||
            (table === 'events' && eventsWithoutNamespace.get({ cluster: filter.cluster }) === undefined));
        if (!byNamespace) {
          rows.push(...readPage(table, filter, params, filter.after, limit));
          continue;
        }
        let left = limit;
        for (const namespace of namespaceLists[table].all({
          cluster: filter.cluster,
          from: filter.after?.namespace ?? '',
        })) {
          const after = namespace === filter.after?.namespace ? filter.after : undefined;
          const read = readPage(table, { ...filter, namespace }, params, after, left);
          rows.push(...read);
          left -= read.length;
          if (left <= 0) break;
        }
      }
      // Several read models (a list of many resources) merge into one order.
      if (sources.length > 1) rows.sort((a, b) => compareListKeys(listKeyOf(a), listKeyOf(b)));
      return limit === undefined ? rows : rows.slice(0, limit);
    },
    /**
     * How many objects the filter would list, counted from the lifetimes alone (without reading
     * each one's newest entry): what a list page reports as the items remaining after it. All
     * those after a key cost a pass over them (117 ms for the 877,000 Events of the 10 M log);
     * with `through`, only those of one page.
     */
    count(filter: ObjectsCountFilter): number {
      return sourcesOf(filter).reduce(
        (sum, { table, params }) => sum + (counts[table](shapeOf(filter, table), params)[0]?.n ?? 0),
        0,
      );
    },
  };
}
