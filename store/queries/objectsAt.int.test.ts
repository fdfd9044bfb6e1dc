import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../sim/index.ts';
import { capturePrepared } from '../../test/support/capturePrepared.ts';
import { apiStoryDb } from '../../test/support/fixtureDb.ts';
import { simplePod } from '../../test/support/podBuilder.ts';
import type { LogEntry, NewEntry, Store } from '../index.ts';
import { createNamespacesSeenQuery } from './namespacesSeen.ts';
import { createObjectsAtQuery, type ListKey, listKeyOf, type ObjectAtRow } from './objectsAt.ts';
import { createPodsAtQuery } from './podsAt.ts';
import { createTimelinesInRangeQuery, type TimelineLane } from './timelinesInRange.ts';

let store: Store;
let entries: LogEntry[];
let cleanup: () => void;
beforeAll(() => {
  ({ store, cleanup } = apiStoryDb());
  // The story deletes pods only: a ReplicaSet that comes and goes, for the objects read model.
  const replicaSet = (type: 'ADDED' | 'MODIFIED' | 'DELETED', at: string, resourceVersion: string) => ({
    cluster: 'default',
    observedAt: Date.parse(`2026-01-02T${at}Z`),
    source: 'watch' as const,
    type,
    resource: 'replicasets.apps',
    object: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'old-rs', namespace: 'shop', uid: 'uid-old-rs', resourceVersion },
    },
  });
  store.writer!.append([
    replicaSet('ADDED', '03:01:00', '900'),
    replicaSet('MODIFIED', '03:04:00', '901'),
    replicaSet('DELETED', '03:09:30', '902'),
  ]);
  entries = [...store.reader.entriesAfter(0)];
});
afterAll(() => cleanup());

/** The rule itself, over every entry: each uid's newest entry at or before `at`, unless a deletion. */
function reference(cluster: string, resource: string, at: number, namespace?: string, name?: string) {
  const newest = new Map<string, LogEntry>();
  for (const e of entries) {
    if (e.cluster !== cluster || e.resource !== resource || e.uid === null || e.observedAt > at) continue;
    const seen = newest.get(e.uid);
    if (
      !seen ||
      seen.observedAt < e.observedAt ||
      (seen.observedAt === e.observedAt && seen.position < e.position)
    )
      newest.set(e.uid, e);
  }
  return [...newest.values()]
    .filter((e) => e.type !== 'DELETED')
    .filter(
      (e) =>
        (namespace === undefined || e.namespace === namespace) && (name === undefined || e.name === name),
    )
    .map((e) => `${e.namespace ?? ''}/${e.name}/${e.uid}@${e.position}`)
    .sort();
}

