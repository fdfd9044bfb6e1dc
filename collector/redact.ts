import type { KubeObject } from '../store/index.ts';

export const redactedValue = '<redacted by kubetrail>';
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = Record<string, unknown>;

function at(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) node = node && typeof node === 'object' ? (node as Json)[key] : undefined;
  return node;
}

function redactPodSpec(spec: unknown): void {
  if (!spec || typeof spec !== 'object') return;
  const s = spec as Json;
  for (const list of [s.containers, s.initContainers, s.ephemeralContainers]) {
    if (!Array.isArray(list)) continue;
    for (const container of list as Json[]) {
      if (!Array.isArray(container?.env)) continue;
      for (const env of container.env as Json[]) {
        if (env && typeof env.value === 'string') env.value = redactedValue;
      }
    }
  }
}

/**
 * Keeps secrets out of the log: literal env values (in pods and in the pod templates of
 * workloads) and the last-applied-configuration annotation, which repeats the whole spec.
 * References (valueFrom) are kept: they name a secret, they do not hold it. Returns a copy.
 */
export function redactSecrets<T extends KubeObject>(object: T): T {
  const copy = structuredClone(object);
  const annotations = copy.metadata?.annotations;
  if (annotations && lastAppliedAnnotation in annotations) annotations[lastAppliedAnnotation] = redactedValue;
  redactPodSpec(at(copy, 'spec'));
  redactPodSpec(at(copy, 'spec', 'template', 'spec'));
  redactPodSpec(at(copy, 'spec', 'jobTemplate', 'spec', 'template', 'spec'));
  return copy;
}
