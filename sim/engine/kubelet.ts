// The kubelets of all nodes: per pod a worker that creates the sandbox, pulls images, runs init
// containers in order, starts app containers (postStart blocking the worker), probes them, restarts
// them by restartPolicy with the crash-loop back-off, and kills them (preStop, SIGTERM, SIGKILL at
// the end of the grace period) when the pod is deleted, evicted or a probe gives up on them.
import type { KubeObject } from '../../store/types.ts';
import type { Timer } from './actionQueue.ts';
import { createBackoff } from './backoff.ts';
import type { PodRecord, SimContext } from './context.ts';
import { imageIdOf, qualifyImage, rfc3339 } from './format.ts';
import { msg, podRef } from './messages.ts';
import type { NodeState } from './nodes.ts';
import { podSpecOf, qosClass } from './podDefaults.ts';
import type { ContainerBehavior, ContainerSpec, Probe, RestartPolicy, RunBehavior } from './types.ts';

/** How long the kubelet takes to notice a container exit (PLEG relist period). */
const PLEG_MS = 1000;
/** While a container is in back-off, the pod worker re-syncs this often (and says BackOff again). */
const BACKOFF_RESYNC_MS = 10_000;

type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        containerID: string;
        exitCode: number;
        reason: string;
        startedAt: string;
        finishedAt: string;
      };
    };

type Container = {
  name: string;
  init: boolean;
  spec: ContainerSpec;
  behavior: ContainerBehavior;
  fieldPath: string;
  display: ContainerState;
  lastState: ContainerState | undefined;
  lastTerminated: ContainerState | undefined;
  ready: boolean;
  started: boolean;
  restartCount: number;
  containerID: string | undefined;
  imageID: string;
  runs: number;
  running: boolean;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  succeeded: boolean;
  /** Bumps when a process ends: its pending timers become stale. */
  gen: number;
  /** Bumps when probing stops (kill started, process ended). */
  probeGen: number;
  probes: { liveness: number; readiness: number; readinessOk: number; startup: number };
  pendingKill: { message: string; grace: number } | undefined;
  onExit: (() => void) | undefined;
  pullFailures: number;
  lastPullError: string;
};

type PodRuntime = {
  rec: PodRecord;
  node: NodeState;
  ref: string;
  inits: Container[];
  apps: Container[];
  restartPolicy: RestartPolicy;
  grace: number;
  sandbox: boolean;
  podIP: string | undefined;
  startTime: number;
  conditions: Map<string, { status: string; since: number }>;
  phase: string;
  reason: string | undefined;
  message: string | undefined;
  disruption: { reason: string; message: string } | undefined;
  busy: boolean;
  resync: boolean;
  syncTimer: Timer | undefined;
  syncAt: number;
  gen: number;
  terminating: boolean;
  terminal: boolean;
  deleteWhenStopped: boolean;
  lastStatus: string;
};

export type EvictOptions = { message: string };

export type Kubelet = {
  /** The node's kubelet sees a pod bound to it. */
  admit(rec: PodRecord): void;
  /** The pod got a deletionTimestamp: stop its containers within the grace period, then delete it. */
  terminate(rec: PodRecord, graceSeconds: number): void;
  /** The eviction manager picks the pod: Evicted, containers killed, phase Failed; the object stays. */
  evict(rec: PodRecord, options: EvictOptions): void;
  /** Whether the pod is known to a kubelet (bound and not yet gone). */
  has(uid: string): boolean;
};

const tokenVolumeOf = (pod: KubeObject): string => {
  const volumes = (podSpecOf(pod).volumes as { name: string }[] | undefined) ?? [];
  return volumes.find((v) => v.name.startsWith('kube-api-access-'))?.name ?? 'kube-api-access';
};

const currentRun = (c: Container): RunBehavior => {
  const runs = c.behavior.runs ?? [];
  return runs[Math.min(Math.max(c.runs - 1, 0), runs.length - 1)] ?? {};
};