describe('objects at an instant', () => {
  it('finds, through the read models, exactly what the log says was alive at every instant of the story', () => {
    const query = createObjectsAtQuery(store.db).list;
    // Each observation's own instant and the millisecond before it: where an object appears,
    // changes or goes, and where an off-by-one in a bound would show.
    const instants = [...new Set(entries.flatMap((e) => [e.observedAt - 1, e.observedAt]))];
    const resources = ['pods', 'replicasets.apps', 'deployments.apps', 'namespaces', 'events'];
    let compared = 0;
    for (const at of instants) {
      for (const resource of resources) {
        for (const [namespace, name] of [
          [undefined, undefined],
          ['shop', undefined],
          ['shop', 'web-6d4cf56db6-x7k2p'],
        ]) {
          const rows = query({ cluster: 'default', resources: [resource], at, namespace, name });
          const found = rows.map((r) => `${r.namespace ?? ''}/${r.name}/${r.uid}@${r.position}`);
          expect(found.slice().sort()).toEqual(reference('default', resource, at, namespace, name));
          compared += found.length;
        }
      }
    }
    // The story has objects of every kind alive at most instants, so the comparison is not vacuous.
    expect(compared).toBeGreaterThan(500);
  });

  it('lists in namespace and name order, and keeps clusters apart', () => {
    const query = createObjectsAtQuery(store.db).list;
    const at = Date.parse('2026-01-02T03:10:00Z');
    const pods = query({ cluster: 'default', resources: ['pods'], at });
    const keys = pods.map((r) => `${r.namespace}/${r.name}`);
    expect(keys).toEqual(keys.slice().sort());
    expect(pods.length).toBeGreaterThan(1);
    const staging = query({
      cluster: 'staging',
      resources: ['pods'],
      at: Date.parse('2026-01-02T06:00:00Z'),
    });
    expect(staging.map((r) => r.uid)).toEqual(
      reference('staging', 'pods', Date.parse('2026-01-02T06:00:00Z')).map(
        (k) => k.split('/')[2]!.split('@')[0],
      ),
    );
  });

  it('pages at every instant: pages of any size join into the whole list, each counting what follows', () => {
    const { list, count } = createObjectsAtQuery(store.db);
    const instants = [...new Set(entries.map((e) => e.observedAt))];
    let paged = 0;
    for (const at of instants) {
      for (const resource of ['pods', 'events', 'replicasets.apps']) {
        const filter = { cluster: 'default', resources: [resource], at };
        const whole = list(filter);
        expect(count(filter)).toBe(whole.length);
        for (const limit of [1, 2, 5]) {
          const joined: typeof whole = [];
          let after: ListKey | undefined;
          for (let page = 0; page <= whole.length; page++) {
            const rows = list({ ...filter, after, limit });
            expect(rows.length).toBeLessThanOrEqual(limit);
            joined.push(...rows);
            const last = rows.at(-1);
            if (rows.length < limit || !last) break;
            after = listKeyOf(last);
            expect(count({ ...filter, after })).toBe(whole.length - joined.length);
          }
          expect(joined).toEqual(whole);
          paged += joined.length;
        }
      }
    }
    expect(paged).toBeGreaterThan(300);
  });

  it('orders by namespace, then name, then uid: a namespace that extends another sorts after it', () => {
    const pod = (namespace: string, name: string, uid: string) => ({
      cluster: 'order',
      observedAt: Date.parse('2026-01-02T03:00:00Z'),
      source: 'watch' as const,
      type: 'ADDED' as const,
      resource: 'pods',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid, resourceVersion: uid } },
    });
    // As joined text, "team-3/a" sorts before "team/b" ('-' < '/'); the API server's order does not.
    store.writer!.append([pod('team-3', 'a', 'u1'), pod('team', 'b', 'u2'), pod('team', 'a', 'u3')]);
    const { list } = createObjectsAtQuery(store.db);
    const filter = { cluster: 'order', resources: ['pods'], at: Date.parse('2026-01-02T04:00:00Z') };
    const names = (rows: ObjectAtRow[]) => rows.map((r) => `${r.namespace}/${r.name}`);
    expect(names(list(filter))).toEqual(['team/a', 'team/b', 'team-3/a']);
    const first = list({ ...filter, limit: 2 });
    expect(names(list({ ...filter, after: listKeyOf(first.at(-1)!), limit: 2 }))).toEqual(['team-3/a']);
  });

  it('finds, through the read models, the namespaces the log saw by every instant, first seen when', () => {
    const seen = createNamespacesSeenQuery(store.db);
    let compared = 0;
    for (const at of [...new Set(entries.flatMap((e) => [e.observedAt - 1, e.observedAt]))]) {
      const first = new Map<string, number>();
      for (const e of entries) {
        if (e.cluster !== 'default' || !e.namespace || e.observedAt > at) continue;
        first.set(e.namespace, Math.min(first.get(e.namespace) ?? e.observedAt, e.observedAt));
      }
      const expected = [...first].sort(([a], [b]) => (a < b ? -1 : 1));
      expect(seen({ cluster: 'default', at }).map((r) => [r.namespace, r.firstObservedAt])).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(50);
  });

  // Rows of every lifetime scale (the index reads a window per scale), some never deleted, some
  // deleted at the very instant asked, over three namespaces: Events (0015), pods and the other
  // kinds (0016), cluster-scoped ones too.
  const kinds = [
    { resource: 'events', table: 'events', kind: 'Event', namespaced: true },
    { resource: 'pods', table: 'pods', kind: 'Pod', namespaced: true },
    { resource: 'jobs.batch', table: 'objects', kind: 'Job', namespaced: true },
    { resource: 'nodes', table: 'objects', kind: 'Node', namespaced: false },
  ] as const;
  for (const { resource, table, kind, namespaced } of kinds) {
    it(`finds the ${resource} alive at an instant among many more that lived from a millisecond to days`, () => {
      const cluster = `lifetimes-${resource}`;
      const rng = seededRandom(7);
      const start = Date.parse('2026-03-01T00:00:00Z');
      const story: NewEntry[] = [];
      let rv = 1;
      for (let i = 0; i < 400; i++) {
        const namespace = `ns-${i % 3}`;
        const born = start + Math.floor(rng() * 4 * 86_400_000);
        const lifetime = Math.floor(2 ** (rng() * 36));
        const version = (type: 'ADDED' | 'MODIFIED' | 'DELETED', at: number, count: number) => ({
          cluster,
          observedAt: at,
          source: 'watch' as const,
          type,
          resource,
          object:
            kind === 'Pod'
              ? simplePod(`pod-${i}`, String(rv++), { uid: `pod-${i}`, namespace, restartCount: count })
              : kind !== 'Event'
                ? {
                    apiVersion: kind === 'Job' ? 'batch/v1' : 'v1',
                    kind,
                    metadata: {
                      name: `${kind.toLowerCase()}-${i}`,
                      ...(namespaced ? { namespace } : {}),
                      uid: `${kind}-${i}`,
                      resourceVersion: String(rv++),
                      labels: { count: String(count) },
                    },
                  }
                : {
                    apiVersion: 'v1',
                    kind: 'Event',
                    metadata: {
                      name: `pod-${i % 50}.${i}`,
                      namespace,
                      uid: `event-${i}`,
                      resourceVersion: String(rv++),
                    },
                    involvedObject: { kind: 'Pod', namespace, name: `pod-${i % 50}`, uid: `pod-${i % 50}` },
                    reason: 'BackOff',
                    message: 'Back-off restarting failed container',
                    count,
                    type: 'Warning',
                    firstTimestamp: new Date(born).toISOString(),
                    lastTimestamp: new Date(at).toISOString(),
                  },
        });
        story.push(version('ADDED', born, 1));
        if (lifetime > 2) story.push(version('MODIFIED', born + Math.floor(lifetime / 2), 2));
        if (rng() < 0.85) story.push(version('DELETED', born + lifetime, 2));
      }
      story.sort((a, b) => a.observedAt - b.observedAt);
      store.writer!.append(story);
      const all = [...store.reader.entriesAfter(0)].filter((e) => e.cluster === cluster);
      // The statements the queries prepare, for their plans below.
      const { db, prepared } = capturePrepared(store.db);
      const { list, count } = createObjectsAtQuery(db);
      const podsAt = createPodsAtQuery(db);
      const random = Array.from({ length: 60 }, () => start + Math.floor(rng() * 5 * 86_400_000));
      const edges = all.filter((_, i) => i % 7 === 0).flatMap((e) => [e.observedAt - 1, e.observedAt]);
      let found = 0;
      for (const at of [...random, ...edges]) {
        for (const namespace of [undefined, 'ns-1']) {
          const alive = new Map<string, LogEntry>();
          for (const e of all) if (e.observedAt <= at) alive.set(e.uid!, e);
          const expected = [...alive.values()]
            .filter((e) => e.type !== 'DELETED' && (namespace === undefined || e.namespace === namespace))
            .map((e) => `${e.namespace}/${e.name}/${e.uid}@${e.position}`)
            .sort();
          const filter = { cluster, resources: [resource], at, namespace };
          const rows = list(filter).map((r) => `${r.namespace}/${r.name}/${r.uid}@${r.position}`);
          expect(rows).toEqual(expected);
          expect(count(filter)).toBe(expected.length);
          const pages: string[] = [];
          let after: ListKey | undefined;
          for (let page = 0; page <= expected.length; page++) {
            const read = list({ ...filter, after, limit: 9 });
            pages.push(...read.map((r) => `${r.namespace}/${r.name}/${r.uid}@${r.position}`));
            if (read.length < 9) break;
            after = listKeyOf(read.at(-1)!);
          }
          expect(pages).toEqual(expected);
          if (resource === 'pods') {
            // The API's pods at an instant, in one cluster and across all of them.
            const atPods = (c?: string) =>
              podsAt({ at, cluster: c, namespace }).map(
                (p) => `${p.cluster}:${p.namespace}/${p.name}/${p.uid}@${p.position}`,
              );
            expect(atPods(cluster)).toEqual(expected.map((e) => `${cluster}:${e}`));
            const clusters = store.db.prepare('SELECT DISTINCT cluster FROM pods ORDER BY 1').pluck().all();
            expect(clusters.length).toBeGreaterThan(1);
            expect(atPods()).toEqual(clusters.flatMap((c) => atPods(c as string)));
          }
          found += rows.length;
        }
      }
      expect(found).toBeGreaterThan(1000);
      if (resource === 'pods') {
        // The viewer's lanes: the pods alive at some time in a window, in pages of 7, one
        // namespace after another, and across clusters in cluster order.
        const { lanes } = createTimelinesInRangeQuery(db);
        const lives = new Map<string, { namespace: string; name: string; first: number; deleted?: number }>();
        for (const e of all) {
          const life = lives.get(e.uid!) ?? { namespace: e.namespace!, name: e.name!, first: e.observedAt };
          if (e.type === 'DELETED') life.deleted = e.observedAt;
          lives.set(e.uid!, life);
        }
        let shown = 0;
        for (const from of random.slice(0, 30)) {
          const to = from + Math.floor(rng() * 2 * 86_400_000);
          for (const namespace of [undefined, 'ns-2']) {
            const expected = [...lives]
              .filter(([, l]) => l.first <= to && (l.deleted === undefined || l.deleted >= from))
              .filter(([, l]) => namespace === undefined || l.namespace === namespace)
              .sort(([ua, a], [ub, b]) =>
                a.namespace !== b.namespace
                  ? a.namespace < b.namespace
                    ? -1
                    : 1
                  : a.name !== b.name
                    ? a.name < b.name
                      ? -1
                      : 1
                    : a.first - b.first || (ua < ub ? -1 : 1),
              )
              .map(([uid]) => uid);
            const paged: string[] = [];
            let after: TimelineLane | undefined;
            for (let page = 0; page <= expected.length; page++) {
              const read = lanes({ from, to, cluster, namespace, after, limit: 7 });
              paged.push(...read.map((lane) => lane.uid));
              if (read.length < 7) break;
              after = read.at(-1);
            }
            expect(paged).toEqual(expected);
            const everywhere = lanes({ from, to, namespace, limit: 2000 });
            expect(everywhere.filter((lane) => lane.cluster === cluster).map((lane) => lane.uid)).toEqual(
              expected,
            );
            const clusterOrder = everywhere.map((lane) => lane.cluster);
            expect(clusterOrder).toEqual([...clusterOrder].sort());
            shown += expected.length;
          }
        }
        expect(shown).toBeGreaterThan(500);
      }
      // Each namespace first seen at its first row's first observation, whatever its lifetime.
      const seen = createNamespacesSeenQuery(store.db);
      for (const at of random) {
        const first = new Map<string, number>();
        for (const e of all)
          if (e.observedAt <= at && e.namespace !== null)
            first.set(e.namespace, Math.min(first.get(e.namespace) ?? at, e.observedAt));
        const expected = [...first].sort(([a], [b]) => (a < b ? -1 : 1));
        expect(seen({ cluster, at }).map((r) => [r.namespace, r.firstObservedAt])).toEqual(expected);
      }
      // Every statement the lists, counts and pages ran read the rows through the lifetime index,
      // a window per class: never a pass over a namespace's rows (without statistics, SQLite once
      // took the first-seen index of `objects` for every class, and read the namespace 63 times).
      const kindPrefix = table === 'objects' ? 'resource=? AND ' : '';
      const bindings = {
        from: start,
        to: start,
        afterCluster: '',
        afterFirstSeenAt: 0,
        at: start,
        cluster,
        namespace: 'ns-1',
        resource,
        limit: 9,
        r0: resource,
        r1: resource,
      };
      const listKeys = ['after', 'through'].flatMap((k) =>
        ['Namespace', 'Name', 'Uid'].map((p) => `${k}${p}`),
      );
      expect(prepared.length).toBeGreaterThan(resource === 'pods' ? 6 : 4);
      for (const sql of prepared.filter((text) => text.includes(` ${table} x`))) {
        const plan = store.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all({ ...bindings, ...Object.fromEntries(listKeys.map((k) => [k, ''])) })
          .map((step) => (step as { detail: string }).detail);
        const reads = plan.filter((detail) => /^(SEARCH|SCAN) x\b/.test(detail));
        expect(reads).toContain(
          `SEARCH x USING INDEX ${table}_alive (cluster=? AND ${kindPrefix}namespace=? AND lifetime_class=? AND deleted_at>? AND deleted_at<?)`,
        );
        expect(reads.filter((detail) => !detail.startsWith(`SEARCH x USING INDEX ${table}_alive `))).toEqual(
          [],
        );
      }
      // The lifetimes span the scales the index reads by (a millisecond to days).
      const classes = store.db
        .prepare(`SELECT count(DISTINCT lifetime_class) AS n FROM ${table} WHERE cluster = ?`)
        .get(cluster) as { n: number };
      expect(classes.n).toBeGreaterThan(25);
    });
  }

  it('fills the lifetimes of Events projected before migration 0010 as the projection writes them', () => {
    const lifetimes = () =>
      store.db.prepare('SELECT uid, first_seen_at, deleted_at FROM events ORDER BY uid').all() as {
        deleted_at: number | null;
      }[];
    const projected = lifetimes();
    expect(projected.some((e) => e.deleted_at !== null)).toBe(true);
    const migration = readFileSync(
      new URL('../../migrations/0010_event_lifetimes.sql', import.meta.url),
      'utf8',
    );
    const backfill = /UPDATE events SET[\s\S]*?;\n/.exec(migration)?.[0];
    expect(backfill).toBeDefined();
    store.db.exec('UPDATE events SET first_seen_at = 0, deleted_at = NULL');
    store.db.exec(backfill!);
    expect(lifetimes()).toEqual(projected);
  });
});
