import { seededRandom } from '../sim/index.ts';
// Deterministic generator of realistic cluster watch data for the benchmarks: Deployment pods
// of 4-10 KB (managedFields, full spec, projected service-account volume) whose status churns
// the way a kubelet makes it churn, and core/v1 Events repeated in place (count incremented) until
// they expire an hour after their last write, as the API server's --event-ttl makes them.
// Output is watch-event NDJSON lines, produced lazily so millions can be streamed.

/** Bump when the generator's output changes: cached logs and streams built from it are rebuilt. */
export const generatorVersion = 3;

export type GenerateOptions = {
  seed: number;
  pods: number;
  namespaces: number;
  /** Versions per pod, the ADDED included. */
  versionsPerPod: number;
  /** Epoch ms of the first line. */
  startTime: number;
  /** Emit the core/v1 Events a kubelet would record with each transition. */
  events?: boolean;
  /**
   * How long an Event lives after its last write (the API server's --event-ttl), ms; 1 hour by
   * default. It then ends with a DELETED, and the same reason again makes a new Event.
   */
  eventTtlMs?: number;
  /** Mean virtual time between two lines, ms. */
  meanStepMs?: number;
  /** Pods alive at once (the cluster's size); 256 by default. */
  inFlight?: number;
  /**
   * End each pod's life with a graceful deletion (a MODIFIED with deletionTimestamp, then
   * DELETED) and keep exactly `inFlight` pods alive; off by default, so pods just go quiet.
   */
  deletePods?: boolean;
};

export type Rng = () => number;

/** The sim's seeded generator: one implementation of mulberry32 in the project. */
export const createRng = (seed: number): Rng => seededRandom(seed);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const hex = (rng: Rng, length: number): string => {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(rng() * 16)];
  return out;
};
const alnum = (rng: Rng, length: number): string => {
  let out = '';
  for (let i = 0; i < length; i++) out += 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(rng() * 27)];
  return out;
};
const uuid = (rng: Rng): string =>
  `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`;
/** RFC3339 with second resolution, as status timestamps have. */
const rfc3339 = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000', '');

const apps = ['checkout', 'cart', 'payments', 'search', 'frontend', 'inventory', 'auth', 'ledger', 'mailer'];
const images = [
  ['nginx', '1.27.3'],
  ['registry.example.com/shop/api', 'v2.14.1'],
  ['ghcr.io/example/worker', '3.2.0'],
  ['envoyproxy/envoy', 'v1.31.2'],
  ['redis', '7.4.1-alpine'],
] as const;

/** The fieldsV1 set a manager owns over `value`, shaped like the API server writes it. */
const fieldsOf = (value: Json): JsonObject => {
  const out: JsonObject = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const keyField = ['name', 'type', 'mountPath', 'containerPort', 'ip', 'key'].find((k) => k in item);
        const keyValue = keyField ? item[keyField] : null;
        out[`k:${JSON.stringify({ [keyField ?? 'key']: keyValue })}`] = { '.': {}, ...fieldsOf(item) };
      }
    }
    return out;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const inner = v && typeof v === 'object' ? fieldsOf(v) : {};
      out[`f:${k}`] = v && typeof v === 'object' && !Array.isArray(v) ? { '.': {}, ...inner } : inner;
    }
  }
  return out;
};

type ContainerState = {
  name: string;
  image: string;
  imageID: string;
  containerID: string | null;
  state: JsonObject;
  lastState: JsonObject;
  ready: boolean;
  started: boolean;
  restartCount: number;
  backoffSeconds: number;
};

type EventState = {
  uid: string;
  name: string;
  reason: string;
  type: string;
  message: string;
  count: number;
  first: number;
  last: number;
};

/** An Event's expiry as of one write; stale once the Event was written again (`last` moved). */
type PendingExpiry = { pod: PodState; key: string; event: EventState; at: number };

type PodState = {
  uid: string;
  name: string;
  namespace: string;
  node: string;
  hostIP: string;
  podIP: string;
  created: number;
  base: JsonObject;
  specFields: JsonObject;
  containers: ContainerState[];
  conditions: { type: string; status: string; lastTransitionTime: string }[];
  phase: string;
  step: number;
  kubeletTime: number;
  schedulerTime: number;
  started: number | null;
  deleting: number | null;
  events: Map<string, EventState>;
};

