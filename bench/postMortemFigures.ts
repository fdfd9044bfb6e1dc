// Questions an SRE asks of a long recording after an incident, timed through the HTTP API and the
// Kubernetes facade as a user reaches them (Hono's in-process request: routing, validation,
// queries, decoding, JSON). Context figures, not issue targets: each was seconds to minutes at
// 10 million entries before it was read through an index by time.
import { createApp } from '../api/index.ts';
import { benchStart } from './profile.ts';

export type PostMortemFigure = { question: string; firstMs: number; warmMs: number; bytes: number };

/** `middle` is an instant well inside the log; `namespace` one of its namespaces; `pod` a pod alive then. */
export const measurePostMortem = async (
  path: string,
  { middle, namespace, pod }: { middle: number; namespace: string; pod: string },
): Promise<PostMortemFigure[]> => {
  const app = createApp({ dbPath: path, now: () => middle + 86_400_000 });
  const iso = (t: number) => new Date(t).toISOString();
  const hour = 3_600_000;
  const early = benchStart + 3 * hour;
  const at = `/k8s/bench/at/${iso(middle)}`;
  // A later page of a long list goes on from its first page's continue key (read when timed).
  const firstEventsPage = `${at}/api/v1/events?limit=500`;
  const continueOf = async (url: string) => {
    const body = (await (await app.request(url)).json()) as { metadata?: { continue?: string } };
    return `${url}&continue=${encodeURIComponent(body.metadata?.continue ?? '')}`;
  };
  // The pod's uid, as kubectl describe and the viewer find it (through a get of the pod).
  const uidOf = async () => {
    const body = (await (await app.request(`${at}/api/v1/namespaces/${namespace}/pods/${pod}`)).json()) as {
      metadata?: { uid?: string };
    };
    return body.metadata?.uid ?? '';
  };
  const questions: [string, string | (() => Promise<string>)][] = [
    [
      'changes in 15 min, one namespace',
      `/api/v1/changes?from=${iso(middle)}&to=${iso(middle + 900_000)}&namespace=${namespace}`,
    ],
    ['changes in 15 min, all namespaces', `/api/v1/changes?from=${iso(middle)}&to=${iso(middle + 900_000)}`],
    [
      'changes in 24 h, all namespaces, pages of 1,000',
      `/api/v1/changes?from=${iso(middle)}&to=${iso(middle + 24 * hour)}&limit=1000`,
    ],
    // Three hours into the log: every later entry is after the window, a scan in log order read them all.
    [
      'replay of 1 min early in the log, one namespace',
      `/api/v1/replay?from=${iso(early)}&to=${iso(early + 60_000)}&namespace=${namespace}&speed=max`,
    ],
    [
      'replay of 1 min early in the log, all',
      `/api/v1/replay?from=${iso(early)}&to=${iso(early + 60_000)}&speed=max`,
    ],
    ['top restarters in 1 h', `/api/v1/restarts/top?since=${iso(middle)}&until=${iso(middle + hour)}`],
    ['top restarters in 24 h', `/api/v1/restarts/top?since=${iso(middle - 24 * hour)}&until=${iso(middle)}`],
    [
      'top restarters in 7 days',
      `/api/v1/restarts/top?since=${iso(middle - 7 * 24 * hour)}&until=${iso(middle)}`,
    ],
    ['top restarters, all history', '/api/v1/restarts/top'],
    ['Warning events, first page', `/api/v1/events?type=Warning&since=${iso(middle - hour)}`],
    // A reason the log never saw: the walk by time read every occurrence before migration 0017.
    [
      'events of an absent reason, 7 days',
      `/api/v1/events?reason=FailedMount&since=${iso(middle - 7 * 24 * hour)}`,
    ],
    ['crash loops overlapping 1 h', `/api/v1/crashloops?since=${iso(middle)}&until=${iso(middle + hour)}`],
    ['facade: get pod', `${at}/api/v1/namespaces/${namespace}/pods/${pod}`],
    [
      'facade: the Events of one pod (kubectl describe)',
      async () =>
        `${at}/api/v1/namespaces/${namespace}/events?fieldSelector=${encodeURIComponent(
          `involvedObject.name=${pod},involvedObject.namespace=${namespace},involvedObject.uid=${await uidOf()}`,
        )}`,
    ],
    ["a pod's timeline (describe, the viewer's pod)", async () => `/api/v1/pods/${await uidOf()}/timeline`],
    ['facade: get pods -n, 500', `${at}/api/v1/namespaces/${namespace}/pods?limit=500`],
    ['facade: get events -n, 500', `${at}/api/v1/namespaces/${namespace}/events?limit=500`],
    ['facade: get events -A, 500', firstEventsPage],
    ['facade: get events -A, the next 500', () => continueOf(firstEventsPage)],
    ['facade: get namespaces', `${at}/api/v1/namespaces`],
  ];
  const figures: PostMortemFigure[] = [];
  try {
    for (const [question, urlOf] of questions) {
      const url = typeof urlOf === 'string' ? urlOf : await urlOf();
      const times: number[] = [];
      let bytes = 0;
      for (let run = 0; run < 4; run++) {
        const started = performance.now();
        const response = await app.request(url);
        const body = await response.text();
        times.push(performance.now() - started);
        if (response.status !== 200)
          throw new Error(`${url}: HTTP ${response.status}: ${body.slice(0, 200)}`);
        bytes = body.length;
      }
      const warm = times.slice(1).sort((a, b) => a - b);
      figures.push({ question, firstMs: times[0] ?? Number.NaN, warmMs: warm[1] ?? Number.NaN, bytes });
    }
  } finally {
    app.close();
  }
  return figures;
};
