import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../store/types.ts';
import { type PodColumns, podColumns, podRestartsText } from './index.ts';

// Every pod below is printed at 03:12:00; pods were created at 02:00:00 (AGE 72m).
const NOW = Date.parse('2026-01-02T03:12:00Z');
const CREATED = '2026-01-02T02:00:00Z';

type Json = Record<string, unknown>;

const condition = (type: string, status: 'True' | 'False', reason?: string): Json => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: '2026-01-02T02:00:05Z',
  ...(reason === undefined ? {} : { reason }),
});

const containerSpec = (name: string, image: string, extra: Json = {}): Json => ({
  name,
  image,
  imagePullPolicy: 'IfNotPresent',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  ...extra,
});

// A container status as the kubelet reports it; `state` and `lastState` written per case.
const cs = (name: string, fields: Json): Json => ({
  name,
  image: `registry.example.com/${name}:1.4.2`,
  imageID: `registry.example.com/${name}@sha256:5b0d0a1f3c6e`,
  containerID: `containerd://${name}0f3a9c`,
  restartCount: 0,
  ready: false,
  started: false,
  lastState: {},
  ...fields,
});

const running = (startedAt = '2026-01-02T02:00:10Z'): Json => ({ running: { startedAt } });
const waiting = (reason: string, message?: string): Json => ({
  waiting: message === undefined ? { reason } : { reason, message },
});
const terminated = (fields: Json): Json => ({
  terminated: {
    containerID: 'containerd://9c1e2d',
    startedAt: '2026-01-02T02:00:10Z',
    finishedAt: '2026-01-02T02:30:00Z',
    ...fields,
  },
});

type PodInput = {
  name?: string;
  deletionTimestamp?: string;
  initContainers?: Json[];
  containers?: Json[];
  readinessGates?: Json[];
  /** null for a pod not scheduled yet. */
  nodeName?: string | null;
  status: Json;
};

const pod = (input: PodInput): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: input.name ?? 'web-7d4b9c8f6d-x2x7q',
    namespace: 'shop',
    uid: '3f2b8a6e-1c4d-4e5f-9a7b-2c1d0e9f8a7b',
    resourceVersion: '48213',
    creationTimestamp: CREATED,
    labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-7d4b9c8f6d',
        uid: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
        controller: true,
      },
    ],
    ...(input.deletionTimestamp === undefined
      ? {}
      : { deletionTimestamp: input.deletionTimestamp, deletionGracePeriodSeconds: 30 }),
  },
  spec: {
    ...(input.initContainers === undefined ? {} : { initContainers: input.initContainers }),
    containers: input.containers ?? [containerSpec('web', 'registry.example.com/web:1.4.2')],
    ...(input.readinessGates === undefined ? {} : { readinessGates: input.readinessGates }),
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
    ...(input.nodeName === null ? {} : { nodeName: input.nodeName ?? 'worker-1' }),
  },
  status: { qosClass: 'BestEffort', hostIP: '10.0.0.11', startTime: '2026-01-02T02:00:02Z', ...input.status },
});

const scheduled = [condition('PodScheduled', 'True')];
const allTrue = [
  condition('PodReadyToStartContainers', 'True'),
  condition('Initialized', 'True'),
  condition('Ready', 'True'),
  condition('ContainersReady', 'True'),
  condition('PodScheduled', 'True'),
];
const notReady = [
  condition('PodReadyToStartContainers', 'True'),
  condition('Initialized', 'True'),
  condition('Ready', 'False', 'ContainersNotReady'),
  condition('ContainersReady', 'False', 'ContainersNotReady'),
  condition('PodScheduled', 'True'),
];
const initializing = [
  condition('PodReadyToStartContainers', 'True'),
  condition('Initialized', 'False', 'ContainersNotInitialized'),
  condition('Ready', 'False', 'ContainersNotReady'),
  condition('ContainersReady', 'False', 'ContainersNotReady'),
  condition('PodScheduled', 'True'),
];

const two = [
  containerSpec('web', 'registry.example.com/web:1.4.2'),
  containerSpec('metrics', 'registry.example.com/metrics:0.9.0'),
];
const threeInits = [
  containerSpec('migrate', 'registry.example.com/migrate:3'),
  containerSpec('seed', 'registry.example.com/seed:3'),
  containerSpec('warm-cache', 'registry.example.com/warm:3'),
];
const proxySidecar = containerSpec('proxy', 'registry.example.com/proxy:1.22', { restartPolicy: 'Always' });

