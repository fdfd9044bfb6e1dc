// Label and field selectors with the API server's syntax and semantics.
import type { KubeObject } from '../store/types.ts';
import type { SimResource } from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

type LabelRequirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type LabelSelector = LabelRequirement[];

/** Splits on commas that are not inside parentheses (`a in (x,y),b`). */
const splitTerms = (text: string): string[] => {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
};

const labelKey = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

export const parseLabelSelector = (text: string): Parsed<LabelSelector> => {
  const out: LabelRequirement[] = [];
  for (const term of splitTerms(text)) {
    let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (m) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      out.push({ op: m[2] === 'in' ? 'in' : 'notin', key: m[1]!, values });
      continue;
    }
    m = /^!\s*(\S+)$/.exec(term);
    if (m) {
      out.push({ op: 'notexists', key: m[1]! });
      continue;
    }
    m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*([^=!<>\s]*)$/.exec(term);
    if (m) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      if (op === '<' || op === '>') {
        if (!/^-?\d+$/.test(value)) return { ok: false, message: `invalid label selector: ${term}` };
        out.push({ op: op === '<' ? 'lt' : 'gt', key, value: Number(value) });
      } else out.push({ op: op === '!=' ? 'neq' : 'eq', key, value });
      continue;
    }
    if (labelKey.test(term)) {
      out.push({ op: 'exists', key: term });
      continue;
    }
    return { ok: false, message: `unable to parse requirement: ${term}` };
  }
  for (const r of out) {
    if (!labelKey.test(r.key)) return { ok: false, message: `invalid label key "${r.key}"` };
  }
  return { ok: true, value: out };
};

export const matchesLabels = (selector: LabelSelector, labels: Record<string, string> | undefined): boolean =>
  selector.every((r) => {
    const value = labels?.[r.key];
    switch (r.op) {
      case 'eq':
        return value === r.value;
      case 'neq':
        return value !== r.value;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'notexists':
        return value === undefined;
      case 'gt':
        return value !== undefined && /^-?\d+$/.test(value) && Number(value) > r.value;
      case 'lt':
        return value !== undefined && /^-?\d+$/.test(value) && Number(value) < r.value;
    }
    return false;
  });

type FieldRequirement = { field: string; op: 'eq' | 'neq'; value: string };
export type FieldSelector = FieldRequirement[];

const get = (object: KubeObject, path: string): unknown => {
  let at: unknown = object;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
};

const asText = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);

const involvedFields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** Field label -> how to read it from the stored (core) object, per resource, as the API server allows. */
const fieldsFor = (resource: SimResource): Record<string, (o: KubeObject) => string> => {
  const common: Record<string, (o: KubeObject) => string> = {
    'metadata.name': (o) => asText(o.metadata?.name),
    'metadata.namespace': (o) => asText(o.metadata?.namespace),
  };
  switch (resource) {
    case 'pods':
      return {
        ...common,
        'spec.nodeName': (o) => asText(get(o, 'spec.nodeName')),
        'spec.restartPolicy': (o) => asText(get(o, 'spec.restartPolicy')),
        'spec.schedulerName': (o) => asText(get(o, 'spec.schedulerName')),
        'spec.serviceAccountName': (o) => asText(get(o, 'spec.serviceAccountName')),
        'spec.hostNetwork': (o) => (get(o, 'spec.hostNetwork') === true ? 'true' : 'false'),
        'status.phase': (o) => asText(get(o, 'status.phase')),
        'status.podIP': (o) => asText(get(o, 'status.podIP')),
        'status.nominatedNodeName': (o) => asText(get(o, 'status.nominatedNodeName')),
      };
    case 'nodes':
      return {
        ...common,
        'spec.unschedulable': (o) => (get(o, 'spec.unschedulable') === true ? 'true' : 'false'),
      };
    case 'namespaces':
      return { ...common, 'status.phase': (o) => asText(get(o, 'status.phase')) };
    case 'replicasets.apps':
      return { ...common, 'status.replicas': (o) => asText(get(o, 'status.replicas')) };
    case 'events':
    case 'events.events.k8s.io': {
      const out = { ...common };
      for (const f of involvedFields) {
        out[`involvedObject.${f}`] = (o) => asText(get(o, `involvedObject.${f}`));
        // events.k8s.io names the same field `regarding`.
        if (resource === 'events.events.k8s.io')
          out[`regarding.${f}`] = (o) => asText(get(o, `involvedObject.${f}`));
      }
      out.reason = (o) => asText(o.reason);
      out.type = (o) => asText(o.type);
      out.reportingComponent = (o) => asText(o.reportingComponent);
      if (resource === 'events.events.k8s.io') out.reportingController = (o) => asText(o.reportingComponent);
      out.source = (o) => asText(get(o, 'source.component'));
      return out;
    }
    default:
      return common;
  }
};

const unescapeValue = (value: string): string => value.replace(/\\(.)/g, '$1');

/** Splits on separators not preceded by a backslash. */
const splitUnescaped = (text: string, sep: string): string[] => {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i += 1;
    } else if (ch === sep) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
};

export const parseFieldSelector = (resource: SimResource, text: string): Parsed<FieldSelector> => {
  const known = fieldsFor(resource);
  const out: FieldRequirement[] = [];
  for (const term of splitUnescaped(text, ',')) {
    if (term.trim() === '') continue;
    const m = /^([^=!]+)(==|=|!=)(.*)$/s.exec(term);
    if (!m) return { ok: false, message: `invalid selector: '${text}'; can't understand '${term}'` };
    const field = m[1]!.trim();
    if (!known[field]) return { ok: false, message: `field label not supported: ${field}` };
    out.push({ field, op: m[2] === '!=' ? 'neq' : 'eq', value: unescapeValue(m[3]!) });
  }
  return { ok: true, value: out };
};

/** Matches a stored (core-form) object. */
export const matchesFields = (
  resource: SimResource,
  selector: FieldSelector,
  object: KubeObject,
): boolean => {
  const known = fieldsFor(resource);
  return selector.every((r) => {
    const read = known[r.field];
    const value = read ? read(object) : '';
    return r.op === 'eq' ? value === r.value : value !== r.value;
  });
};
