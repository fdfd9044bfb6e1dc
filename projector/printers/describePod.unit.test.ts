import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../store/types.ts';
import { type DescribeEvent, describePod } from './index.ts';

// Pods are described at 03:12:00 unless a case says otherwise; all times are UTC.
const NOW = Date.parse('2026-01-02T03:12:00Z');
const t = (hhmmss: string): number => Date.parse(`2026-01-02T${hhmmss}Z`);

type Json = Record<string, unknown>;

const lines = (text: string): string[] => text.split('\n');

const event = (fields: Partial<DescribeEvent> & { reason: string; lastAt: number }): DescribeEvent => ({
  type: 'Normal',
  message: '',
  source: 'kubelet',
  firstAt: fields.lastAt,
  count: 1,
  ...fields,
});

const serviceAccountVolume: Json = {
  name: 'kube-api-access-7x2pq',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
  },
};
const serviceAccountMount: Json = {
  name: 'kube-api-access-7x2pq',
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
  readOnly: true,
};
const defaultTolerations: Json[] = [
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];
const readyConditions = (ready: 'True' | 'False'): Json[] => [
  { type: 'PodReadyToStartContainers', status: 'True' },
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: ready },
  { type: 'ContainersReady', status: ready },
  { type: 'PodScheduled', status: 'True' },
];
const replicaSetOwner = (name: string) => [
  {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name,
    uid: 'rs-uid',
    controller: true,
    blockOwnerDeletion: true,
  },
];

