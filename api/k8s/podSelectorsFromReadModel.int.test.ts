import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.ts';
import { countDecodes, tempStoreOfStream } from '../../test/support/tempStore.ts';
import { type ApiApp, createApp } from '../index.ts';

type Pod = {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec?: { nodeName?: string; restartPolicy?: string };
  status?: { phase?: string };
};

const start = Date.UTC(2026, 0, 1);
let app: ApiApp;
let store: Store;
let cleanup: () => void;
let decodes: { n: number };
let at: string;
let pods: Pod[];

const list = async (query: string): Promise<Pod[]> => {
  const res = await app.request(`/k8s/c1/at/${at}/api/v1/pods?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Pod[] }).items;
};
const keys = (items: Pod[]) => items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);

beforeAll(async () => {
  const temp = tempStoreOfStream('fields.db', {
    seed: 41,
    pods: 400,
    namespaces: 2,
    inFlight: 80,
    versionsPerPod: 10,
    events: false,
    deletePods: true,
    startTime: start,
    meanStepMs: 1_000,
  });
  cleanup = temp.cleanup;
  store = temp.store;
  decodes = countDecodes(temp.store);
  app = createApp({ store: temp.store, now: () => start + 86_400_000 });
  const last = temp.store.db.prepare<[], number>('SELECT max(observed_at) FROM log_entries').pluck().get();
  at = new Date(start + Math.floor(((last ?? start) - start) / 2)).toISOString();
  pods = await list('');
});
afterAll(() => {
  app?.close();
  cleanup?.();
});

describe('a pod field selector on spec.nodeName or status.phase', () => {
  it('lists what the decoded pods match, and decodes only those', async () => {
    const nodes = [...new Set(pods.map((p) => p.spec?.nodeName ?? ''))];
    const phases = [...new Set(pods.map((p) => p.status?.phase ?? ''))];
    expect(nodes.length).toBeGreaterThan(3);
    expect(phases.length).toBeGreaterThan(1);
    const fieldValue = (p: Pod, field: string) =>
      field === 'spec.nodeName' ? p.spec?.nodeName : p.status?.phase;
    const cases = [
      ...nodes.slice(0, 3).map((n) => `spec.nodeName=${n}`),
      ...phases.map((ph) => `status.phase=${ph}`),
      `status.phase!=${phases[0]}`,
      `spec.nodeName=${nodes[0]},status.phase=${phases[0]}`,
    ];
    for (const selector of cases) {
      const terms = selector.split(',').map((t) => {
        const [field = '', value = ''] = t.split(/!?=/);
        return { field, value, eq: !t.includes('!=') };
      });
      const passes = (p: Pod, t: (typeof terms)[number]) =>
        ((fieldValue(p, t.field) ?? '') === t.value) === t.eq;
      const want = pods.filter((p) => terms.every((t) => passes(p, t)));
      // A pod is decoded unless its row rejects it: a term it fails, on a value it has.
      const rejectedByRow = pods.filter((p) => terms.some((t) => !passes(p, t) && fieldValue(p, t.field)));
      for (const limit of ['', '&limit=7']) {
        decodes.n = 0;
        const got = await list(`fieldSelector=${encodeURIComponent(selector)}${limit}`);
        expect(keys(got), selector).toEqual(keys(limit ? want.slice(0, 7) : want));
        if (!limit) expect(decodes.n, selector).toBe(pods.length - rejectedByRow.length);
      }
    }
  });

  it('decides a label selector from the labels the pod kept since before the instant', async () => {
    const label = pods[0]?.metadata.labels?.app ?? '';
    const want = pods.filter((p) => p.metadata.labels?.app === label);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(pods.length);
    decodes.n = 0;
    expect(keys(await list(`labelSelector=${encodeURIComponent(`app=${label}`)}`))).toEqual(keys(want));
    // The generated pods keep their labels: each row knows them, only the matches are decoded.
    expect(decodes.n).toBe(want.length);
    // Not known for a log projected before the rows kept where labels began: every pod is decoded.
    store.db.exec('UPDATE pods SET labels_since_position = NULL');
    try {
      decodes.n = 0;
      expect(keys(await list(`labelSelector=${encodeURIComponent(`app=${label}`)}`))).toEqual(keys(want));
      expect(decodes.n).toBeGreaterThan(want.length);
    } finally {
      store.db.exec('UPDATE pods SET labels_since_position = first_position');
    }
  });

  it('leaves the other fields to the decoded pod', async () => {
    const policy = pods[0]?.spec?.restartPolicy ?? '';
    expect(policy).not.toBe('');
    decodes.n = 0;
    expect(keys(await list(`fieldSelector=${encodeURIComponent(`spec.restartPolicy=${policy}`)}`))).toEqual(
      keys(pods.filter((p) => p.spec?.restartPolicy === policy)),
    );
    expect(decodes.n).toBe(pods.length);
  });

  it('reads only the pods of the name metadata.name asks for, in every namespace', async () => {
    const name = pods[0]?.metadata.name ?? '';
    const named = pods.filter((p) => p.metadata.name === name);
    decodes.n = 0;
    expect(keys(await list(`fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`))).toEqual(
      keys(named),
    );
    expect(decodes.n).toBe(named.length);
    decodes.n = 0;
    expect(await list(`fieldSelector=${encodeURIComponent(`metadata.name!=${name}`)}`)).toHaveLength(
      pods.length - named.length,
    );
    expect(decodes.n).toBe(pods.length);
  });
});

describe('a watch from the instant with a pod selector', () => {
  /** The watch's lines (it replays the changes recorded after the instant, then ends after a second). */
  const watch = async (query: string) => {
    const res = await app.request(`/k8s/c1/at/${at}/api/v1/pods?watch=1&timeoutSeconds=1&${query}`);
    expect(res.status).toBe(200);
    return (await res.text()).split('\n').filter(Boolean);
  };

  it('sends what the decoded pods match, decoding only changes the read model does not reject', async () => {
    const phase = `fieldSelector=${encodeURIComponent('status.phase=Pending')}`;
    const phaseAndLabel = `${phase}&labelSelector=${encodeURIComponent(`app=${pods[0]?.metadata.labels?.app ?? ''}`)}`;
    for (const query of [phase, phaseAndLabel]) {
      decodes.n = 0;
      const got = await watch(query);
      const decoded = decodes.n;
      // The same watch where the rows know neither phases nor labels: every change is decoded.
      store.db.exec(
        `CREATE TEMP TABLE saved AS SELECT position, phase FROM pod_versions;
         UPDATE pod_versions SET phase = NULL; UPDATE pods SET labels_since_position = NULL`,
      );
      try {
        decodes.n = 0;
        expect(got.length, query).toBeGreaterThan(10);
        expect(got, query).toEqual(await watch(query));
        expect(decoded, query).toBeLessThan(decodes.n / 2);
      } finally {
        store.db.exec(
          `UPDATE pod_versions SET phase = (SELECT s.phase FROM saved s WHERE s.position = pod_versions.position);
           DROP TABLE saved; UPDATE pods SET labels_since_position = first_position`,
        );
      }
    }
  });
});
