import type { KubeObject } from '../store/index.ts';

export const redactedValue = '<redacted by kubetrail>';
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The pod spec with literal env values replaced, or the same object when it holds none. */
function redactPodSpec(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  let copy: Json | undefined;
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    let changed = false;
    const containers = list.map((container: unknown) => {
      if (!isRecord(container) || !Array.isArray(container.env)) return container;
      if (!container.env.some((env: unknown) => isRecord(env) && typeof env.value === 'string'))
        return container;
      changed = true;
      const env = container.env.map((e: unknown) =>
        isRecord(e) && typeof e.value === 'string' ? { ...e, value: redactedValue } : e,
      );
      return { ...container, env };
    });
    if (changed) {
      copy ??= { ...spec };
      copy[field] = containers;
    }
  }
  return copy ?? spec;
}

/** Replaces the pod spec found at `path` (returning a copy along that path only when it changed). */
function redactAt(node: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return redactPodSpec(node);
  if (!isRecord(node)) return node;
  const [head, ...rest] = path as [string, ...string[]];
  const child = node[head];
  const redacted = redactAt(child, rest);
  return redacted === child ? node : { ...node, [head]: redacted };
}

const podSpecPaths = [
  ['spec'],
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/**
 * Keeps secrets out of the log: literal env values (in pods and in the pod templates of
 * workloads) and the last-applied-configuration annotation, which repeats the whole spec.
 * References (valueFrom) are kept: they name a secret, they do not hold it. The input is never
 * changed; only the parts that need redaction are copied (this runs on every observation).
 */
export function redactSecrets<T extends KubeObject>(object: T): T {
  let result: KubeObject = object;
  const annotations = object.metadata?.annotations;
  if (annotations && lastAppliedAnnotation in annotations) {
    result = {
      ...result,
      metadata: {
        ...result.metadata,
        annotations: { ...annotations, [lastAppliedAnnotation]: redactedValue },
      },
    };
  }
  for (const path of podSpecPaths) result = redactAt(result, path) as KubeObject;
  return result as T;
}