const runningPod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-6f7d9c8b5-k2xq9',
    namespace: 'shop',
    uid: 'pod-uid-web',
    creationTimestamp: '2026-01-02T02:00:00Z',
    labels: { app: 'web', 'pod-template-hash': '6f7d9c8b5' },
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-02T01:59:58Z' },
    ownerReferences: replicaSetOwner('web-6f7d9c8b5'),
  },
  spec: {
    nodeName: 'node-a',
    serviceAccountName: 'default',
    priority: 0,
    containers: [
      {
        name: 'web',
        image: 'registry.example.com/web:1.4.2',
        command: ['/bin/web'],
        args: ['--port=8080', '--log-level=info'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        resources: { limits: { memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi' } },
        livenessProbe: {
          exec: { command: ['cat', '/tmp/healthy'] },
          initialDelaySeconds: 5,
          timeoutSeconds: 1,
          periodSeconds: 5,
          successThreshold: 1,
          failureThreshold: 3,
        },
        readinessProbe: {
          httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 3,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        startupProbe: {
          tcpSocket: { port: 'http' },
          timeoutSeconds: 1,
          periodSeconds: 2,
          successThreshold: 1,
          failureThreshold: 30,
        },
        env: [
          { name: 'MODE', value: 'production' },
          { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'log-level' } } },
          {
            name: 'DB_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password', optional: true } },
          },
          { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
          {
            name: 'MEM_LIMIT',
            valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
          },
          { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
        ],
        volumeMounts: [
          { name: 'cache', mountPath: '/var/cache/web' },
          serviceAccountMount,
          { name: 'config', mountPath: '/etc/web/web.yaml', subPath: 'web.yaml', readOnly: true },
        ],
      },
    ],
    volumes: [
      { name: 'cache', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'config', configMap: { name: 'web-config', defaultMode: 420 } },
      serviceAccountVolume,
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: defaultTolerations,
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.0.11',
    podIP: '10.244.1.17',
    podIPs: [{ ip: '10.244.1.17' }],
    startTime: '2026-01-02T02:00:01Z',
    qosClass: 'Burstable',
    conditions: readyConditions('True'),
    containerStatuses: [
      {
        name: 'web',
        ready: true,
        started: true,
        restartCount: 0,
        image: 'registry.example.com/web:1.4.2',
        imageID: 'registry.example.com/web@sha256:5b0d0a1f3c6e',
        containerID: 'containerd://7c1f0e9a',
        state: { running: { startedAt: '2026-01-02T02:00:04Z' } },
        lastState: {},
      },
    ],
  },
};

describe('describePod: a running pod with probes, env and mounts', () => {
  it('prints every section in kubectl order, aligned per block as kubectl aligns it', () => {
    const events = [
      event({
        reason: 'Scheduled',
        source: 'default-scheduler',
        message: 'Successfully assigned shop/web-6f7d9c8b5-k2xq9 to node-a',
        lastAt: t('02:00:00'),
      }),
      event({
        reason: 'Pulled',
        message: 'Container image "registry.example.com/web:1.4.2" already present on machine',
        lastAt: t('02:00:02'),
      }),
      event({ reason: 'Created', message: 'Created container: web', lastAt: t('02:00:03') }),
      event({ reason: 'Started', message: 'Started container web', lastAt: t('02:00:04') }),
    ];
    expect(lines(describePod(runningPod, events, NOW))).toEqual([
      'Name:             web-6f7d9c8b5-k2xq9',
      'Namespace:        shop',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node-a/10.0.0.11',
      'Start Time:       Fri, 02 Jan 2026 02:00:01 +0000',
      'Labels:           app=web',
      '                  pod-template-hash=6f7d9c8b5',
      'Annotations:      kubectl.kubernetes.io/restartedAt: 2026-01-02T01:59:58Z',
      'Status:           Running',
      'IP:               10.244.1.17',
      'IPs:',
      '  IP:           10.244.1.17',
      'Controlled By:  ReplicaSet/web-6f7d9c8b5',
      'Containers:',
      '  web:',
      '    Container ID:  containerd://7c1f0e9a',
      '    Image:         registry.example.com/web:1.4.2',
      '    Image ID:      registry.example.com/web@sha256:5b0d0a1f3c6e',
      '    Port:          8080/TCP (http)',
      '    Host Port:     0/TCP (http)',
      '    Command:',
      '      /bin/web',
      '    Args:',
      '      --port=8080',
      '      --log-level=info',
      '    State:          Running',
      '      Started:      Fri, 02 Jan 2026 02:00:04 +0000',
      '    Ready:          True',
      '    Restart Count:  0',
      '    Limits:',
      '      memory:  256Mi',
      '    Requests:',
      '      cpu:      250m',
      '      memory:   128Mi',
      '    Liveness:   exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3',
      '    Readiness:  http-get http://:8080/healthz delay=3s timeout=1s period=10s #success=1 #failure=3',
      '    Startup:    tcp-socket :http delay=0s timeout=1s period=2s #success=1 #failure=30',
      '    Environment:',
      '      MODE:         production',
      "      LOG_LEVEL:    <set to the key 'log-level' of config map 'web-config'>  Optional: false",
      "      DB_PASSWORD:  <set to the key 'password' in secret 'db-credentials'>   Optional: true",
      '      POD_NAME:     web-6f7d9c8b5-k2xq9 (v1:metadata.name)',
      '      POD_IP:        (v1:status.podIP)',
      '      MEM_LIMIT:    256 (limits.memory)',
      '      CPU_LIMIT:    node allocatable (limits.cpu)',
      '    Mounts:',
      '      /etc/web/web.yaml from config (ro,path="web.yaml")',
      '      /var/cache/web from cache (rw)',
      '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7x2pq (ro)',
      'Conditions:',
      '  Type                        Status',
      '  PodReadyToStartContainers   True ',
      '  Initialized                 True ',
      '  Ready                       True ',
      '  ContainersReady             True ',
      '  PodScheduled                True ',
      'Volumes:',
      '  cache:',
      "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)",
      '    Medium:     ',
      '    SizeLimit:  1Gi',
      '  config:',
      '    Type:      ConfigMap (a volume populated by a ConfigMap)',
      '    Name:      web-config',
      '    Optional:  false',
      '  kube-api-access-7x2pq:',
      '    Type:                    Projected (a volume that contains injected data from multiple sources)',
      '    TokenExpirationSeconds:  3607',
      '    ConfigMapName:           kube-root-ca.crt',
      '    Optional:                false',
      '    DownwardAPI:             true',
      'QoS Class:                   Burstable',
      'Node-Selectors:              kubernetes.io/os=linux',
      'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      'Events:',
      '  Type    Reason     Age   From               Message',
      '  ----    ------     ----  ----               -------',
      '  Normal  Scheduled  72m   default-scheduler  Successfully assigned shop/web-6f7d9c8b5-k2xq9 to node-a',
      '  Normal  Pulled     71m   kubelet            Container image "registry.example.com/web:1.4.2" already present on machine',
      '  Normal  Created    71m   kubelet            Created container: web',
      '  Normal  Started    71m   kubelet            Started container web',
      '',
    ]);
  });

  it('measures every age from the described instant, not from the wall clock', () => {
    const events = [event({ reason: 'Started', lastAt: t('02:00:04') })];
    const at = (iso: string) => lines(describePod(runningPod, events, Date.parse(iso))).at(-2);
    expect(at('2026-01-02T02:00:34Z')).toBe('  Normal  Started  30s   kubelet  ');
    expect(at('2026-01-04T02:00:04Z')).toBe('  Normal  Started  2d    kubelet  ');
  });
});

const crashLoopPod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'api-5c8d7b9f4-qq7ln',
    namespace: 'shop',
    uid: 'pod-uid-api',
    creationTimestamp: '2026-01-02T03:05:00Z',
    labels: { app: 'api' },
    ownerReferences: replicaSetOwner('api-5c8d7b9f4'),
  },
  spec: {
    nodeName: 'node-b',
    serviceAccountName: 'default',
    priority: 0,
    containers: [
      {
        name: 'api',
        image: 'registry.example.com/api:2.0.0',
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
        ],
        resources: {
          limits: { cpu: '500m', memory: '256Mi' },
          requests: { cpu: '500m', memory: '256Mi' },
        },
        volumeMounts: [serviceAccountMount],
      },
    ],
    volumes: [serviceAccountVolume],
    tolerations: defaultTolerations,
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.0.12',
    podIP: '10.244.2.9',
    podIPs: [{ ip: '10.244.2.9' }],
    startTime: '2026-01-02T03:05:01Z',
    conditions: readyConditions('False'),
    containerStatuses: [
      {
        name: 'api',
        ready: false,
        started: false,
        restartCount: 4,
        image: 'registry.example.com/api:2.0.0',
        imageID: 'registry.example.com/api@sha256:9e1c44d2',
        containerID: 'containerd://e4d1b2c3',
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message:
              'back-off 1m20s restarting failed container=api pod=api-5c8d7b9f4-qq7ln_shop(pod-uid-api)',
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: '2026-01-02T03:10:02Z',
            finishedAt: '2026-01-02T03:10:03Z',
            containerID: 'containerd://e4d1b2c3',
          },
        },
      },
    ],
  },
};