type Expected = Pick<PodColumns, 'ready' | 'status' | 'restartsText'>;
type Case = [string, KubeObject, Expected];

const cases: Case[] = [
  [
    'a running ready container',
    pod({
      status: {
        phase: 'Running',
        conditions: allTrue,
        podIP: '10.244.1.7',
        containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
      },
    }),
    { ready: '1/1', status: 'Running', restartsText: '0' },
  ],
  [
    'Pending with nothing started yet',
    pod({ status: { phase: 'Pending', conditions: scheduled }, containers: two }),
    { ready: '0/2', status: 'Pending', restartsText: '0' },
  ],
  [
    'ContainerCreating',
    pod({
      status: {
        phase: 'Pending',
        conditions: notReady,
        containerStatuses: [cs('web', { state: waiting('ContainerCreating') })],
      },
    }),
    { ready: '0/1', status: 'ContainerCreating', restartsText: '0' },
  ],
  [
    'ErrImagePull',
    pod({
      status: {
        phase: 'Pending',
        conditions: notReady,
        containerStatuses: [
          cs('web', {
            state: waiting(
              'ErrImagePull',
              'failed to pull and unpack image "registry.example.com/web:1.4.3": not found',
            ),
          }),
        ],
      },
    }),
    { ready: '0/1', status: 'ErrImagePull', restartsText: '0' },
  ],
  [
    'ImagePullBackOff',
    pod({
      status: {
        phase: 'Pending',
        conditions: notReady,
        containerStatuses: [
          cs('web', {
            state: waiting('ImagePullBackOff', 'Back-off pulling image "registry.example.com/web:1.4.3"'),
          }),
        ],
      },
    }),
    { ready: '0/1', status: 'ImagePullBackOff', restartsText: '0' },
  ],
  [
    'CrashLoopBackOff with the newest termination 5m ago',
    pod({
      status: {
        phase: 'Running',
        conditions: notReady,
        containerStatuses: [
          cs('web', {
            state: waiting(
              'CrashLoopBackOff',
              'back-off 1m20s restarting failed container=web pod=web-7d4b9c8f6d-x2x7q',
            ),
            restartCount: 4,
            lastState: terminated({ exitCode: 1, reason: 'Error', finishedAt: '2026-01-02T03:07:00Z' }),
          }),
        ],
      },
    }),
    { ready: '0/1', status: 'CrashLoopBackOff', restartsText: '4 (5m ago)' },
  ],
  [
    'RESTARTS sums containers and dates from the newest termination of any of them',
    pod({
      containers: two,
      status: {
        phase: 'Running',
        conditions: allTrue,
        containerStatuses: [
          cs('metrics', {
            state: running('2026-01-02T02:40:00Z'),
            ready: true,
            started: true,
            restartCount: 1,
            lastState: terminated({ exitCode: 2, reason: 'Error', finishedAt: '2026-01-02T02:39:50Z' }),
          }),
          cs('web', {
            state: running('2026-01-02T03:09:30Z'),
            ready: true,
            started: true,
            restartCount: 2,
            lastState: terminated({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-01-02T03:09:25Z' }),
          }),
        ],
      },
    }),
    { ready: '2/2', status: 'Running', restartsText: '3 (2m35s ago)' },
  ],
  [
    'restarts without a recorded termination print the bare count',
    pod({
      status: {
        phase: 'Running',
        conditions: allTrue,
        containerStatuses: [cs('web', { state: running(), ready: true, started: true, restartCount: 2 })],
      },
    }),
    { ready: '1/1', status: 'Running', restartsText: '2' },
  ],
  [
    'Completed',
    pod({
      status: {
        phase: 'Succeeded',
        conditions: [
          condition('Initialized', 'True', 'PodCompleted'),
          condition('Ready', 'False', 'PodCompleted'),
          condition('ContainersReady', 'False', 'PodCompleted'),
          condition('PodScheduled', 'True'),
        ],
        containerStatuses: [cs('web', { state: terminated({ exitCode: 0, reason: 'Completed' }) })],
      },
    }),
    { ready: '0/1', status: 'Completed', restartsText: '0' },
  ],
  [
    'Error',
    pod({
      status: {
        phase: 'Failed',
        conditions: notReady,
        containerStatuses: [cs('web', { state: terminated({ exitCode: 1, reason: 'Error' }) })],
      },
    }),
    { ready: '0/1', status: 'Error', restartsText: '0' },
  ],
  [
    'OOMKilled',
    pod({
      status: {
        phase: 'Failed',
        conditions: notReady,
        containerStatuses: [cs('web', { state: terminated({ exitCode: 137, reason: 'OOMKilled' }) })],
      },
    }),
    { ready: '0/1', status: 'OOMKilled', restartsText: '0' },
  ],
  [
    'Signal:N for a termination without reason but with a signal',
    pod({
      status: {
        phase: 'Failed',
        conditions: notReady,
        containerStatuses: [cs('web', { state: terminated({ exitCode: 137, signal: 9 }) })],
      },
    }),
    { ready: '0/1', status: 'Signal:9', restartsText: '0' },
  ],
  [
    'ExitCode:N for a termination without reason or signal',
    pod({
      status: {
        phase: 'Failed',
        conditions: notReady,
        containerStatuses: [cs('web', { state: terminated({ exitCode: 2 }) })],
      },
    }),
    { ready: '0/1', status: 'ExitCode:2', restartsText: '0' },
  ],
  [
    'the first container has the last word',
    pod({
      containers: two,
      status: {
        phase: 'Pending',
        conditions: notReady,
        containerStatuses: [
          cs('metrics', { state: waiting('CrashLoopBackOff') }),
          cs('web', { state: waiting('ImagePullBackOff') }),
        ],
      },
    }),
    { ready: '0/2', status: 'CrashLoopBackOff', restartsText: '0' },
  ],
  [
    'Completed turns back into Running while another container runs and the pod is Ready',
    pod({
      containers: two,
      status: {
        phase: 'Running',
        conditions: allTrue,
        containerStatuses: [
          cs('web', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('metrics', { state: running(), ready: true, started: true }),
        ],
      },
    }),
    { ready: '1/2', status: 'Running', restartsText: '0' },
  ],
  [
    'NotReady when that pod is not Ready',
    pod({
      containers: two,
      status: {
        phase: 'Running',
        conditions: notReady,
        containerStatuses: [
          cs('web', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('metrics', { state: running(), ready: true, started: true }),
        ],
      },
    }),
    { ready: '1/2', status: 'NotReady', restartsText: '0' },
  ],
  [
    'a running but unready container keeps the phase',
    pod({
      status: {
        phase: 'Running',
        conditions: notReady,
        containerStatuses: [cs('web', { state: running(), started: true })],
      },
    }),
    { ready: '0/1', status: 'Running', restartsText: '0' },
  ],
  [
    'Init:N/M while an init container runs',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Pending',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('seed', { state: running(), started: true }),
          cs('warm-cache', { state: waiting('PodInitializing') }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/1', status: 'Init:1/3', restartsText: '0' },
  ],
  [
    'Init:0/M skips a PodInitializing waiting reason',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Pending',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', { state: waiting('PodInitializing') }),
          cs('seed', { state: waiting('PodInitializing') }),
          cs('warm-cache', { state: waiting('PodInitializing') }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/1', status: 'Init:0/3', restartsText: '0' },
  ],
  [
    'Init:Error',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Pending',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', { state: terminated({ exitCode: 1, reason: 'Error' }), restartCount: 0 }),
          cs('seed', { state: waiting('PodInitializing') }),
          cs('warm-cache', { state: waiting('PodInitializing') }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/1', status: 'Init:Error', restartsText: '0' },
  ],
  [
    'Init:CrashLoopBackOff counts init restarts while initializing',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Pending',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', {
            state: waiting('CrashLoopBackOff', 'back-off 40s restarting failed container=migrate'),
            restartCount: 3,
            lastState: terminated({ exitCode: 1, reason: 'Error', finishedAt: '2026-01-02T03:10:00Z' }),
          }),
          cs('seed', { state: waiting('PodInitializing') }),
          cs('warm-cache', { state: waiting('PodInitializing') }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/1', status: 'Init:CrashLoopBackOff', restartsText: '3 (2m ago)' },
  ],
  [
    'Init:ExitCode:N',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Failed',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('seed', { state: terminated({ exitCode: 3 }) }),
          cs('warm-cache', { state: waiting('PodInitializing') }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/1', status: 'Init:ExitCode:3', restartsText: '0' },
  ],
  [
    'Init:Signal:N',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Pending',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', { state: terminated({ exitCode: 143, signal: 15 }) }),
          cs('seed', { state: waiting('PodInitializing') }),
          cs('warm-cache', { state: waiting('PodInitializing') }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/1', status: 'Init:Signal:15', restartsText: '0' },
  ],
  [
    'PodInitializing once every init container completed',
    pod({
      initContainers: threeInits,
      status: {
        phase: 'Pending',
        conditions: [
          condition('Initialized', 'True'),
          condition('Ready', 'False', 'ContainersNotReady'),
          condition('PodScheduled', 'True'),
        ],
        initContainerStatuses: [
          cs('migrate', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('seed', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('warm-cache', { state: terminated({ exitCode: 0, reason: 'Completed' }), restartCount: 1 }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    // Once initialized, only sidecar and app restarts count.
    { ready: '0/1', status: 'PodInitializing', restartsText: '0' },
  ],
  [
    'a started and ready sidecar counts in READY and RESTARTS',
    pod({
      initContainers: [proxySidecar],
      status: {
        phase: 'Running',
        conditions: allTrue,
        initContainerStatuses: [
          cs('proxy', {
            state: running('2026-01-02T02:50:00Z'),
            ready: true,
            started: true,
            restartCount: 2,
            lastState: terminated({ exitCode: 137, reason: 'Error', finishedAt: '2026-01-02T02:49:58Z' }),
          }),
        ],
        containerStatuses: [
          cs('web', {
            state: running(),
            ready: true,
            started: true,
            restartCount: 1,
            lastState: terminated({ exitCode: 1, reason: 'Error', finishedAt: '2026-01-02T02:12:00Z' }),
          }),
        ],
      },
    }),
    { ready: '2/2', status: 'Running', restartsText: '3 (22m ago)' },
  ],
  [
    'a started sidecar that is not ready is counted in the total only',
    pod({
      initContainers: [proxySidecar],
      status: {
        phase: 'Running',
        conditions: notReady,
        initContainerStatuses: [cs('proxy', { state: running(), started: true })],
        containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
      },
    }),
    { ready: '1/2', status: 'Running', restartsText: '0' },
  ],
  [
    'a sidecar that has not started yet holds initialization',
    pod({
      initContainers: [containerSpec('migrate', 'registry.example.com/migrate:3'), proxySidecar],
      status: {
        phase: 'Pending',
        conditions: initializing,
        initContainerStatuses: [
          cs('migrate', { state: terminated({ exitCode: 0, reason: 'Completed' }) }),
          cs('proxy', { state: running(), started: false }),
        ],
        containerStatuses: [cs('web', { state: waiting('PodInitializing') })],
      },
    }),
    { ready: '0/2', status: 'Init:1/2', restartsText: '0' },
  ],
  [
    'a crash-looping sidecar of an initialized pod shows Init:CrashLoopBackOff while the app runs',
    pod({
      initContainers: [proxySidecar],
      status: {
        phase: 'Running',
        conditions: notReady,
        initContainerStatuses: [
          cs('proxy', {
            state: waiting('CrashLoopBackOff'),
            restartCount: 5,
            lastState: terminated({ exitCode: 1, reason: 'Error', finishedAt: '2026-01-02T03:11:00Z' }),
          }),
        ],
        containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
      },
    }),
    { ready: '1/2', status: 'Init:CrashLoopBackOff', restartsText: '5 (60s ago)' },
  ],
  [
    'Terminating for a pod being deleted',
    pod({
      deletionTimestamp: '2026-01-02T03:11:40Z',
      status: {
        phase: 'Running',
        conditions: allTrue,
        containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
      },
    }),
    { ready: '1/1', status: 'Terminating', restartsText: '0' },
  ],
  [
    'a deleted pod that already succeeded keeps Completed',
    pod({
      deletionTimestamp: '2026-01-02T03:11:40Z',
      status: {
        phase: 'Succeeded',
        conditions: notReady,
        containerStatuses: [cs('web', { state: terminated({ exitCode: 0, reason: 'Completed' }) })],
      },
    }),
    { ready: '0/1', status: 'Completed', restartsText: '0' },
  ],
  [
    'a deleted pod that already failed keeps Error',
    pod({
      deletionTimestamp: '2026-01-02T03:11:40Z',
      status: {
        phase: 'Failed',
        conditions: notReady,
        containerStatuses: [cs('web', { state: terminated({ exitCode: 1, reason: 'Error' }) })],
      },
    }),
    { ready: '0/1', status: 'Error', restartsText: '0' },
  ],
  [
    'Unknown for a pod deleted on a lost node',
    pod({
      deletionTimestamp: '2026-01-02T03:05:00Z',
      status: {
        phase: 'Running',
        reason: 'NodeLost',
        message: 'Node worker-1 which was running pod web-7d4b9c8f6d-x2x7q is unresponsive',
        conditions: notReady,
        containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
      },
    }),
    { ready: '1/1', status: 'Unknown', restartsText: '0' },
  ],
  [
    'NodeLost before deletion',
    pod({
      status: {
        phase: 'Running',
        reason: 'NodeLost',
        conditions: notReady,
        containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
      },
    }),
    { ready: '1/1', status: 'NodeLost', restartsText: '0' },
  ],
  [
    'SchedulingGated',
    pod({
      nodeName: null,
      status: {
        phase: 'Pending',
        conditions: [condition('PodScheduled', 'False', 'SchedulingGated')],
      },
    }),
    { ready: '0/1', status: 'SchedulingGated', restartsText: '0' },
  ],
  [
    'Evicted from status.reason when no container says otherwise',
    pod({
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87Mi.',
      },
    }),
    { ready: '0/1', status: 'Evicted', restartsText: '0' },
  ],
  [
    'an evicted pod whose container was lost shows the container reason',
    pod({
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        containerStatuses: [
          cs('web', {
            state: terminated({
              exitCode: 137,
              reason: 'ContainerStatusUnknown',
              message: 'The container could not be located when the pod was terminated',
            }),
          }),
        ],
      },
    }),
    { ready: '0/1', status: 'ContainerStatusUnknown', restartsText: '0' },
  ],
  [
    'an unknown phase is shown verbatim',
    pod({ status: { phase: 'Hibernating' } }),
    { ready: '0/1', status: 'Hibernating', restartsText: '0' },
  ],
  [
    'an unknown status.reason is shown verbatim',
    pod({ status: { phase: 'Failed', reason: 'UnexpectedAdmissionError' } }),
    { ready: '0/1', status: 'UnexpectedAdmissionError', restartsText: '0' },
  ],
  [
    'an unknown waiting reason is shown verbatim',
    pod({
      status: {
        phase: 'Pending',
        conditions: notReady,
        containerStatuses: [
          cs('web', { state: waiting('CreateContainerConfigError', 'secret "db" not found') }),
        ],
      },
    }),
    { ready: '0/1', status: 'CreateContainerConfigError', restartsText: '0' },
  ],
];

describe('podColumns', () => {
  it.each(cases)('%s', (_name, given, expected) => {
    const got = podColumns(given, NOW);
    expect({ ready: got.ready, status: got.status, restartsText: got.restartsText }).toEqual(expected);
    expect(got.ready).toBe(`${got.readyCount}/${got.totalCount}`);
    expect(got.age).toBe('72m');
  });

  it('keeps the restart count and time so RESTARTS can be reprinted later', () => {
    const crashing = cases.find(([name]) => name.startsWith('CrashLoopBackOff'))?.[1];
    if (crashing === undefined) throw new Error('fixture missing');
    const got = podColumns(crashing, NOW);
    expect(got.restarts).toBe(4);
    expect(got.lastRestartAt).toBe('2026-01-02T03:07:00Z');
    expect(podRestartsText(got.restarts, got.lastRestartAt, NOW + 60 * 60 * 1000)).toBe('4 (65m ago)');
    expect(podRestartsText(0, null, NOW)).toBe('0');
    expect(podRestartsText(2, null, NOW)).toBe('2');
  });

  it('prints the wide columns', () => {
    const got = podColumns(
      pod({
        readinessGates: [
          { conditionType: 'example.com/lb-ready' },
          { conditionType: 'example.com/dns-ready' },
        ],
        status: {
          phase: 'Running',
          podIP: '10.244.1.7',
          podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00:10:244:1::7' }],
          nominatedNodeName: 'worker-3',
          conditions: [
            ...allTrue,
            condition('example.com/lb-ready', 'True'),
            condition('example.com/dns-ready', 'False'),
          ],
          containerStatuses: [cs('web', { state: running(), ready: true, started: true })],
        },
      }),
      NOW,
    );
    expect([got.ip, got.node, got.nominatedNode, got.readinessGates]).toEqual([
      '10.244.1.7',
      'worker-1',
      'worker-3',
      '1/2',
    ]);
  });

  it('prints <none> for unset wide columns', () => {
    const got = podColumns(
      {
        metadata: { name: 'bare', creationTimestamp: CREATED },
        spec: { containers: [] },
        status: { phase: 'Pending' },
      },
      NOW,
    );
    expect([got.ip, got.node, got.nominatedNode, got.readinessGates]).toEqual([
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
    expect(got.ready).toBe('0/0');
  });

  it('survives a pod without spec or status', () => {
    const got = podColumns({ metadata: { name: 'empty' } }, NOW);
    expect(got).toMatchObject({ ready: '0/0', status: '', restartsText: '0', age: '<unknown>' });
  });
});
