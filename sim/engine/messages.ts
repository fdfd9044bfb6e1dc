// The texts the real components write, in one place so that they can be checked against the
// kubelet, scheduler and controller sources.
import { goDuration } from './format.ts';
import type { LifecycleHandler } from './types.ts';

/** format.Pod(pod): name_namespace(uid). */
export const podRef = (name: string, namespace: string, uid: string): string =>
  `${name}_${namespace}(${uid})`;

export const msg = {
  scheduled: (ns: string, pod: string, node: string) => `Successfully assigned ${ns}/${pod} to ${node}`,
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, ms: number, size: number) =>
    `Successfully pulled image "${image}" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${size} bytes.`,
  alreadyPresent: (image: string) => `Container image "${image}" already present on machine`,
  pullFailed: (image: string, error: string) => `Failed to pull image "${image}": ${error}`,
  pullBackOff: (image: string) => `Back-off pulling image "${image}"`,
  pullBackOffWaiting: (image: string, error: string) =>
    `Back-off pulling image "${image}": ErrImagePull: ${error}`,
  neverPull: (image: string) => `Container image "${image}" is not present with pull policy of Never`,
  created: (name: string) => `Created container: ${name}`,
  started: (name: string) => `Started container ${name}`,
  stopping: (name: string) => `Stopping container ${name}`,
  livenessKill: (name: string) => `Container ${name} failed liveness probe, will be restarted`,
  startupKill: (name: string) => `Container ${name} failed startup probe, will be restarted`,
  probeFailed: (kind: 'Liveness' | 'Readiness' | 'Startup', output: string) =>
    `${kind} probe failed: ${output}`,
  backOff: (name: string, pod: string) => `Back-off restarting failed container ${name} in pod ${pod}`,
  backOffWaiting: (delayMs: number, name: string, pod: string) =>
    `back-off ${goDuration(delayMs)} restarting failed container=${name} pod=${pod}`,
  // Since 1.26 the hook events leave out the handler's output (it may hold secrets); the full text
  // still reaches the container's waiting message.
  postStartFailed: 'PostStartHook failed',
  preStopFailed: 'PreStopHook failed',
  hookFailure: (handler: LifecycleHandler, container: string, pod: string, error: string, output: string) => {
    if (handler.httpGet) {
      return `Http lifecycle hook (${handler.httpGet.path ?? '/'}) for Container "${container}" in Pod "${pod}" failed - error: ${error}, message: ${JSON.stringify(output)}`;
    }
    const command = handler.exec?.command ?? [];
    return `Exec lifecycle hook ([${command.join(' ')}]) for Container "${container}" in Pod "${pod}" failed - error: ${error}, message: ${JSON.stringify(output)}`;
  },
  containersNotReady: (names: string[]) => `containers with unready status: [${names.join(' ')}]`,
  containersNotInitialized: (names: string[]) => `containers with incomplete status: [${names.join(' ')}]`,
  failedScheduling: (total: number, reasons: Map<string, number>, preemption: Map<string, number>) => {
    const list = (m: Map<string, number>) =>
      // The scheduler sorts the "N reason" strings themselves.
      [...m.entries()]
        .map(([reason, n]) => `${n} ${reason}`)
        .sort()
        .join(', ');
    return `0/${total} nodes are available: ${list(reasons)}. preemption: 0/${total} nodes are available: ${list(preemption)}.`;
  },
  evicted: (resource: string, threshold: string, available: string, container: string, usage: string) =>
    `The node was low on resource: ${resource}. Threshold quantity: ${threshold}, available: ${available}. Container ${container} was using ${usage}, request is 0, has larger consumption of ${resource}. `,
  createdPod: (name: string) => `Created pod: ${name}`,
  deletedPod: (name: string) => `Deleted pod: ${name}`,
  scaled: (dir: 'up' | 'down', rs: string, from: number, to: number) =>
    `Scaled ${dir} replica set ${rs} from ${from} to ${to}`,
};