describe('describePod: a pod in CrashLoopBackOff', () => {
  const events = [
    event({
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container api in pod api-5c8d7b9f4-qq7ln_shop(pod-uid-api)',
      firstAt: t('03:08:00'),
      lastAt: t('03:11:30'),
      count: 9,
    }),
    event({
      reason: 'Scheduled',
      source: 'default-scheduler',
      message: 'Successfully assigned shop/api-5c8d7b9f4-qq7ln to node-b',
      lastAt: t('03:05:00'),
    }),
    event({
      reason: 'Pulled',
      message: 'Container image "registry.example.com/api:2.0.0" already present on machine',
      firstAt: t('03:05:02'),
      lastAt: t('03:10:01'),
      count: 5,
    }),
  ];
  const text = describePod(crashLoopPod, events, NOW);

  it('shows the waiting state, the last termination and the restart count', () => {
    expect(text).toContain(
      [
        '  api:',
        '    Container ID:   containerd://e4d1b2c3',
        '    Image:          registry.example.com/api:2.0.0',
        '    Image ID:       registry.example.com/api@sha256:9e1c44d2',
        '    Ports:          8080/TCP (http), 9090/TCP (metrics)',
        '    Host Ports:     0/TCP (http), 0/TCP (metrics)',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    1',
        '      Started:      Fri, 02 Jan 2026 03:10:02 +0000',
        '      Finished:     Fri, 02 Jan 2026 03:10:03 +0000',
        '    Ready:          False',
        '    Restart Count:  4',
        '    Limits:',
        '      cpu:     500m',
        '      memory:  256Mi',
        '    Requests:',
        '      cpu:        500m',
        '      memory:     256Mi',
        '    Environment:  <none>',
        '    Mounts:',
      ].join('\n'),
    );
  });

  it('computes the QoS class when status.qosClass was not recorded', () => {
    expect(lines(text)).toContain('QoS Class:                   Guaranteed');
    const burstable = structuredClone(crashLoopPod);
    const c = (burstable.spec as { containers: Json[] }).containers[0] as Json;
    c.resources = { requests: { cpu: '250m' } };
    expect(lines(describePod(burstable, [], NOW))).toContain('QoS Class:                   Burstable');
    c.resources = {};
    expect(lines(describePod(burstable, [], NOW))).toContain('QoS Class:                   BestEffort');
  });

  it('sorts events by last occurrence and prints repeats as "last (xN over first)"', () => {
    expect(lines(text).slice(-7)).toEqual([
      'Events:',
      '  Type     Reason     Age                   From               Message',
      '  ----     ------     ----                  ----               -------',
      '  Normal   Scheduled  7m                    default-scheduler  Successfully assigned shop/api-5c8d7b9f4-qq7ln to node-b',
      '  Normal   Pulled     119s (x5 over 6m58s)  kubelet            Container image "registry.example.com/api:2.0.0" already present on machine',
      '  Warning  BackOff    30s (x9 over 4m)      kubelet            Back-off restarting failed container api in pod api-5c8d7b9f4-qq7ln_shop(pod-uid-api)',
      '',
    ]);
  });
});

