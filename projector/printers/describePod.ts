// `kubectl describe pod` as a pure function, following describePod and its helpers in
// k8s.io/kubectl/pkg/describe/describe.go. The text goes through a port of Go's text/tabwriter
// with kubectl's settings (minwidth 0, padding 2, spaces), so values line up exactly as kubectl
// lines them up. Absolute times are printed in UTC; every age is measured from `now`.
import type { KubeObject } from '../../store/types.ts';
import { at, int, type JsonRecord, list, rec, str } from './fields.ts';
import { humanDuration, parseTimestamp, translateTimestampSince } from './humanDuration.ts';
import { formatLabelSelector } from './labelSelector.ts';

/** One Event about the pod, already reduced to what the Events table prints. Times are epoch ms. */
export type DescribeEvent = {
  type: string | null;
  reason: string | null;
  message: string | null;
  /** source.component, or reportingController for events.k8s.io events. */
  source: string | null;
  /** firstTimestamp, or eventTime when that is unset; null prints "<unknown>". */
  firstAt: number | null;
  /** lastTimestamp, or series.lastObservedTime; also the sort key. */
  lastAt: number;
  /** count, or series.count. */
  count: number;
};

// ---------------------------------------------------------------------------------------------
// Go's text/tabwriter as kubectl configures it: tabwriter.Init(buf, 0, 8, 2, ' ', 0).

const PADDING = 2;
const runes = (s: string): number => [...s].length;

/** Aligns tab-separated cells: a column block is a run of lines that have a tab-terminated cell there. */
function tabulate(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const writeLines = (widths: number[], from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] ?? [];
      let s = '';
      cells.forEach((cell, j) => {
        s += cell;
        const width = widths[j];
        if (width !== undefined) s += ' '.repeat(Math.max(0, width - runes(cell)));
      });
      out.push(s);
    }
  };
  // Mirrors Writer.format: find a block for the next column, size it, recurse into the columns right of it.
  const format = (widths: number[], line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= (lines[i] ?? []).length - 1) continue;
      writeLines(widths, start, i);
      start = i;
      let width = 0;
      for (; i < line1; i++) {
        const cells = lines[i] ?? [];
        if (column >= cells.length - 1) break;
        width = Math.max(width, runes(cells[column] ?? '') + PADDING);
      }
      format([...widths, width], start, i);
      start = i;
    }
    writeLines(widths, start, line1);
  };
  format([], 0, lines.length);
  return out.join('\n');
}

// cli-runtime's printers.WriteEscaped: neutralises terminal escapes in everything written.
const escapeTerminal = (s: string): string => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

/** kubectl's PrefixWriter: two spaces per level, added once at the start of each write. */
type PrefixWriter = {
  write: (level: number, text: string) => void;
  writeLine: (text: string) => void;
  flush: () => void;
};

function tabbedString(fn: (w: PrefixWriter) => void): string {
  const segments: string[] = [];
  let buf = '';
  const w: PrefixWriter = {
    write: (level, text) => {
      buf += escapeTerminal('  '.repeat(level) + text);
    },
    writeLine: (text) => {
      buf += escapeTerminal(`${text}\n`);
    },
    flush: () => {
      segments.push(tabulate(buf));
      buf = '';
    },
  };
  fn(w);
  w.flush();
  return segments.join('');
}

// NewNestedPrefixWriter: every level shifted by `indent`, WriteLine included.
const nested = (w: PrefixWriter, indent: number): PrefixWriter => ({
  write: (level, text) => w.write(level + indent, text),
  writeLine: (text) => w.write(indent, `${text}\n`),
  flush: w.flush,
});

// ---------------------------------------------------------------------------------------------
// Small value formatters.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in UTC; an unset time prints as Go's zero time, as metav1.Time{} does. */
function rfc1123z(timestamp: unknown): string {
  const t = parseTimestamp(str(timestamp));
  if (t === null) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

const printBool = (v: unknown): string => (v === true ? 'True' : 'False');
const goBool = (v: unknown): string => (v === true ? 'true' : 'false');
/** Go's %v of a scalar field: its zero value when absent. */
const goVal = (v: unknown): string => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : str(v));
const stringOrNone = (s: string): string => (s === '' ? '<none>' : s);
const sortedKeys = (m: JsonRecord): string[] => Object.keys(m).sort();
const byteLength = (s: string): number => new TextEncoder().encode(s).length;
/** IntOrString.String(). */
const intOrString = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : str(v));