const buildContainer = (rng: Rng, app: string, index: number): JsonObject => {
  const [image, tag] = pick(rng, images);
  const env: Json[] = [];
  for (let i = 0, n = int(rng, 1, 5); i < n; i++) {
    env.push(
      rng() < 0.25
        ? {
            name: `SECRET_${i}_${alnum(rng, 4).toUpperCase()}`,
            valueFrom: { secretKeyRef: { name: `${app}-secrets`, key: `key-${i}` } },
          }
        : {
            name: `${app.toUpperCase()}_SETTING_${i}`,
            value: rng() < 0.5 ? String(int(rng, 1, 9999)) : alnum(rng, 12),
          },
    );
  }
  env.push({ name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } });
  const port = 8080 + index;
  const probe = (path: string, period: number): JsonObject => ({
    httpGet: { path, port, scheme: 'HTTP' },
    initialDelaySeconds: int(rng, 0, 15),
    timeoutSeconds: 1,
    periodSeconds: period,
    successThreshold: 1,
    failureThreshold: 3,
  });
  if (index > 0) {
    // Sidecars (proxies, log shippers) are lean: no probes, little configuration.
    return {
      name: `sidecar-${index}`,
      image: `${image}:${tag}`,
      args: ['--port', String(port)],
      ports: [{ name: 'proxy', containerPort: port, protocol: 'TCP' }],
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
      volumeMounts: [
        {
          name: 'kube-api-access',
          readOnly: true,
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        },
      ],
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    };
  }
  return {
    name: app,
    image: `${image}:${tag}`,
    command: ['/bin/server'],
    args: ['--port', String(port), '--log-level=info'],
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env,
    resources: {
      limits: { cpu: `${int(rng, 1, 4) * 250}m`, memory: `${int(rng, 1, 8) * 128}Mi` },
      requests: { cpu: `${int(rng, 1, 4) * 50}m`, memory: `${int(rng, 1, 4) * 64}Mi` },
    },
    volumeMounts: [
      { name: 'config', readOnly: true, mountPath: '/etc/app' },
      { name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ],
    livenessProbe: probe('/healthz', 10),
    readinessProbe: probe('/ready', 5),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
  };
};

/**
 * A Deployment's current ReplicaSet: the pods it makes share their spec, labels, owner and image
 * digests, and differ in names, uids, nodes, addresses and times, as replicas do.
 */
type Workload = {
  app: string;
  namespace: string;
  hash: string;
  rsUid: string;
  spec: JsonObject;
  labels: JsonObject;
  specFields: JsonObject;
  imageIDs: string[];
  /** Pods it has made; after `podsPerRollout` a rollout replaces the ReplicaSet. */
  made: number;
};

/** Pods a ReplicaSet makes before a rollout replaces it (replicas, and their replacements). */
const podsPerRollout = 20;
/** Replicas per workload, on average, among the pods in flight. */
const replicasPerWorkload = 5;

const createWorkload = (rng: Rng, namespace: string, app = pick(rng, apps)): Workload => {
  const hash = alnum(rng, 10);
  const rsUid = uuid(rng);
  const containerCount = rng() < 0.7 ? 1 : 2;
  const containers = Array.from({ length: containerCount }, (_, i) => buildContainer(rng, app, i));
  const spec: JsonObject = {
    volumes: [
      { name: 'config', configMap: { name: `${app}-config`, defaultMode: 420 } },
      {
        name: 'kube-api-access',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
                ],
              },
            },
          ],
          defaultMode: 420,
        },
      },
    ],
    containers,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: app,
    serviceAccount: app,
    securityContext: { fsGroup: 2000 },
    schedulerName: 'default-scheduler',
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  };
  const labels: JsonObject = { app, 'pod-template-hash': hash, 'app.kubernetes.io/part-of': 'shop' };
  const metaFields: JsonObject = {
    generateName: `${app}-${hash}-`,
    labels,
    ownerReferences: [{ uid: rsUid }],
  };
  return {
    app,
    namespace,
    hash,
    rsUid,
    spec,
    labels,
    specFields: { 'f:metadata': fieldsOf(metaFields), 'f:spec': fieldsOf({ ...spec, nodeName: null }) },
    imageIDs: containers.map((c) => `${String(c.image).split(':')[0]}@sha256:${hex(rng, 64)}`),
    made: 0,
  };
};

/** The workload whose pod comes next: round robin, replaced by a rollout once it has made enough. */
const nextWorkload = (rng: Rng, workloads: Workload[], index: number): Workload => {
  const slot = index % workloads.length;
  let workload = workloads[slot] as Workload;
  if (workload.made >= podsPerRollout) {
    workload = createWorkload(rng, workload.namespace, workload.app);
    workloads[slot] = workload;
  }
  workload.made++;
  return workload;
};