describe('describePod: init containers', () => {
  const pod: KubeObject = {
    metadata: { name: 'report-0', namespace: 'batch', creationTimestamp: '2026-01-02T03:11:00Z' },
    spec: {
      nodeName: 'node-c',
      initContainers: [
        { name: 'init-schema', image: 'registry.example.com/migrate:7', command: ['migrate', 'up'] },
        {
          name: 'wait-for-db',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'until nc -z db 5432; do\n  sleep 2\ndone'],
        },
      ],
      containers: [{ name: 'report', image: 'registry.example.com/report:3' }],
    },
    status: {
      phase: 'Pending',
      hostIP: '10.0.0.13',
      podIP: '10.244.3.4',
      podIPs: [{ ip: '10.244.3.4' }],
      startTime: '2026-01-02T03:11:01Z',
      qosClass: 'BestEffort',
      conditions: [
        { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized' },
        { type: 'Ready', status: 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
      initContainerStatuses: [
        {
          name: 'init-schema',
          ready: true,
          restartCount: 0,
          image: 'registry.example.com/migrate:7',
          imageID: 'registry.example.com/migrate@sha256:aa11',
          containerID: 'containerd://1111',
          state: {
            terminated: {
              exitCode: 0,
              reason: 'Completed',
              startedAt: '2026-01-02T03:11:02Z',
              finishedAt: '2026-01-02T03:11:09Z',
            },
          },
        },
        {
          name: 'wait-for-db',
          ready: false,
          restartCount: 0,
          image: 'busybox:1.36',
          imageID: 'docker.io/library/busybox@sha256:bb22',
          containerID: 'containerd://2222',
          state: { running: { startedAt: '2026-01-02T03:11:10Z' } },
        },
      ],
      containerStatuses: [
        {
          name: 'report',
          ready: false,
          restartCount: 0,
          image: 'registry.example.com/report:3',
          imageID: '',
          state: { waiting: { reason: 'PodInitializing' } },
        },
      ],
    },
  };
  const text = describePod(pod, [], NOW);

  it('prints Init Containers before Containers, each command line split on newlines', () => {
    expect(text).toContain(
      [
        'Init Containers:',
        '  init-schema:',
        '    Container ID:  containerd://1111',
        '    Image:         registry.example.com/migrate:7',
        '    Image ID:      registry.example.com/migrate@sha256:aa11',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Command:',
        '      migrate',
        '      up',
        '    State:          Terminated',
        '      Reason:       Completed',
        '      Exit Code:    0',
        '      Started:      Fri, 02 Jan 2026 03:11:02 +0000',
        '      Finished:     Fri, 02 Jan 2026 03:11:09 +0000',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        '  wait-for-db:',
        '    Container ID:  containerd://2222',
        '    Image:         busybox:1.36',
        '    Image ID:      docker.io/library/busybox@sha256:bb22',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Command:',
        '      sh',
        '      -c',
        '      until nc -z db 5432; do',
        '        sleep 2',
        '      done',
        '    State:          Running',
        '      Started:      Fri, 02 Jan 2026 03:11:10 +0000',
        '    Ready:          False',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        'Containers:',
        '  report:',
        '    Container ID:   ',
        '    Image:          registry.example.com/report:3',
        '    Image ID:       ',
        '    Port:           <none>',
        '    Host Port:      <none>',
        '    State:          Waiting',
        '      Reason:       PodInitializing',
        '    Ready:          False',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:         <none>',
        'Conditions:',
        // The rows below share a column block with Volumes:, QoS Class: ... Events:, as in kubectl.
        '  Type           Status',
        '  Initialized    False ',
        '  Ready          False ',
        '  PodScheduled   True ',
        'Volumes:         <none>',
      ].join('\n'),
    );
  });

  it('prints <none> for missing labels, annotations, volumes, selectors, tolerations and events', () => {
    const all = lines(text);
    expect(all.slice(0, 9)).toEqual([
      // No Service Account line here, so the widest label of the block is Annotations:.
      'Name:         report-0',
      'Namespace:    batch',
      'Node:         node-c/10.0.0.13',
      'Start Time:   Fri, 02 Jan 2026 03:11:01 +0000',
      'Labels:       <none>',
      'Annotations:  <none>',
      'Status:       Pending',
      'IP:           10.244.3.4',
      'IPs:',
    ]);
    expect(all.slice(-6)).toEqual([
      'Volumes:         <none>',
      'QoS Class:       BestEffort',
      'Node-Selectors:  <none>',
      'Tolerations:     <none>',
      'Events:          <none>',
      '',
    ]);
  });
});

describe('describePod: a terminating pod', () => {
  // Deleted at 03:10:00 with a 30s grace period: the API server set deletionTimestamp to 03:10:30.
  const pod = structuredClone(runningPod);
  Object.assign(pod.metadata ?? {}, {
    deletionTimestamp: '2026-01-02T03:10:30Z',
    deletionGracePeriodSeconds: 30,
  });
  const events = [
    event({ reason: 'Killing', message: 'Stopping container web', lastAt: t('03:10:00') }),
    event({
      type: 'Warning',
      reason: 'FailedPreStopHook',
      message: 'PreStopHook failed',
      lastAt: t('03:10:01'),
    }),
  ];

  it('says how long it has been terminating, and its grace period', () => {
    const all = lines(describePod(pod, events, t('03:12:30')));
    expect(all.slice(8, 11)).toEqual([
      'Annotations:               kubectl.kubernetes.io/restartedAt: 2026-01-02T01:59:58Z',
      'Status:                    Terminating (lasts 2m)',
      'Termination Grace Period:  30s',
    ]);
    expect(all[0]).toBe('Name:                      web-6f7d9c8b5-k2xq9');
  });

  it('prints "lasts <invalid>" while the grace period runs, as kubectl does', () => {
    expect(lines(describePod(pod, events, t('03:10:10')))).toContain(
      'Status:                    Terminating (lasts <invalid>)',
    );
  });

  it('prints the message alone, without the field path the event names, as kubectl does', () => {
    expect(lines(describePod(pod, events, t('03:12:30'))).slice(-3)).toEqual([
      '  Normal   Killing            2m30s  kubelet  Stopping container web',
      '  Warning  FailedPreStopHook  2m29s  kubelet  PreStopHook failed',
      '',
    ]);
  });

  it('keeps the phase of a pod that already failed or succeeded', () => {
    const done = structuredClone(pod);
    (done.status as Json).phase = 'Succeeded';
    const all = lines(describePod(done, [], t('03:12:30')));
    expect(all).toContain('Status:           Succeeded');
    expect(all.some((l) => l.startsWith('Termination Grace Period:'))).toBe(false);
  });
});

describe('describePod: an evicted pod', () => {
  const message =
    'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87Mi. ' +
    'Container worker was using 612Mi, request is 0, has larger consumption of memory.';
  const pod: KubeObject = {
    metadata: {
      name: 'worker-7b9c6d5f8-zt4kd',
      namespace: 'jobs',
      creationTimestamp: '2026-01-02T01:00:00Z',
      labels: { app: 'worker' },
      ownerReferences: replicaSetOwner('worker-7b9c6d5f8'),
    },
    spec: {
      nodeName: 'node-d',
      serviceAccountName: 'worker',
      priority: 0,
      containers: [{ name: 'worker', image: 'registry.example.com/worker:1.0' }],
    },
    status: {
      phase: 'Failed',
      reason: 'Evicted',
      message,
      hostIP: '10.0.0.14',
      startTime: '2026-01-02T01:00:01Z',
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'TerminationByKubelet',
          message: 'The node was low on resource: memory.',
        },
        { type: 'Ready', status: 'False' },
      ],
      containerStatuses: [
        {
          name: 'worker',
          ready: false,
          restartCount: 0,
          image: 'registry.example.com/worker:1.0',
          imageID: 'registry.example.com/worker@sha256:cc33',
          containerID: 'containerd://3333',
          state: {
            terminated: {
              exitCode: 137,
              reason: 'ContainerStatusUnknown',
              message: 'The container could not be located when the pod was terminated',
              startedAt: '2026-01-02T01:00:03Z',
              finishedAt: '2026-01-02T03:02:00Z',
            },
          },
        },
      ],
    },
  };
  const all = lines(
    describePod(
      pod,
      [event({ type: 'Warning', reason: 'Evicted', message: `${message}  `, lastAt: t('03:01:58') })],
      NOW,
    ),
  );

  it('prints the reason and message, and an empty pod IP as kubectl does', () => {
    expect(all.slice(8, 14)).toEqual([
      'Status:           Failed',
      'Reason:           Evicted',
      `Message:          ${message}`,
      'IP:               ',
      'IPs:              <none>',
      'Controlled By:    ReplicaSet/worker-7b9c6d5f8',
    ]);
  });

  it('prints the terminated state with its message', () => {
    expect(all.slice(21, 29)).toEqual([
      '    State:          Terminated',
      '      Reason:       ContainerStatusUnknown',
      '      Message:      The container could not be located when the pod was terminated',
      '      Exit Code:    137',
      '      Started:      Fri, 02 Jan 2026 01:00:03 +0000',
      '      Finished:     Fri, 02 Jan 2026 03:02:00 +0000',
      '    Ready:          False',
      '    Restart Count:  0',
    ]);
  });

  it('trims the event message', () => {
    expect(all.at(-2)).toBe(`  Warning  Evicted  10m   kubelet  ${message}`);
  });
});

