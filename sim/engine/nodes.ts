// Nodes as the kubelet registers them: capacity, allocatable, conditions, addresses, node info.
import type { KubeObject } from '../../store/types.ts';
import { parseQuantity, rfc3339 } from './format.ts';

export type NodeInput = {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  /** Control-plane nodes carry the NoSchedule taint. */
  controlPlane?: boolean;
};

export type NodeState = {
  name: string;
  index: number;
  internalIP: string;
  podCIDR: string;
  nextHost: number;
  cpu: number;
  memory: number;
  maxPods: number;
  unschedulable: boolean;
  images: Set<string>;
  object: KubeObject;
};

export const defaultNodes: NodeInput[] = [
  { name: 'sim-control-plane', cpu: '4', memory: '8Gi', controlPlane: true },
  { name: 'sim-worker', cpu: '4', memory: '8Gi' },
  { name: 'sim-worker2', cpu: '4', memory: '8Gi' },
  { name: 'sim-worker3', cpu: '4', memory: '8Gi' },
];

const nodeConditions = (now: number, since: number): unknown[] => {
  const cond = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: rfc3339(now),
    lastTransitionTime: rfc3339(since),
    message,
    reason,
    status,
    type,
  });
  return [
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
};

export const nodeObject = (input: NodeInput, index: number, now: number, uid: string): NodeState => {
  const cpu = input.cpu ?? '4';
  const memory = input.memory ?? '8Gi';
  const maxPods = input.pods ?? 110;
  const internalIP = `172.18.0.${index + 2}`;
  const podCIDR = `10.244.${index}.0/24`;
  const memBytes = parseQuantity(memory);
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      uid,
      creationTimestamp: rfc3339(now),
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': input.name,
        'kubernetes.io/os': 'linux',
        ...(input.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        ...input.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      providerID: `kind://docker/sim/${input.name}`,
      ...(input.controlPlane
        ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] }
        : {}),
    },
    status: {
      addresses: [
        { address: internalIP, type: 'InternalIP' },
        { address: input.name, type: 'Hostname' },
      ],
      allocatable: { cpu, 'ephemeral-storage': '100Gi', memory, pods: String(maxPods) },
      capacity: { cpu, 'ephemeral-storage': '100Gi', memory, pods: String(maxPods) },
      conditions: nodeConditions(now, now),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [],
      nodeInfo: {
        architecture: 'amd64',
        bootID: uid,
        containerRuntimeVersion: 'containerd://1.7.18',
        kernelVersion: '6.8.0-45-generic',
        kubeProxyVersion: 'v1.31.0',
        kubeletVersion: 'v1.31.0',
        machineID: uid.replace(/-/g, ''),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: uid,
      },
    },
  };
  return {
    name: input.name,
    index,
    internalIP,
    podCIDR,
    nextHost: 2,
    cpu: parseQuantity(cpu),
    memory: memBytes,
    maxPods,
    unschedulable: input.controlPlane === true,
    images: new Set(),
    object,
  };
};

/** The node's periodic status report (every 5 minutes when nothing changed): fresh heartbeats. */
export const refreshNodeStatus = (node: KubeObject, now: number): KubeObject => {
  const next = structuredClone(node);
  const status = (next.status ?? {}) as { conditions?: { lastHeartbeatTime?: string }[] };
  for (const c of status.conditions ?? []) c.lastHeartbeatTime = rfc3339(now);
  return next;
};