const createPod = (rng: Rng, workload: Workload, now: number): PodState => {
  const { app, namespace, hash, rsUid, spec, labels } = workload;
  const name = `${app}-${hash}-${alnum(rng, 5)}`;
  const uid = uuid(rng);
  const node = `node-${int(rng, 1, 40)}`;
  return {
    uid,
    name,
    namespace,
    node,
    hostIP: `10.0.${int(rng, 0, 3)}.${int(rng, 2, 250)}`,
    podIP: `10.244.${int(rng, 0, 40)}.${int(rng, 2, 250)}`,
    created: now,
    base: {
      name,
      generateName: `${app}-${hash}-`,
      namespace,
      uid,
      creationTimestamp: rfc3339(now),
      labels,
      annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(now - 86_400_000) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-${hash}`,
          uid: rsUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      spec,
    },
    specFields: workload.specFields,
    containers: (spec.containers as JsonObject[]).map((c, i) => {
      return {
        name: String(c.name),
        image: String(c.image),
        imageID: workload.imageIDs[i] as string,
        containerID: null,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        started: false,
        restartCount: 0,
        backoffSeconds: 10,
      };
    }),
    conditions: [],
    phase: 'Pending',
    step: 0,
    kubeletTime: now,
    schedulerTime: now,
    started: null,
    deleting: null,
    events: new Map(),
  };
};

const setCondition = (pod: PodState, type: string, status: string, now: number): void => {
  const existing = pod.conditions.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== status) {
      existing.status = status;
      existing.lastTransitionTime = rfc3339(now);
    }
  } else pod.conditions.push({ type, status, lastTransitionTime: rfc3339(now) });
};

/** Moves a pod one kubelet step forward; returns the Events that step records. */
const advance = (
  rng: Rng,
  pod: PodState,
  now: number,
): { reason: string; type: string; message: string }[] => {
  const step = pod.step++;
  const main = pod.containers[0] as ContainerState;
  if (step === 0) {
    pod.schedulerTime = now;
    setCondition(pod, 'PodScheduled', 'True', now);
    return [
      {
        reason: 'Scheduled',
        type: 'Normal',
        message: `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.node}`,
      },
    ];
  }
  pod.kubeletTime = now;
  if (step === 1) {
    pod.started = now;
    for (const type of ['PodReadyToStartContainers', 'Initialized']) setCondition(pod, type, 'True', now);
    for (const type of ['Ready', 'ContainersReady']) setCondition(pod, type, 'False', now);
    return pod.containers.map((c) => ({
      reason: 'Pulling',
      type: 'Normal',
      message: `Pulling image "${c.image}"`,
    }));
  }
  if (step === 2) {
    pod.phase = 'Running';
    for (const c of pod.containers) {
      c.containerID = `containerd://${hex(rng, 64)}`;
      c.state = { running: { startedAt: rfc3339(now) } };
      c.started = true;
    }
    return pod.containers.flatMap((c) => [
      { reason: 'Created', type: 'Normal', message: `Created container: ${c.name}` },
      { reason: 'Started', type: 'Normal', message: `Started container ${c.name}` },
    ]);
  }
  const allReady = () => pod.containers.every((c) => c.ready);
  const roll = rng();
  if ('running' in main.state && !main.ready && roll < 0.7) {
    main.ready = true;
    for (const c of pod.containers) c.ready = true;
    setCondition(pod, 'ContainersReady', 'True', now);
    setCondition(pod, 'Ready', 'True', now);
    return [];
  }
  if ('running' in main.state && roll < 0.35) {
    // Readiness flaps: the probe fails for a while, then passes again.
    main.ready = !main.ready;
    setCondition(pod, 'ContainersReady', allReady() ? 'True' : 'False', now);
    setCondition(pod, 'Ready', allReady() ? 'True' : 'False', now);
    return main.ready
      ? []
      : [
          {
            reason: 'Unhealthy',
            type: 'Warning',
            message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
          },
        ];
  }
  if ('running' in main.state) {
    // The container dies: OOM or an error exit; the kubelet waits out its back-off.
    const oom = rng() < 0.3;
    const running = main.state.running as JsonObject;
    main.lastState = {
      terminated: {
        exitCode: oom ? 137 : 1,
        reason: oom ? 'OOMKilled' : 'Error',
        startedAt: running.startedAt ?? rfc3339(now),
        finishedAt: rfc3339(now),
        containerID: main.containerID,
      },
    };
    main.restartCount++;
    main.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${main.backoffSeconds}s restarting failed container=${main.name} pod=${pod.name}_${pod.namespace}(${pod.uid})`,
      },
    };
    main.backoffSeconds = Math.min(300, main.backoffSeconds * 2);
    main.ready = false;
    main.started = false;
    setCondition(pod, 'ContainersReady', 'False', now);
    setCondition(pod, 'Ready', 'False', now);
    return [
      { reason: 'BackOff', type: 'Warning', message: `Back-off restarting failed container ${main.name}` },
    ];
  }
  // Back-off over: a new container starts.
  main.containerID = `containerd://${hex(rng, 64)}`;
  main.state = { running: { startedAt: rfc3339(now) } };
  main.started = true;
  return [
    {
      reason: 'Pulled',
      type: 'Normal',
      message: `Container image "${main.image}" already present on machine`,
    },
    { reason: 'Created', type: 'Normal', message: `Created container: ${main.name}` },
    { reason: 'Started', type: 'Normal', message: `Started container ${main.name}` },
  ];
};