describe('describePod: details', () => {
  const base = (spec: Json, status: Json = {}, metadata: Json = {}): KubeObject => ({
    metadata: { name: 'p', namespace: 'default', ...metadata },
    spec: { containers: [], ...spec },
    status,
  });
  const text = (pod: KubeObject, events: DescribeEvent[] = []) => describePod(pod, events, NOW);

  it('prints an unscheduled pod with no containers', () => {
    expect(lines(text(base({}, { phase: 'Pending' })))).toEqual([
      'Name:         p',
      'Namespace:    default',
      'Node:         <none>',
      'Labels:       <none>',
      'Annotations:  <none>',
      'Status:       Pending',
      'IP:           ',
      'IPs:          <none>',
      'Containers: <none>',
      'Volumes:         <none>',
      'QoS Class:       BestEffort',
      'Node-Selectors:  <none>',
      'Tolerations:     <none>',
      'Events:          <none>',
      '',
    ]);
  });

  it('skips last-applied-configuration and folds long or multi-line annotations', () => {
    const long = 'x'.repeat(150);
    const all = lines(
      text(
        base(
          {},
          {},
          {
            annotations: {
              'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}',
              'example.com/long': long,
              'example.com/note': 'line one\nline two\n',
              'example.com/short': 'yes',
            },
          },
        ),
      ),
    );
    expect(all.slice(4, 10)).toEqual([
      'Annotations:  example.com/long:',
      `                ${'x'.repeat(138)}...`,
      '              example.com/note:',
      '                line one',
      '                line two',
      '              example.com/short: yes',
    ]);
  });

  it('prints signals, multi-line env values and the sources of volumes', () => {
    const pod = base(
      {
        nodeName: 'node-a',
        containers: [
          {
            name: 'c',
            image: 'i',
            env: [{ name: 'SCRIPT', value: 'a\nb' }],
            envFrom: [
              { configMapRef: { name: 'common' } },
              { prefix: 'DB_', secretRef: { name: 'db', optional: true } },
            ],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data-p' } },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
          { name: 'tls', secret: { secretName: 'tls-cert', defaultMode: 420 } },
          {
            name: 'csi',
            csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { a: '1', b: '2' } },
          },
        ],
      },
      {
        containerStatuses: [
          {
            name: 'c',
            restartCount: 1,
            state: { terminated: { exitCode: 143, signal: 15, reason: 'Error' } },
          },
        ],
      },
    );
    const all = lines(text(pod));
    expect(all).toContain('      Signal:       15');
    expect(all).toContain('      Started:      Mon, 01 Jan 0001 00:00:00 +0000');
    expect(text(pod)).toContain(
      [
        '    Environment Variables from:',
        '      common  ConfigMap                 Optional: false',
        "      db      Secret with prefix 'DB_'  Optional: true",
        '    Environment:',
        '      SCRIPT:  a',
        '               b',
        '    Mounts:',
        '      /data from data (rw)',
        'Volumes:',
        '  data:',
        '    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:  data-p',
        '    ReadOnly:   false',
        '  host:',
        '    Type:          HostPath (bare host directory volume)',
        '    Path:          /var/log',
        '    HostPathType:  Directory',
        '  tls:',
        '    Type:        Secret (a volume populated by a Secret)',
        '    SecretName:  tls-cert',
        '    Optional:    false',
        '  csi:',
        '    Type:              CSI (a Container Storage Interface (CSI) volume source)',
        '    Driver:            secrets-store.csi.k8s.io',
        '    FSType:            ',
        '    ReadOnly:          true',
        '    VolumeAttributes:      a=1',
        '                           b=2',
        'QoS Class:             BestEffort',
      ].join('\n'),
    );
  });

  it('prints readiness gates, the nominated node and escapes terminal control characters', () => {
    const all = lines(
      text(
        base(
          { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
          {
            nominatedNodeName: 'node-z',
            message: 'bad \x1b[31mred\r',
            conditions: [{ type: 'example.com/lb', status: 'True' }],
          },
        ),
      ),
    );
    expect(all).toContain('Message:            bad ^[[31mred\\r');
    expect(all).toContain('NominatedNodeName:  node-z');
    expect(all.slice(all.indexOf('Readiness Gates:'), all.indexOf('Readiness Gates:') + 6)).toEqual([
      'Readiness Gates:',
      '  Type              Status',
      '  example.com/lb    True ',
      '  example.com/dns   <none> ',
      'Conditions:',
      // This table shares its column with Volumes:, QoS Class: and the rest below it.
      '  Type             Status',
    ]);
  });

  it('prints an event whose first time is unknown, and grpc probes', () => {
    const pod = base({
      containers: [
        {
          name: 'g',
          image: 'i',
          livenessProbe: { grpc: { port: 9000, service: 'health' }, periodSeconds: 10 },
        },
      ],
    });
    const all = lines(text(pod, [event({ reason: 'Started', firstAt: null, lastAt: t('03:11:00') })]));
    expect(all).toContain(
      '    Liveness:     grpc <pod>:9000 health delay=0s timeout=0s period=10s #success=0 #failure=0',
    );
    expect(all.at(-2)).toBe('  Normal  Started  <unknown>  kubelet  ');
  });
});