const portOf = (c: ContainerSpec, port: number | string | undefined): number => {
  if (typeof port === 'number') return port;
  return c.ports?.find((p) => p.name === port)?.containerPort ?? c.ports?.[0]?.containerPort ?? 8080;
};

export const createKubelet = (ctx: SimContext): Kubelet => {
  const runtimes = new Map<string, PodRuntime>();
  const crashBackoff = createBackoff();
  const imageBackoff = createBackoff();

  const event = (
    rt: PodRuntime,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    c?: Container,
  ) => ctx.recorder.kubelet(rt.rec.object, rt.node.name, type, reason, message, c?.fieldPath);

  // ---- status -------------------------------------------------------------------------------

  const phaseOf = (rt: PodRuntime): string => {
    if (rt.phase === 'Succeeded' || rt.phase === 'Failed') return rt.phase;
    if (rt.disruption) return 'Failed';
    if (rt.inits.some((c) => !c.succeeded)) {
      const failed = rt.inits.some((c) => c.runs > 0 && !c.running && c.exitCode !== 0);
      if (rt.restartPolicy === 'Never' && failed) return 'Failed';
      return 'Pending';
    }
    let waiting = 0;
    let running = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const c of rt.apps) {
      const s = c.display;
      if ('running' in s) running++;
      else if ('terminated' in s) {
        stopped++;
        if (s.terminated.exitCode === 0) succeeded++;
      } else if (c.lastTerminated) stopped++;
      else waiting++;
    }
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (stopped > 0) {
      if (rt.terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
      if (rt.restartPolicy === 'Always') return 'Running';
      if (stopped === succeeded) return 'Succeeded';
      if (rt.restartPolicy === 'Never') return 'Failed';
      return 'Running';
    }
    return 'Pending';
  };

  const condition = (rt: PodRuntime, type: string, status: string, reason?: string, message?: string) => {
    const previous = rt.conditions.get(type);
    const since = previous && previous.status === status ? previous.since : ctx.now();
    rt.conditions.set(type, { status, since });
    const out: Record<string, unknown> = {
      lastProbeTime: null,
      lastTransitionTime: rfc3339(since),
      status,
      type,
    };
    if (message) out.message = message;
    if (reason) out.reason = reason;
    return out;
  };

  const containerStatus = (c: Container, tokenVolume: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (c.containerID) out.containerID = c.containerID;
    out.image = qualifyImage(c.spec.image);
    out.imageID = c.imageID;
    out.lastState = c.lastState ?? {};
    out.name = c.name;
    out.ready = c.ready;
    out.restartCount = c.restartCount;
    out.started = c.started;
    out.state = c.display;
    out.volumeMounts = [
      {
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        name: tokenVolume,
        readOnly: true,
        recursiveReadOnly: 'Disabled',
      },
    ];
    return out;
  };

  const buildStatus = (rt: PodRuntime): Record<string, unknown> => {
    const phase = phaseOf(rt);
    const terminalReason =
      phase === 'Succeeded' ? 'PodCompleted' : phase === 'Failed' ? 'PodFailed' : undefined;
    const conditions: Record<string, unknown>[] = [];
    if (rt.disruption) {
      conditions.push(condition(rt, 'DisruptionTarget', 'True', rt.disruption.reason, rt.disruption.message));
    }
    conditions.push(condition(rt, 'PodReadyToStartContainers', rt.sandbox ? 'True' : 'False'));
    const notInit = rt.inits.filter((c) => !c.succeeded).map((c) => c.name);
    conditions.push(
      notInit.length === 0
        ? condition(rt, 'Initialized', 'True', phase === 'Succeeded' ? 'PodCompleted' : undefined)
        : condition(
            rt,
            'Initialized',
            'False',
            'ContainersNotInitialized',
            msg.containersNotInitialized(notInit),
          ),
    );
    const unready = rt.apps.filter((c) => !c.ready).map((c) => c.name);
    for (const type of ['Ready', 'ContainersReady']) {
      if (terminalReason && !(type === 'ContainersReady' && phase === 'Failed' && unready.length === 0)) {
        conditions.push(condition(rt, type, 'False', terminalReason));
      } else if (unready.length === 0) conditions.push(condition(rt, type, 'True'));
      else
        conditions.push(condition(rt, type, 'False', 'ContainersNotReady', msg.containersNotReady(unready)));
    }
    const scheduled = (
      (rt.rec.object.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? []
    ).find((c) => c.type === 'PodScheduled');
    if (scheduled) conditions.push(scheduled);
    const tokenVolume = tokenVolumeOf(rt.rec.object);
    const status: Record<string, unknown> = {
      conditions,
      containerStatuses: rt.apps.map((c) => containerStatus(c, tokenVolume)),
      hostIP: rt.node.internalIP,
      hostIPs: [{ ip: rt.node.internalIP }],
    };
    if (rt.inits.length > 0)
      status.initContainerStatuses = rt.inits.map((c) => containerStatus(c, tokenVolume));
    if (rt.reason) status.reason = rt.reason;
    if (rt.message) status.message = rt.message;
    status.phase = phase;
    if (rt.podIP) {
      status.podIP = rt.podIP;
      status.podIPs = [{ ip: rt.podIP }];
    }
    status.qosClass = qosClass(podSpecOf(rt.rec.object));
    status.startTime = rfc3339(rt.startTime);
    return status;
  };

  /** The status manager: writes the pod status when it changed. */
  const flush = (rt: PodRuntime): void => {
    if (rt.rec.gone) return;
    const status = buildStatus(rt);
    rt.phase = status.phase as string;
    const text = JSON.stringify(status);
    if (text === rt.lastStatus) return;
    rt.lastStatus = text;
    ctx.savePod(rt.rec, (pod) => {
      pod.status = status;
    });
    ctx.podChanged(rt.rec);
  };

  // ---- the pod worker -----------------------------------------------------------------------

  const requestSync = (rt: PodRuntime, delayMs = 0): void => {
    if (rt.terminal || rt.terminating) return;
    const at = ctx.now() + delayMs;
    if (rt.syncTimer && rt.syncAt <= at) return;
    rt.syncTimer?.cancel();
    rt.syncAt = at;
    rt.syncTimer = ctx.at(at, () => {
      rt.syncTimer = undefined;
      runSync(rt);
    });
  };

  const runSync = (rt: PodRuntime): void => {
    if (rt.terminal || rt.terminating) return;
    if (rt.busy) {
      rt.resync = true;
      return;
    }
    rt.busy = true;
    const gen = rt.gen;
    syncPod(rt, () => {
      if (rt.gen !== gen) return;
      rt.busy = false;
      if (rt.resync) {
        rt.resync = false;
        requestSync(rt);
      }
    });
  };

  const restartable = (rt: PodRuntime, c: Container): boolean =>
    rt.restartPolicy === 'Always' || (rt.restartPolicy === 'OnFailure' && c.exitCode !== 0);

  /** doBackOff: true (and CrashLoopBackOff shown) while the container's back-off window is open. */
  const inBackOff = (rt: PodRuntime, c: Container): boolean => {
    const key = `${rt.rec.uid}/${c.name}`;
    const now = ctx.now();
    if (crashBackoff.isInBackOffSince(key, c.finishedAt, now)) {
      const delay = crashBackoff.get(key);
      c.display = {
        waiting: { reason: 'CrashLoopBackOff', message: msg.backOffWaiting(delay, c.name, rt.ref) },
      };
      c.lastState = c.lastTerminated;
      event(rt, 'Warning', 'BackOff', msg.backOff(c.name, rt.ref), c);
      flush(rt);
      requestSync(rt, Math.min(BACKOFF_RESYNC_MS, c.finishedAt + delay - now));
      return true;
    }
    crashBackoff.next(key, c.finishedAt, now);
    return false;
  };

  const runSteps = (steps: ((next: () => void) => void)[], done: () => void): void => {
    const step = steps.shift();
    if (!step) done();
    else step(() => runSteps(steps, done));
  };

  const syncPod = (rt: PodRuntime, done: () => void): void => {
    const gen = rt.gen;
    if (!rt.sandbox) {
      ctx.after(1000, () => {
        if (rt.gen !== gen) return;
        rt.sandbox = true;
        const host = rt.node.nextHost;
        rt.node.nextHost = host >= 254 ? 2 : host + 1;
        rt.podIP = `10.244.${rt.node.index}.${host}`;
        flush(rt);
        syncContainers(rt, done);
      });
      return;
    }
    syncContainers(rt, done);
  };

  const syncContainers = (rt: PodRuntime, done: () => void): void => {
    const gen = rt.gen;
    const killed = [...rt.inits, ...rt.apps].find((c) => c.pendingKill && c.running);
    if (killed?.pendingKill) {
      const { message, grace } = killed.pendingKill;
      killed.pendingKill = undefined;
      // The kubelet kills and starts again in one sync, before it sees the exit: no back-off here.
      killContainer(rt, killed, grace, message, () => {
        if (rt.gen !== gen) return;
        if (restartable(rt, killed)) startContainer(rt, killed, done);
        else {
          flush(rt);
          requestSync(rt, PLEG_MS);
          done();
        }
      });
      return;
    }
    for (const c of rt.inits) {
      if (c.succeeded) continue;
      if (c.running) {
        done();
        return;
      }
      if (c.runs > 0) {
        if (rt.restartPolicy === 'Never') {
          finishPod(rt);
          done();
          return;
        }
        if (inBackOff(rt, c)) {
          done();
          return;
        }
      }
      startContainer(rt, c, done);
      return;
    }
    const steps: ((next: () => void) => void)[] = [];
    for (const c of rt.apps) {
      if (c.running) continue;
      if (c.runs > 0 && !restartable(rt, c)) continue;
      if (c.runs > 0 && inBackOff(rt, c)) continue;
      steps.push((next) => startContainer(rt, c, next));
    }
    if (steps.length === 0 && rt.apps.every((c) => !c.running && c.runs > 0 && !restartable(rt, c))) {
      finishPod(rt);
      done();
      return;
    }
    runSteps(steps, done);
  };

  /** A pod whose containers are all done for good (restartPolicy Never/OnFailure): tear the sandbox down. */
  const finishPod = (rt: PodRuntime): void => {
    rt.terminal = true;
    rt.sandbox = false;
    flush(rt);
  };

  // ---- containers ---------------------------------------------------------------------------

  const ensureImage = (rt: PodRuntime, c: Container, cb: (ok: boolean) => void): void => {
    const gen = rt.gen;
    const image = c.spec.image;
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = rt.node.images.has(image);
    if (policy === 'Never' && !present) {
      c.display = { waiting: { reason: 'ErrImageNeverPull', message: msg.neverPull(image) } };
      event(rt, 'Warning', 'ErrImageNeverPull', msg.neverPull(image), c);
      event(rt, 'Warning', 'Failed', 'Error: ErrImageNeverPull', c);
      flush(rt);
      cb(false);
      return;
    }
    if (policy !== 'Always' && present) {
      event(rt, 'Normal', 'Pulled', msg.alreadyPresent(image), c);
      c.imageID = imageIdOf(image);
      cb(true);
      return;
    }
    const key = `${rt.rec.uid}/${image}`;
    const now = ctx.now();
    if (imageBackoff.isInBackOffSinceUpdate(key, now)) {
      event(rt, 'Normal', 'BackOff', msg.pullBackOff(image), c);
      event(rt, 'Warning', 'Failed', 'Error: ImagePullBackOff', c);
      c.display = {
        waiting: { reason: 'ImagePullBackOff', message: msg.pullBackOffWaiting(image, c.lastPullError) },
      };
      flush(rt);
      const until = (imageBackoff.lastUpdate(key) ?? now) + imageBackoff.get(key);
      requestSync(rt, Math.min(BACKOFF_RESYNC_MS, until - now));
      cb(false);
      return;
    }
    event(rt, 'Normal', 'Pulling', msg.pulling(image), c);
    const pull = c.behavior.pull ?? {};
    const ms =
      pull.seconds !== undefined ? Math.round(pull.seconds * 1000) : 1000 + Math.floor(ctx.random() * 3000);
    ctx.after(ms, () => {
      if (rt.gen !== gen) return;
      if (pull.error && (pull.failures === undefined || c.pullFailures < pull.failures)) {
        c.pullFailures += 1;
        c.lastPullError = pull.error;
        event(rt, 'Warning', 'Failed', msg.pullFailed(image, pull.error), c);
        event(rt, 'Warning', 'Failed', 'Error: ErrImagePull', c);
        c.display = { waiting: { reason: 'ErrImagePull', message: msg.pullFailed(image, pull.error) } };
        imageBackoff.next(key, ctx.now(), ctx.now());
        flush(rt);
        requestSync(rt, PLEG_MS);
        return cb(false);
      }
      rt.node.images.add(image);
      const size = pull.size ?? 2_000_000 + (Number.parseInt(imageIdOf(image).slice(-6), 16) % 200_000_000);
      event(rt, 'Normal', 'Pulled', msg.pulled(image, ms, size), c);
      c.imageID = imageIdOf(image);
      cb(true);
    });
  };

  const startContainer = (rt: PodRuntime, c: Container, done: () => void): void => {
    const gen = rt.gen;
    ensureImage(rt, c, (ok) => {
      if (rt.gen !== gen) return;
      if (!ok) return done();
      c.containerID = `containerd://${ctx.ids.hex(64)}`;
      event(rt, 'Normal', 'Created', msg.created(c.name), c);
      if (c.runs > 0) c.restartCount += 1;
      c.runs += 1;
      c.running = true;
      c.startedAt = ctx.now();
      c.started = false;
      c.ready = false;
      c.probes = { liveness: 0, readiness: 0, readinessOk: 0, startup: 0 };
      event(rt, 'Normal', 'Started', msg.started(c.name), c);
      runProcess(rt, c);
      const hook = c.spec.lifecycle?.postStart;
      if (!hook) {
        markRunning(rt, c);
        return done();
      }
      // postStart runs alongside the entrypoint; the worker waits for it, so the status keeps
      // showing the container as not yet running until the hook returns.
      const run = currentRun(c);
      const hookRun = run.postStart ?? { seconds: 0 };
      const instance = c.gen;
      ctx.after(hookRun.seconds * 1000, () => {
        if (rt.gen !== gen) return;
        if (c.gen !== instance) {
          // The process died while the hook ran: the hook fails with it.
          event(rt, 'Warning', 'FailedPostStartHook', msg.postStartFailed, c);
          return done();
        }
        if (hookRun.error) {
          event(rt, 'Warning', 'FailedPostStartHook', msg.postStartFailed, c);
          const detail = msg.hookFailure(hook, c.name, rt.ref, hookRun.error, hookRun.output ?? '');
          killContainer(rt, c, rt.grace, 'FailedPostStartHook', () => {
            if (rt.gen !== gen) return;
            c.display = { waiting: { reason: 'PostStartHookError', message: detail } };
            c.lastState = c.lastTerminated;
            flush(rt);
            requestSync(rt, PLEG_MS);
            done();
          });
          return;
        }
        markRunning(rt, c);
        done();
      });
    });
  };

  const markRunning = (rt: PodRuntime, c: Container): void => {
    c.display = { running: { startedAt: rfc3339(c.startedAt) } };
    if (c.runs > 1) c.lastState = c.lastTerminated;
    startProbes(rt, c);
    flush(rt);
  };

  const runProcess = (rt: PodRuntime, c: Container): void => {
    const run = currentRun(c);
    const instance = c.gen;
    if (run.exitAfter !== undefined) {
      const code = run.exitCode ?? 0;
      ctx.at(c.startedAt + run.exitAfter * 1000, () => {
        if (c.gen === instance) processExit(rt, c, code, code === 0 ? 'Completed' : 'Error');
      });
    }
    if (run.oomAfter !== undefined) {
      ctx.at(c.startedAt + run.oomAfter * 1000, () => {
        if (c.gen === instance) processExit(rt, c, 137, 'OOMKilled');
      });
    }
  };

  const processExit = (rt: PodRuntime, c: Container, exitCode: number, reason: string): void => {
    const now = ctx.now();
    c.running = false;
    c.gen += 1;
    c.probeGen += 1;
    c.finishedAt = now;
    c.exitCode = exitCode;
    c.started = false;
    c.ready = c.init && exitCode === 0;
    if (c.init && exitCode === 0) c.succeeded = true;
    const terminated: ContainerState = {
      terminated: {
        containerID: c.containerID ?? '',
        exitCode,
        finishedAt: rfc3339(now),
        reason,
        startedAt: rfc3339(c.startedAt),
      },
    };
    c.lastTerminated = terminated;
    c.display = terminated;
    const waiter = c.onExit;
    c.onExit = undefined;
    flush(rt);
    if (waiter) waiter();
    else requestSync(rt, PLEG_MS);
  };

  /** killContainer: Killing event, preStop (bounded by the grace period), SIGTERM, SIGKILL when time is up. */
  const killContainer = (
    rt: PodRuntime,
    c: Container,
    graceSeconds: number,
    message: string | undefined,
    done: () => void,
  ): void => {
    event(rt, 'Normal', 'Killing', message ?? msg.stopping(c.name), c);
    c.probeGen += 1;
    const run = currentRun(c);
    const instance = c.gen;
    let hookCutOff = false;
    c.onExit = () => {
      // A preStop hook still running dies with the container; its exec then reports the failure.
      if (hookCutOff) event(rt, 'Warning', 'FailedPreStopHook', msg.preStopFailed, c);
      done();
    };
    const sigterm = (remainingSeconds: number): void => {
      if (c.gen !== instance) return;
      // The runtime always gets at least 2 s after SIGTERM (minimumGracePeriodInSeconds).
      const grace = Math.max(remainingSeconds, 2);
      const reaction = run.onSigterm === undefined ? { after: 0, exitCode: 143 } : run.onSigterm;
      if (reaction && reaction.after < grace) {
        ctx.after(reaction.after * 1000, () => {
          if (c.gen === instance)
            processExit(rt, c, reaction.exitCode, reaction.exitCode === 0 ? 'Completed' : 'Error');
        });
      } else {
        ctx.after(grace * 1000, () => {
          if (c.gen === instance) processExit(rt, c, 137, 'Error');
        });
      }
    };
    const hook = c.spec.lifecycle?.preStop;
    if (!hook) {
      sigterm(graceSeconds);
      return;
    }
    const hookRun = run.preStop ?? { seconds: 0 };
    if (hookRun.seconds <= graceSeconds) {
      ctx.after(hookRun.seconds * 1000, () => {
        if (c.gen !== instance) return;
        if (hookRun.error) event(rt, 'Warning', 'FailedPreStopHook', msg.preStopFailed, c);
        sigterm(graceSeconds - hookRun.seconds);
      });
    } else {
      ctx.after(graceSeconds * 1000, () => {
        hookCutOff = true;
        sigterm(0);
      });
    }
  };

  // ---- probes -------------------------------------------------------------------------------

  const probeOutput = (
    rt: PodRuntime,
    c: Container,
    kind: 'liveness' | 'readiness' | 'startup',
    probe: Probe,
  ) => {
    const given = c.behavior.probeOutput?.[kind];
    if (given !== undefined) return given;
    const run = currentRun(c);
    const warming = (ctx.now() - c.startedAt) / 1000 < (run.warmup ?? 0);
    const ip = rt.podIP ?? '';
    if (probe.httpGet) {
      const port = portOf(c.spec, probe.httpGet.port);
      const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${ip}:${port}${probe.httpGet.path ?? '/'}`;
      if (warming) return `Get "${url}": dial tcp ${ip}:${port}: connect: connection refused`;
      return `HTTP probe failed with statuscode: ${kind === 'readiness' ? 503 : 500}`;
    }
    if (probe.tcpSocket) {
      const port = portOf(c.spec, probe.tcpSocket.port);
      return `dial tcp ${ip}:${port}: connect: connection refused`;
    }
    return '';
  };

  const healthy = (c: Container, kind: 'liveness' | 'readiness' | 'startup'): boolean => {
    const run = currentRun(c);
    const elapsed = (ctx.now() - c.startedAt) / 1000;
    if (elapsed < (run.warmup ?? 0)) return false;
    if (kind === 'startup') return true;
    if (run.unhealthyAfter !== undefined && elapsed >= run.unhealthyAfter) return false;
    if (kind === 'readiness' && run.dependsOn) return ctx.dependencies.get(run.dependsOn) !== false;
    return true;
  };

  const startProbes = (rt: PodRuntime, c: Container): void => {
    const pg = ++c.probeGen;
    if (c.init) return;
    const spec = c.spec;
    const loop = (kind: 'liveness' | 'readiness' | 'startup', probe: Probe): void => {
      const first = Math.max(ctx.now(), c.startedAt + (probe.initialDelaySeconds ?? 0) * 1000);
      const tick = (): void => {
        if (c.probeGen !== pg || !c.running || rt.terminating) return;
        const period = (probe.periodSeconds ?? 10) * 1000;
        if (healthy(c, kind)) {
          if (kind === 'startup') {
            c.started = true;
            afterStarted();
            flush(rt);
            return;
          }
          if (kind === 'liveness') c.probes.liveness = 0;
          else {
            c.probes.readiness = 0;
            c.probes.readinessOk += 1;
            if (!c.ready && c.probes.readinessOk >= (probe.successThreshold ?? 1)) {
              c.ready = true;
              flush(rt);
            }
          }
          ctx.after(period, tick);
          return;
        }
        const label = kind === 'liveness' ? 'Liveness' : kind === 'readiness' ? 'Readiness' : 'Startup';
        event(rt, 'Warning', 'Unhealthy', msg.probeFailed(label, probeOutput(rt, c, kind, probe)), c);
        const threshold = probe.failureThreshold ?? 3;
        if (kind === 'readiness') {
          c.probes.readinessOk = 0;
          c.probes.readiness += 1;
          if (c.ready && c.probes.readiness >= threshold) {
            c.ready = false;
            flush(rt);
          }
          ctx.after(period, tick);
          return;
        }
        c.probes[kind] += 1;
        if (c.probes[kind] >= threshold) {
          c.pendingKill = {
            message: kind === 'liveness' ? msg.livenessKill(c.name) : msg.startupKill(c.name),
            grace: probe.terminationGracePeriodSeconds ?? rt.grace,
          };
          c.probeGen += 1;
          requestSync(rt);
          return;
        }
        ctx.after(period, tick);
      };
      ctx.at(first, tick);
    };
    const afterStarted = (): void => {
      if (spec.livenessProbe) loop('liveness', spec.livenessProbe);
      if (spec.readinessProbe) loop('readiness', spec.readinessProbe);
      else c.ready = true;
    };
    if (spec.startupProbe) loop('startup', spec.startupProbe);
    else {
      c.started = true;
      afterStarted();
    }
  };

  // ---- termination --------------------------------------------------------------------------

  const stopAll = (rt: PodRuntime, graceSeconds: number, then: () => void): void => {
    rt.terminating = true;
    rt.gen += 1;
    rt.busy = false;
    rt.syncTimer?.cancel();
    rt.syncTimer = undefined;
    const running = [...rt.inits, ...rt.apps].filter((c) => c.running);
    let pending = running.length;
    if (pending === 0) {
      then();
      return;
    }
    for (const c of running) {
      c.pendingKill = undefined;
      killContainer(rt, c, graceSeconds, undefined, () => {
        pending -= 1;
        if (pending === 0) then();
      });
    }
  };

  const makeContainer = (
    spec: ContainerSpec,
    init: boolean,
    behavior: ContainerBehavior,
    waiting: string,
  ) => ({
    name: spec.name,
    init,
    spec,
    behavior,
    fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${spec.name}}`,
    display: { waiting: { reason: waiting } },
    lastState: undefined,
    lastTerminated: undefined,
    ready: false,
    started: false,
    restartCount: 0,
    containerID: undefined,
    imageID: '',
    runs: 0,
    running: false,
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    succeeded: false,
    gen: 0,
    probeGen: 0,
    probes: { liveness: 0, readiness: 0, readinessOk: 0, startup: 0 },
    pendingKill: undefined,
    onExit: undefined,
    pullFailures: 0,
    lastPullError: '',
  });

  return {
    admit(rec) {
      const node = rec.node ? ctx.nodes.get(rec.node) : undefined;
      if (!node || runtimes.has(rec.uid)) return;
      const spec = podSpecOf(rec.object);
      const hasInits = (spec.initContainers ?? []).length > 0;
      const rt: PodRuntime = {
        rec,
        node,
        ref: podRef(rec.name, rec.namespace, rec.uid),
        inits: (spec.initContainers ?? []).map((c) =>
          makeContainer(c, true, rec.behavior[c.name] ?? {}, 'PodInitializing'),
        ),
        apps: spec.containers.map((c) =>
          makeContainer(
            c,
            false,
            rec.behavior[c.name] ?? {},
            hasInits ? 'PodInitializing' : 'ContainerCreating',
          ),
        ),
        restartPolicy: spec.restartPolicy ?? 'Always',
        grace: spec.terminationGracePeriodSeconds ?? 30,
        sandbox: false,
        podIP: undefined,
        startTime: ctx.now(),
        conditions: new Map(),
        phase: 'Pending',
        reason: undefined,
        message: undefined,
        disruption: undefined,
        busy: false,
        resync: false,
        syncTimer: undefined,
        syncAt: 0,
        gen: 0,
        terminating: false,
        terminal: false,
        deleteWhenStopped: false,
        lastStatus: '',
      };
      runtimes.set(rec.uid, rt);
      rec.onGone.push(() => runtimes.delete(rec.uid));
      flush(rt);
      requestSync(rt);
    },

    terminate(rec, graceSeconds) {
      const rt = runtimes.get(rec.uid);
      if (!rt) return ctx.removePod(rec);
      if (rt.terminating && !rt.terminal) {
        // An eviction is still stopping the containers: delete once they are gone.
        rt.deleteWhenStopped = true;
        return;
      }
      if (rt.terminal) {
        rt.terminating = true;
        ctx.after(0, () => ctx.removePod(rec));
        return;
      }
      stopAll(rt, graceSeconds, () => {
        rt.terminal = true;
        rt.sandbox = false;
        flush(rt);
        // The kubelet's final status sync deletes the object with grace period 0.
        ctx.after(1000, () => ctx.removePod(rec));
      });
    },

    evict(rec, { message }) {
      const rt = runtimes.get(rec.uid);
      if (!rt || rt.terminating || rt.terminal) return;
      event(rt, 'Warning', 'Evicted', message);
      rt.reason = 'Evicted';
      rt.message = message;
      rt.disruption = { reason: 'TerminationByKubelet', message };
      // Hard thresholds evict with grace period 0 (the runtime still gives 2 s).
      stopAll(rt, 0, () => {
        rt.terminal = true;
        rt.sandbox = false;
        flush(rt);
        if (rt.deleteWhenStopped) ctx.after(1000, () => ctx.removePod(rec));
      });
    },

    has: (uid) => runtimes.has(uid),
  };
};