const podObject = (pod: PodState, resourceVersion: number, deleting: number | null): JsonObject => {
  const { spec, ...meta } = pod.base as JsonObject & { spec: JsonObject };
  const managedFields: Json[] = [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time: rfc3339(pod.created),
      fieldsType: 'FieldsV1',
      fieldsV1: pod.specFields,
    },
  ];
  const status: JsonObject = { phase: pod.phase };
  if (pod.conditions.length > 0) {
    status.conditions = pod.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: c.lastTransitionTime,
    }));
  }
  if (pod.step >= 2) {
    status.hostIP = pod.hostIP;
    status.hostIPs = [{ ip: pod.hostIP }];
    status.podIP = pod.podIP;
    status.podIPs = [{ ip: pod.podIP }];
    status.startTime = rfc3339(pod.started ?? pod.created);
    status.containerStatuses = pod.containers.map((c) => {
      const s: JsonObject = {
        name: c.name,
        state: c.state,
        lastState: c.lastState,
        ready: c.ready,
        restartCount: c.restartCount,
        image: c.image,
        imageID: c.containerID ? c.imageID : '',
      };
      if (c.containerID) s.containerID = c.containerID;
      s.started = c.started;
      s.volumeMounts = [
        { name: 'config', mountPath: '/etc/app', readOnly: true, recursiveReadOnly: 'Disabled' },
        {
          name: 'kube-api-access',
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          readOnly: true,
          recursiveReadOnly: 'Disabled',
        },
      ];
      return s;
    });
  }
  status.qosClass = 'Burstable';
  if (pod.step >= 1) {
    managedFields.push({
      manager: 'kube-scheduler',
      operation: 'Update',
      apiVersion: 'v1',
      time: rfc3339(pod.schedulerTime),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"PodScheduled"}': {} } } },
      subresource: 'status',
    });
  }
  if (pod.step >= 2) {
    const { phase: _phase, qosClass: _qos, ...kubeletOwned } = status;
    managedFields.push({
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time: rfc3339(pod.kubeletTime),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { ...fieldsOf(kubeletOwned), 'f:phase': {} } },
      subresource: 'status',
    });
  }
  const metadata: JsonObject = { ...meta, resourceVersion: String(resourceVersion) };
  if (deleting !== null) {
    metadata.deletionTimestamp = rfc3339(deleting);
    metadata.deletionGracePeriodSeconds = 30;
  }
  metadata.managedFields = managedFields;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata,
    spec: pod.step >= 1 ? { ...spec, nodeName: pod.node } : spec,
    status,
  };
};

const eventObject = (pod: PodState, e: EventState, rv: number): JsonObject => ({
  kind: 'Event',
  apiVersion: 'v1',
  metadata: {
    name: e.name,
    namespace: pod.namespace,
    uid: e.uid,
    resourceVersion: String(rv),
    creationTimestamp: rfc3339(e.first),
  },
  involvedObject: {
    kind: 'Pod',
    namespace: pod.namespace,
    name: pod.name,
    uid: pod.uid,
    apiVersion: 'v1',
    resourceVersion: String(rv - 1),
    fieldPath: `spec.containers{${(pod.containers[0] as ContainerState).name}}`,
  },
  reason: e.reason,
  message: e.message,
  source: { component: 'kubelet', host: pod.node },
  firstTimestamp: rfc3339(e.first),
  lastTimestamp: rfc3339(e.last),
  count: e.count,
  type: e.type,
  eventTime: null,
  reportingComponent: 'kubelet',
  reportingInstance: pod.node,
});

const timed = (at: number, line: string): TimedLine => ({ at, line });