// A resource.Quantity as a number, enough to compare and divide (QoS, resourceFieldRef env).
const SUFFIXES: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
function quantity(v: unknown): number {
  if (typeof v === 'number') return v;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(str(v).trim());
  if (m === null) return 0;
  const mult = SUFFIXES[m[2] ?? ''];
  return mult === undefined ? 0 : Number(m[1]) * mult;
}

// ---------------------------------------------------------------------------------------------
// Labels, annotations, tolerations (printLabelsMultiline and friends).

function printLabelsMultiline(w: PrefixWriter, title: string, labels: unknown, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const m = rec(labels) ?? {};
  const keys = sortedKeys(m);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(0, initialIndent);
      w.write(0, '\t');
    }
    w.write(0, `${key}=${str(m[key])}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

// Go slices strings by bytes; cutting inside a multi-byte character is as rare here as it is there.
const shorten = (s: string, max: number): string =>
  byteLength(s) > max ? `${new TextDecoder().decode(new TextEncoder().encode(s).slice(0, max))}...` : s;

function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: unknown): void {
  w.write(0, `${title}:\t`);
  const m = rec(annotations) ?? {};
  const keys = sortedKeys(m).filter((k) => !SKIPPED_ANNOTATIONS.has(k));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = str(m[key]).replace(/\n$/, '');
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: unknown): void {
  w.write(0, `${title}:\t`);
  const all = list(tolerations).map((t) => rec(t) ?? {});
  if (all.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...all].sort((a, b) => (str(a.key) < str(b.key) ? -1 : str(a.key) > str(b.key) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    const key = str(t.key);
    const value = str(t.value);
    const effect = str(t.effect);
    let s = key;
    if (value !== '') s += `=${value}`;
    if (effect !== '') s += `:${effect}`;
    // operator Exists with no value tolerates everything matching the key (or everything at all).
    if (t.operator === 'Exists' && value === '')
      s += key !== '' || effect !== '' ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') s += ` for ${Math.trunc(t.tolerationSeconds)}s`;
    w.write(0, `${s}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// Containers (describeContainers and its helpers).

function describeResources(resources: unknown, w: PrefixWriter, level: number): void {
  const r = rec(resources);
  if (r === undefined) return;
  for (const [title, value] of [
    ['Limits', r.limits],
    ['Requests', r.requests],
  ] as const) {
    const m = rec(value) ?? {};
    const names = sortedKeys(m);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${goVal(m[name])}\n`);
  }
}

const portList = (ports: JsonRecord[], field: 'containerPort' | 'hostPort'): string =>
  ports
    .map((p) => {
      const s = `${int(p[field])}/${str(p.protocol)}`;
      return str(p.name) !== '' ? `${s} (${str(p.name)})` : s;
    })
    .join(', ');

function describeContainerBasicInfo(c: JsonRecord, status: JsonRecord | undefined, w: PrefixWriter): void {
  w.write(1, `${str(c.name)}:\n`);
  if (status !== undefined) w.write(2, `Container ID:\t${str(status.containerID)}\n`);
  w.write(2, `Image:\t${str(c.image)}\n`);
  if (status !== undefined) w.write(2, `Image ID:\t${str(status.imageID)}\n`);
  const ports = list(c.ports).map((p) => rec(p) ?? {});
  const portString = portList(ports, 'containerPort');
  if (portString.includes(',')) w.write(2, `Ports:\t${portString}\n`);
  else w.write(2, `Port:\t${stringOrNone(portString)}\n`);
  const hostPortString = portList(ports, 'hostPort');
  if (hostPortString.includes(',')) w.write(2, `Host Ports:\t${hostPortString}\n`);
  else w.write(2, `Host Port:\t${stringOrNone(hostPortString)}\n`);
  const seccomp = rec(at(c, 'securityContext', 'seccompProfile'));
  if (seccomp !== undefined) {
    w.write(2, `SeccompProfile:\t${str(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
  }
}

function describeContainerCommand(c: JsonRecord, w: PrefixWriter): void {
  for (const [title, value] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const) {
    const items = list(value).map(str);
    if (items.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const item of items) for (const s of item.split('\n')) w.write(3, `${s}\n`);
  }
}

function describeStatus(stateName: string, state: unknown, w: PrefixWriter): void {
  const running = rec(at(state, 'running'));
  const waiting = rec(at(state, 'waiting'));
  const terminated = rec(at(state, 'terminated'));
  if (running !== undefined) {
    w.write(2, `${stateName}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(running.startedAt)}\n`);
  } else if (waiting !== undefined) {
    w.write(2, `${stateName}:\tWaiting\n`);
    if (str(waiting.reason) !== '') w.write(3, `Reason:\t${str(waiting.reason)}\n`);
  } else if (terminated !== undefined) {
    w.write(2, `${stateName}:\tTerminated\n`);
    if (str(terminated.reason) !== '') w.write(3, `Reason:\t${str(terminated.reason)}\n`);
    if (str(terminated.message) !== '') w.write(3, `Message:\t${str(terminated.message)}\n`);
    w.write(3, `Exit Code:\t${int(terminated.exitCode)}\n`);
    if (int(terminated.signal) > 0) w.write(3, `Signal:\t${int(terminated.signal)}\n`);
    w.write(3, `Started:\t${rfc1123z(terminated.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(terminated.finishedAt)}\n`);
  } else {
    w.write(2, `${stateName}:\tWaiting\n`);
  }
}

function describeContainerState(status: JsonRecord, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (rec(at(status, 'lastState', 'terminated')) !== undefined)
    describeStatus('Last State', status.lastState, w);
  w.write(2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(2, `Restart Count:\t${int(status.restartCount)}\n`);
}

// Go's net/url: a path that does not start with "/" gets one when there is a host.
function probeURL(httpGet: JsonRecord): string {
  const scheme = str(httpGet.scheme).toLowerCase();
  const host = str(httpGet.host);
  const port = intOrString(httpGet.port);
  const hostPort = port === '' ? host : `${host.includes(':') ? `[${host}]` : host}:${port}`;
  let path = str(httpGet.path);
  if (path !== '' && !path.startsWith('/') && hostPort !== '') path = `/${path}`;
  const authority = hostPort !== '' || path !== '' ? `//${hostPort}` : '';
  return `${scheme === '' ? '' : `${scheme}:`}${authority}${encodeURI(path)}`;
}

/** describe.DescribeProbe. */
export function describeProbe(probe: JsonRecord): string {
  const attrs =
    `delay=${int(probe.initialDelaySeconds)}s timeout=${int(probe.timeoutSeconds)}s ` +
    `period=${int(probe.periodSeconds)}s #success=${int(probe.successThreshold)} #failure=${int(probe.failureThreshold)}`;
  const exec = rec(probe.exec);
  if (exec !== undefined) return `exec [${list(exec.command).map(str).join(' ')}] ${attrs}`;
  const httpGet = rec(probe.httpGet);
  if (httpGet !== undefined) return `http-get ${probeURL(httpGet)} ${attrs}`;
  const tcp = rec(probe.tcpSocket);
  if (tcp !== undefined) return `tcp-socket ${str(tcp.host)}:${intOrString(tcp.port)} ${attrs}`;
  const grpc = rec(probe.grpc);
  if (grpc !== undefined) return `grpc <pod>:${int(grpc.port)} ${str(grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainerProbe(c: JsonRecord, w: PrefixWriter): void {
  for (const [title, field] of [
    ['Liveness', 'livenessProbe'],
    ['Readiness', 'readinessProbe'],
    ['Startup', 'startupProbe'],
  ] as const) {
    const probe = rec(c[field]);
    if (probe !== undefined) w.write(2, `${title}:\t${describeProbe(probe)}\n`);
  }
}

function describeContainerEnvFrom(c: JsonRecord, w: PrefixWriter): void {
  const envFrom = list(c.envFrom).map((e) => rec(e) ?? {});
  w.write(2, `Environment Variables from:${envFrom.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of envFrom) {
    const cm = rec(e.configMapRef);
    const secret = rec(e.secretRef);
    const ref = cm ?? secret;
    const from = cm !== undefined ? 'ConfigMap' : secret !== undefined ? 'Secret' : '';
    const optional = goBool(ref?.optional);
    const prefix = str(e.prefix);
    const source = prefix === '' ? from : `${from} with prefix '${prefix}'`;
    w.write(3, `${str(ref?.name)}\t${source}\tOptional: ${optional}\n`);
  }
}

// kubectl resolves fieldRefs through a scheme that only converts metadata.name and
// metadata.namespace (DefaultMetaV1FieldSelectorConversion); every other path prints empty.
function fieldRefValue(pod: KubeObject, fieldPath: string): string {
  if (fieldPath === 'metadata.name') return str(pod.metadata?.name);
  if (fieldPath === 'metadata.namespace') return str(pod.metadata?.namespace);
  return '';
}

// kubectl's resource.ExtractContainerResourceValue for the standard resources.
function resourceFieldValue(ref: JsonRecord, c: JsonRecord): string {
  const match = /^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.exec(str(ref.resource));
  if (match === null) return '';
  const q = quantity(at(c, 'resources', match[1] ?? '', match[2] ?? ''));
  const divisor = quantity(ref.divisor) === 0 ? 1 : quantity(ref.divisor);
  // cpu is divided in milli-units, memory and storage in whole units rounded up (Quantity.Value()).
  const value =
    match[2] === 'cpu'
      ? Math.ceil(Math.ceil(q * 1000) / Math.ceil(divisor * 1000))
      : Math.ceil(Math.ceil(q) / Math.ceil(divisor));
  return String(value);
}

function describeContainerEnvVars(pod: KubeObject, c: JsonRecord, w: PrefixWriter): void {
  const env = list(c.env).map((e) => rec(e) ?? {});
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const name = str(e.name);
    const from = rec(e.valueFrom);
    if (from === undefined) {
      str(e.value)
        .split('\n')
        .forEach((s, i) => {
          w.write(3, i === 0 ? `${name}:\t${s}\n` : `\t${s}\n`);
        });
      continue;
    }
    const fieldRef = rec(from.fieldRef);
    const resourceFieldRef = rec(from.resourceFieldRef);
    const secretKeyRef = rec(from.secretKeyRef);
    const configMapKeyRef = rec(from.configMapKeyRef);
    if (fieldRef !== undefined) {
      const path = str(fieldRef.fieldPath);
      w.write(3, `${name}:\t${fieldRefValue(pod, path)} (${str(fieldRef.apiVersion)}:${path})\n`);
    } else if (resourceFieldRef !== undefined) {
      const resource = str(resourceFieldRef.resource);
      let value = resourceFieldValue(resourceFieldRef, c);
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
        value = 'node allocatable';
      w.write(3, `${name}:\t${value} (${resource})\n`);
    } else if (secretKeyRef !== undefined) {
      w.write(
        3,
        `${name}:\t<set to the key '${str(secretKeyRef.key)}' in secret '${str(secretKeyRef.name)}'>\t` +
          `Optional: ${goBool(secretKeyRef.optional)}\n`,
      );
    } else if (configMapKeyRef !== undefined) {
      w.write(
        3,
        `${name}:\t<set to the key '${str(configMapKeyRef.key)}' of config map '${str(configMapKeyRef.name)}'>\t` +
          `Optional: ${goBool(configMapKeyRef.optional)}\n`,
      );
    }
  }
}

const byString =
  (field: string) =>
  (a: JsonRecord, b: JsonRecord): number =>
    str(a[field]) < str(b[field]) ? -1 : str(a[field]) > str(b[field]) ? 1 : 0;

function describeContainerVolumes(c: JsonRecord, w: PrefixWriter): void {
  const mounts = list(c.volumeMounts).map((m) => rec(m) ?? {});
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(2, `Mounts:${none}\n`);
  for (const m of [...mounts].sort(byString('mountPath'))) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (str(m.subPath) !== '') flags.push(`path=${JSON.stringify(str(m.subPath))}`);
    w.write(3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
  const devices = list(c.volumeDevices).map((d) => rec(d) ?? {});
  if (devices.length > 0) {
    // kubectl reuses the Mounts "<none>" marker here.
    w.write(2, `Devices:${none}\n`);
    for (const d of [...devices].sort(byString('devicePath'))) {
      w.write(3, `${str(d.devicePath)} from ${str(d.name)}\n`);
    }
  }
}

function describeContainers(
  pod: KubeObject,
  label: string,
  containers: unknown,
  statuses: unknown,
  w: PrefixWriter,
): void {
  const byName = new Map<string, JsonRecord>();
  for (const s of list(statuses)) {
    const status = rec(s);
    if (status !== undefined) byName.set(str(status.name), status);
  }
  const specs = list(containers).map((c) => rec(c) ?? {});
  w.write(0, `${label}:${specs.length === 0 ? ' <none>' : ''}\n`);
  for (const c of specs) {
    const status = byName.get(str(c.name));
    describeContainerBasicInfo(c, status, w);
    describeContainerCommand(c, w);
    if (status !== undefined) describeContainerState(status, w);
    describeResources(c.resources ?? {}, w, 2);
    describeContainerProbe(c, w);
    if (list(c.envFrom).length > 0) describeContainerEnvFrom(c, w);
    describeContainerEnvVars(pod, c, w);
    describeContainerVolumes(c, w);
  }
}

// ---------------------------------------------------------------------------------------------
// Volumes (describeVolumes and the print*VolumeSource functions).

// Sources printed as a Type line followed by "    Field:\tvalue" lines, in kubectl's order.
type SimpleSource = { type: string; fields: [string, (s: JsonRecord) => string][] };
const SIMPLE_SOURCES: Record<string, SimpleSource> = {
  gcePersistentDisk: {
    type: 'GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)',
    fields: [
      ['PDName', (s) => str(s.pdName)],
      ['FSType', (s) => str(s.fsType)],
      ['Partition', (s) => String(int(s.partition))],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  awsElasticBlockStore: {
    type: 'AWSElasticBlockStore (a Persistent Disk resource in AWS)',
    fields: [
      ['VolumeID', (s) => str(s.volumeID)],
      ['FSType', (s) => str(s.fsType)],
      ['Partition', (s) => String(int(s.partition))],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  gitRepo: {
    type: 'GitRepo (a volume that is pulled from git when the pod is created)',
    fields: [
      ['Repository', (s) => str(s.repository)],
      ['Revision', (s) => str(s.revision)],
    ],
  },
  secret: {
    type: 'Secret (a volume populated by a Secret)',
    fields: [
      ['SecretName', (s) => str(s.secretName)],
      ['Optional', (s) => goBool(s.optional)],
    ],
  },
  configMap: {
    type: 'ConfigMap (a volume populated by a ConfigMap)',
    fields: [
      ['Name', (s) => str(s.name)],
      ['Optional', (s) => goBool(s.optional)],
    ],
  },
  nfs: {
    type: 'NFS (an NFS mount that lasts the lifetime of a pod)',
    fields: [
      ['Server', (s) => str(s.server)],
      ['Path', (s) => str(s.path)],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  glusterfs: {
    type: "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
    fields: [
      ['EndpointsName', (s) => str(s.endpoints)],
      ['Path', (s) => str(s.path)],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  persistentVolumeClaim: {
    type: 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
    fields: [
      ['ClaimName', (s) => str(s.claimName)],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  quobyte: {
    type: "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
    fields: [
      ['Registry', (s) => str(s.registry)],
      ['Volume', (s) => str(s.volume)],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  vsphereVolume: {
    type: 'vSphereVolume (a Persistent Disk resource in vSphere)',
    fields: [
      ['VolumePath', (s) => str(s.volumePath)],
      ['FSType', (s) => str(s.fsType)],
      ['StoragePolicyName', (s) => str(s.storagePolicyName)],
    ],
  },
  photonPersistentDisk: {
    type: 'PhotonPersistentDisk (a Persistent Disk resource in photon platform)',
    fields: [
      ['PdID', (s) => str(s.pdID)],
      ['FSType', (s) => str(s.fsType)],
    ],
  },
  portworxVolume: {
    type: 'PortworxVolume (a Portworx Volume resource)',
    fields: [['VolumeID', (s) => str(s.volumeID)]],
  },
  azureFile: {
    type: 'AzureFile (an Azure File Service mount on the host and bind mount to the pod)',
    fields: [
      ['SecretName', (s) => str(s.secretName)],
      ['ShareName', (s) => str(s.shareName)],
      ['ReadOnly', (s) => goBool(s.readOnly)],
    ],
  },
  flocker: {
    type: 'Flocker (a Flocker volume mounted by the Flocker agent)',
    fields: [
      ['DatasetName', (s) => str(s.datasetName)],
      ['DatasetUUID', (s) => str(s.datasetUUID)],
    ],
  },
  image: {
    type: 'Image (a container image or OCI artifact)',
    fields: [
      ['Reference', (s) => str(s.reference)],
      ['PullPolicy', (s) => str(s.pullPolicy)],
    ],
  },
};

// kubectl's switch order; the first source present wins.
const SOURCE_ORDER = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'configMap',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'ephemeral',
  'rbd',
  'quobyte',
  'downwardAPI',
  'azureDisk',
  'vsphereVolume',
  'cinder',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'cephfs',
  'storageos',
  'fc',
  'azureFile',
  'flexVolume',
  'flocker',
  'projected',
  'csi',
  'image',
];

function printPVCTemplate(w: PrefixWriter, template: JsonRecord): void {
  const meta = rec(template.metadata) ?? {};
  const spec = rec(template.spec) ?? {};
  const annotations = rec(meta.annotations) ?? {};
  const betaClass = annotations['volume.beta.kubernetes.io/storage-class'];
  const storageClass = betaClass !== undefined ? str(betaClass) : str(spec.storageClassName);
  w.write(0, `StorageClass:\t${storageClass}\n`);
  w.write(0, `Volume:\t${str(spec.volumeName)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  // A template has no status: capacity reads as the zero Quantity once a volume is named.
  const bound = str(spec.volumeName) !== '';
  w.write(0, `Capacity:\t${bound ? '0' : ''}\n`);
  w.write(0, 'Access Modes:\t\n');
  if (str(spec.volumeMode) !== '') w.write(0, `VolumeMode:\t${str(spec.volumeMode)}\n`);
  const dataSource = rec(spec.dataSource);
  if (dataSource !== undefined) {
    w.write(0, 'DataSource:\n');
    if (typeof dataSource.apiGroup === 'string') w.write(1, `APIGroup:\t${dataSource.apiGroup}\n`);
    w.write(1, `Kind:\t${str(dataSource.kind)}\n`);
    w.write(1, `Name:\t${str(dataSource.name)}\n`);
  }
}

function printVolumeSource(kind: string, s: JsonRecord, w: PrefixWriter): void {
  const simple = SIMPLE_SOURCES[kind];
  if (simple !== undefined) {
    const rest = simple.fields.map(([label, get]) => `    ${label}:\t${get(s)}\n`).join('');
    w.write(2, `Type:\t${simple.type}\n${rest}`);
    return;
  }
  switch (kind) {
    case 'hostPath': {
      const type = typeof s.type === 'string' ? s.type : '<none>';
      w.write(
        2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(s.path)}\n    HostPathType:\t${type}\n`,
      );
      return;
    }
    case 'emptyDir': {
      const size = quantity(s.sizeLimit) > 0 ? goVal(s.sizeLimit) : '<unset>';
      w.write(
        2,
        "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n" +
          `    Medium:\t${str(s.medium)}\n    SizeLimit:\t${size}\n`,
      );
      return;
    }
    case 'ephemeral': {
      w.write(
        2,
        'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
      );
      const template = rec(s.volumeClaimTemplate);
      if (template !== undefined) printPVCTemplate(nested(w, 2), template);
      return;
    }
    case 'downwardAPI': {
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of list(s.items).map((i) => rec(i) ?? {})) {
        const fieldRef = rec(item.fieldRef);
        const resourceFieldRef = rec(item.resourceFieldRef);
        if (fieldRef !== undefined) w.write(3, `${str(fieldRef.fieldPath)} -> ${str(item.path)}\n`);
        if (resourceFieldRef !== undefined)
          w.write(3, `${str(resourceFieldRef.resource)} -> ${str(item.path)}\n`);
      }
      return;
    }
    case 'projected': {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const source of list(s.sources).map((x) => rec(x) ?? {})) {
        const secret = rec(source.secret);
        const configMap = rec(source.configMap);
        const token = rec(source.serviceAccountToken);
        if (secret !== undefined) {
          w.write(2, `SecretName:\t${str(secret.name)}\n    Optional:\t${goBool(secret.optional)}\n`);
        } else if (rec(source.downwardAPI) !== undefined) {
          w.write(2, 'DownwardAPI:\ttrue\n');
        } else if (configMap !== undefined) {
          w.write(
            2,
            `ConfigMapName:\t${str(configMap.name)}\n    Optional:\t${goBool(configMap.optional)}\n`,
          );
        } else if (token !== undefined) {
          w.write(2, `TokenExpirationSeconds:\t${int(token.expirationSeconds)}\n`);
        }
      }
      return;
    }
    case 'csi': {
      w.write(
        2,
        'Type:\tCSI (a Container Storage Interface (CSI) volume source)\n' +
          `    Driver:\t${str(s.driver)}\n    FSType:\t${str(s.fsType)}\n    ReadOnly:\t${goBool(s.readOnly)}\n`,
      );
      // printCSIPersistentVolumeAttributesMultiline writes every piece at LEVEL_2, hence the odd indent.
      w.write(2, 'VolumeAttributes:\t');
      const attrs = rec(s.volumeAttributes) ?? {};
      const keys = sortedKeys(attrs);
      if (keys.length === 0) {
        w.writeLine('<none>');
        return;
      }
      keys.forEach((key, i) => {
        if (i !== 0) {
          w.write(2, '');
          w.write(2, '\t');
        }
        const line = `${key}=${str(attrs[key])}`;
        w.write(
          2,
          line.length > MAX_ANNOTATION_LEN ? `${line.slice(0, MAX_ANNOTATION_LEN)}...\n` : `${line}\n`,
        );
      });
      return;
    }
    default:
      // iscsi, rbd, azureDisk, cinder, scaleIO, cephfs, storageos, fc, flexVolume: removed in-tree plugins.
      w.write(2, `Type:\t${kind}\n`);
  }
}

function describeVolumes(volumes: unknown, w: PrefixWriter): void {
  const all = list(volumes).map((v) => rec(v) ?? {});
  if (all.length === 0) {
    w.write(0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(0, 'Volumes:\n');
  for (const volume of all) {
    w.write(1, `${str(volume.name)}:\n`);
    const kind = SOURCE_ORDER.find((k) => rec(volume[k]) !== undefined);
    const source = kind === undefined ? undefined : rec(volume[kind]);
    if (kind === undefined || source === undefined) w.write(1, '<unknown>\n');
    else printVolumeSource(kind, source, w);
  }
}

// ---------------------------------------------------------------------------------------------
// Pod-level pieces.

/** qos.GetPodQOS: the recorded status.qosClass, else ComputePodQOS over containers and init containers. */
function podQOS(pod: KubeObject): string {
  const recorded = str(at(pod, 'status', 'qosClass'));
  if (recorded !== '') return recorded;
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const containers = [...list(at(pod, 'spec', 'containers')), ...list(at(pod, 'spec', 'initContainers'))];
  for (const c of containers) {
    for (const [name, q] of Object.entries(rec(at(c, 'resources', 'requests')) ?? {})) {
      if ((name === 'cpu' || name === 'memory') && quantity(q) > 0) {
        requests.set(name, (requests.get(name) ?? 0) + quantity(q));
      }
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries(rec(at(c, 'resources', 'limits')) ?? {})) {
      if ((name === 'cpu' || name === 'memory') && quantity(q) > 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + quantity(q));
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function describeEvents(events: DescribeEvent[], now: number, w: PrefixWriter): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  // The events table is aligned on its own, apart from the fields above it.
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  const sorted = [...events].sort((a, b) => a.lastAt - b.lastAt);
  for (const e of sorted) {
    const first = e.firstAt === null ? '<unknown>' : humanDuration(now - e.firstAt);
    const age = e.count > 1 ? `${humanDuration(now - e.lastAt)} (x${e.count} over ${first})` : first;
    // The message alone: kubectl (1.27-1.33 checked) prints no involvedObject.fieldPath before it.
    const message = (e.message ?? '').trim();
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${age}\t${e.source ?? ''}\t${message}\n`);
  }
}

/**
 * The text `kubectl describe pod` prints for `pod` with its `events`, as seen at instant `now`
 * (epoch ms): ages and "Terminating (lasts …)" are measured from `now`, absolute times are UTC.
 */
export function describePod(pod: KubeObject, events: DescribeEvent[], now: number): string {
  const meta = pod.metadata ?? {};
  const spec = rec(pod.spec) ?? {};
  const status = rec(pod.status) ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${str(meta.name)}\n`);
    w.write(0, `Namespace:\t${str(meta.namespace)}\n`);
    if (typeof spec.priority === 'number') w.write(0, `Priority:\t${int(spec.priority)}\n`);
    if (str(spec.priorityClassName) !== '')
      w.write(0, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
    if (str(spec.runtimeClassName) !== '') w.write(0, `Runtime Class Name:\t${str(spec.runtimeClassName)}\n`);
    if (str(spec.serviceAccountName) !== '')
      w.write(0, `Service Account:\t${str(spec.serviceAccountName)}\n`);
    if (str(spec.nodeName) === '') w.write(0, 'Node:\t<none>\n');
    else w.write(0, `Node:\t${str(spec.nodeName)}/${str(status.hostIP)}\n`);
    if (str(status.startTime) !== '') w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    const phase = str(status.phase);
    if (str(meta.deletionTimestamp) !== '' && phase !== 'Failed' && phase !== 'Succeeded') {
      // deletionTimestamp is when the grace period ends, so early on kubectl prints "lasts <invalid>".
      w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, now)})\n`);
      w.write(0, `Termination Grace Period:\t${int(meta.deletionGracePeriodSeconds)}s\n`);
    } else {
      w.write(0, `Status:\t${phase}\n`);
    }
    if (str(status.reason) !== '') w.write(0, `Reason:\t${str(status.reason)}\n`);
    if (str(status.message) !== '') w.write(0, `Message:\t${str(status.message)}\n`);
    const seccomp = rec(at(spec, 'securityContext', 'seccompProfile'));
    if (seccomp !== undefined) {
      w.write(0, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    w.write(0, `IP:\t${str(status.podIP)}\n`);
    const podIPs = list(status.podIPs);
    if (podIPs.length === 0) {
      w.write(0, 'IPs:\t<none>\n');
    } else {
      w.write(0, 'IPs:\n');
      for (const ip of podIPs) w.write(1, `IP:\t${str(at(ip, 'ip'))}\n`);
    }
    const controller = (meta.ownerReferences ?? []).find((r) => r.controller === true);
    if (controller !== undefined) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    if (str(status.nominatedNodeName) !== '')
      w.write(0, `NominatedNodeName:\t${str(status.nominatedNodeName)}\n`);
    if (rec(spec.resources) !== undefined) {
      w.write(0, 'Resources:\n');
      describeResources(spec.resources, w, 1);
    }
    if (list(spec.initContainers).length > 0) {
      describeContainers(pod, 'Init Containers', spec.initContainers, status.initContainerStatuses, w);
    }
    describeContainers(pod, 'Containers', spec.containers, status.containerStatuses, w);
    if (list(spec.ephemeralContainers).length > 0) {
      describeContainers(
        pod,
        'Ephemeral Containers',
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        w,
      );
    }
    const conditions = list(status.conditions).map((c) => rec(c) ?? {});
    const gates = list(spec.readinessGates).map((g) => rec(g) ?? {});
    if (gates.length > 0) {
      w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of gates) {
        const match = conditions.find((c) => str(c.type) === str(g.conditionType));
        w.write(1, `${str(g.conditionType)} \t${match === undefined ? '<none>' : str(match.status)} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(1, `${str(c.type)} \t${str(c.status)} \n`);
    }
    describeVolumes(spec.volumes, w);
    w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w);
    describeEvents(events, now, w);
  });
}

function describeTopologySpreadConstraints(value: unknown, w: PrefixWriter): void {
  const all = list(value).map((t) => rec(t) ?? {});
  if (all.length === 0) return;
  w.write(0, 'Topology Spread Constraints:\t');
  [...all].sort(byString('topologyKey')).forEach((t, i) => {
    if (i !== 0) {
      w.write(0, '');
      w.write(0, '\t');
    }
    let s = `${str(t.topologyKey)}:${str(t.whenUnsatisfiable)} when max skew ${int(t.maxSkew)} is exceeded`;
    if (rec(t.labelSelector) !== undefined) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(0, `${s}\n`);
  });
}
