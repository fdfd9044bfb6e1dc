// The slices of the Pod API the engine reads, and the behaviour a scenario gives each container
// (what its process does), which a real cluster would get from the image itself.

export type ExecAction = { command: string[] };
export type HttpGetAction = { path?: string; port: number | string; scheme?: string; host?: string };
export type TcpSocketAction = { port: number | string };
export type LifecycleHandler = {
  exec?: ExecAction;
  httpGet?: HttpGetAction;
  tcpSocket?: TcpSocketAction;
  sleep?: { seconds: number };
};
export type Probe = Omit<LifecycleHandler, 'sleep'> & {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
};
export type ResourceRequirements = { requests?: Record<string, string>; limits?: Record<string, string> };
export type ContainerSpec = {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  env?: { name: string; value?: string }[];
  resources?: ResourceRequirements;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { postStart?: LifecycleHandler; preStop?: LifecycleHandler };
  [key: string]: unknown;
};
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';
export type PodSpec = {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: RestartPolicy;
  terminationGracePeriodSeconds?: number;
  nodeName?: string;
  tolerations?: unknown[];
  [key: string]: unknown;
};

/** What one run of a container's process does. Times are seconds after the process started. */
export type RunBehavior = {
  /** The process exits by itself after this long (absent: it runs until killed). */
  exitAfter?: number;
  /** Exit code when it exits by itself (default 0). */
  exitCode?: number;
  /** The kernel OOM-kills it after this long (exit 137, reason OOMKilled). */
  oomAfter?: number;
  /** Until then startup, readiness and liveness probes fail (the app is still starting). */
  warmup?: number;
  /** From then on liveness and readiness probes fail (the app hangs). */
  unhealthyAfter?: number;
  /** Readiness also needs this dependency up (see Engine.setDependency). */
  dependsOn?: string;
  /** How the process answers SIGTERM: exits after `after` s with `exitCode`; null ignores it (SIGKILL at the end of the grace period). */
  onSigterm?: { after: number; exitCode: number } | null;
  /** The postStart hook runs this long and fails with `error` when given. */
  postStart?: { seconds: number; error?: string; output?: string };
  /** The preStop hook runs this long and fails with `error` when given. */
  preStop?: { seconds: number; error?: string; output?: string };
};

export type ContainerBehavior = {
  pull?: {
    /** How long a pull takes (default 1–4 s, seeded). */
    seconds?: number;
    /** Image size in bytes (default derived from the name). */
    size?: number;
    /** The registry's answer when the pull fails. */
    error?: string;
    /** Pulls fail this many times before one succeeds (default: every time when `error` is set). */
    failures?: number;
  };
  /** Run i of the container uses runs[min(i, length - 1)]. Default: runs forever, healthy. */
  runs?: RunBehavior[];
  /** Probe output when a probe fails (exec probes print it; defaults depend on the probe kind). */
  probeOutput?: { liveness?: string; readiness?: string; startup?: string };
};

export type PodBehavior = Record<string, ContainerBehavior>;