/**
 * Watch-event NDJSON lines (`{"type":"MODIFIED","object":{…}}`), pods interleaved at random the
 * way a busy cluster interleaves them. Same options, same lines, on every Node version.
 */
export function* generateWatchStream(options: GenerateOptions): Generator<string> {
  for (const line of generateTimedWatchStream(options)) yield line.line;
}

/** A watch line and the virtual time it was observed at (epoch ms). */
export type TimedLine = { at: number; line: string };

/** The same lines as `generateWatchStream`, each with its virtual observation time. */
export function* generateTimedWatchStream(options: GenerateOptions): Generator<TimedLine> {
  const {
    seed,
    pods,
    namespaces,
    versionsPerPod,
    startTime,
    events = true,
    eventTtlMs = 60 * 60 * 1000,
    meanStepMs = 50,
    inFlight = 256,
    deletePods = false,
  } = options;
  const rng = createRng(seed);
  let now = startTime;
  let rv = 1000;
  const live: PodState[] = [];
  const remaining = new Map<PodState, number>();
  let created = 0;
  const workloadCount = Math.max(namespaces, Math.ceil(inFlight / replicasPerWorkload));
  const workloads = Array.from({ length: workloadCount }, (_, w) =>
    createWorkload(rng, `team-${w % Math.max(1, namespaces)}`),
  );
  // Expiries in the order they fall due: `now` never goes back, so appending keeps the order.
  const expiries: PendingExpiry[] = [];
  let nextExpiry = 0;
  while (created < pods || live.length > 0) {
    now += Math.floor(rng() * 2 * meanStepMs);
    for (; nextExpiry < expiries.length && (expiries[nextExpiry] as PendingExpiry).at <= now; nextExpiry++) {
      const { pod, key, event, at } = expiries[nextExpiry] as PendingExpiry;
      if (event.last + eventTtlMs !== at) continue;
      if (pod.events.get(key) === event) pod.events.delete(key);
      yield timed(at, JSON.stringify({ type: 'DELETED', object: eventObject(pod, event, ++rv) }));
    }
    if (nextExpiry > 4096 && nextExpiry * 2 > expiries.length) {
      expiries.splice(0, nextExpiry);
      nextExpiry = 0;
    }
    // Keep a bounded working set of pods in flight, so memory does not grow with `pods`.
    if (created < pods && (live.length < inFlight || (!deletePods && rng() < 0.02))) {
      const pod = createPod(rng, nextWorkload(rng, workloads, created++), now);
      live.push(pod);
      remaining.set(pod, versionsPerPod - 1);
      yield timed(now, JSON.stringify({ type: 'ADDED', object: podObject(pod, ++rv, null) }));
      continue;
    }
    const index = Math.floor(rng() * live.length);
    const pod = live[index] as PodState;
    const left = remaining.get(pod) ?? 0;
    if (left <= 0 && (!deletePods || pod.deleting !== null)) {
      live[index] = live[live.length - 1] as PodState;
      live.pop();
      remaining.delete(pod);
      if (deletePods)
        yield timed(now, JSON.stringify({ type: 'DELETED', object: podObject(pod, ++rv, pod.deleting) }));
      continue;
    }
    let recorded: { reason: string; type: string; message: string }[];
    if (left <= 0) {
      // Graceful deletion requested: the kubelet kills the containers, the next step removes the pod.
      pod.deleting = now;
      recorded = pod.containers.map((c) => ({
        reason: 'Killing',
        type: 'Normal',
        message: `Stopping container ${c.name}`,
      }));
    } else {
      remaining.set(pod, left - 1);
      recorded = advance(rng, pod, now);
    }
    yield timed(now, JSON.stringify({ type: 'MODIFIED', object: podObject(pod, ++rv, pod.deleting) }));
    if (!events) continue;
    for (const r of recorded) {
      const key = r.reason + r.message;
      const existing = pod.events.get(key);
      let event: EventState;
      if (existing) {
        event = existing;
        event.count++;
        event.last = now;
        event.type = r.type;
        yield timed(now, JSON.stringify({ type: 'MODIFIED', object: eventObject(pod, event, ++rv) }));
      } else {
        event = {
          uid: uuid(rng),
          name: `${pod.name}.${hex(rng, 16)}`,
          reason: r.reason,
          type: r.type,
          message: r.message,
          count: 1,
          first: now,
          last: now,
        };
        pod.events.set(key, event);
        yield timed(now, JSON.stringify({ type: 'ADDED', object: eventObject(pod, event, ++rv) }));
      }
      expiries.push({ pod, key, event, at: now + eventTtlMs });
    }
  }
}
