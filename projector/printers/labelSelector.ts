// String forms of a metav1.LabelSelector, as LabelSelectorAsSelector(...).String() and
// metav1.FormatLabelSelector print them: requirements sorted by key, values sorted.
import { list, rec, str } from './fields.ts';

type Requirement = { key: string; text: string };

const OPERATORS: Record<string, string> = { In: ' in ', NotIn: ' notin ' };

// null when the selector cannot be converted (Go returns an error).
function requirements(selector: unknown): Requirement[] | null {
  const s = rec(selector);
  if (s === undefined) return [];
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(rec(s.matchLabels) ?? {})) {
    reqs.push({ key, text: `${key}=${str(value)}` });
  }
  for (const raw of list(s.matchExpressions)) {
    const expr = rec(raw) ?? {};
    const key = str(expr.key);
    const values = list(expr.values).map(str);
    const op = str(expr.operator);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) return null;
      const sorted = values.length === 1 ? values : [...values].sort();
      reqs.push({ key, text: `${key}${OPERATORS[op]}(${sorted.join(',')})` });
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length !== 0) return null;
      reqs.push({ key, text: op === 'Exists' ? key : `!${key}` });
    } else {
      return null;
    }
  }
  // Go sorts by key only; a stable sort keeps equal keys in insertion order.
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** LabelSelectorAsSelector(selector).String(): "" for a missing or empty selector, null on error. */
export function selectorString(selector: unknown): string | null {
  const reqs = requirements(selector);
  return reqs === null ? null : reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(selector: unknown): string {
  const s = selectorString(selector);
  if (s === null) return '<error>';
  return s === '' ? '<none>' : s;
}
