import { KubetrailError } from '../store/index.ts';

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * TIME as the CLI and API take it: RFC3339 (`2026-01-02T03:12:00Z`, offsets allowed), or
 * relative to now: `now`, `-15m`, `15m ago`, `2h ago`, `1h30m ago`, `-1d`.
 */
const relativeTime = /^(?:-\s*((?:\d+[smhd])+)|((?:\d+\s*[smhd]\s*)+)ago)$/i;

/** Whether TIME moves with the clock (`now`, `-15m`, `2h ago`) rather than naming an instant. */
export const isRelativeTime = (text: string): boolean => {
  const value = text.trim();
  return value === 'now' || relativeTime.test(value);
};

export function parseTime(text: string, now: number, what = 'TIME'): number {
  const value = text.trim();
  if (value === 'now') return now;
  const relative = relativeTime.exec(value);
  if (relative) {
    const spec = (relative[1] ?? relative[2] ?? '').replace(/\s+/g, '').toLowerCase();
    let ms = 0;
    for (const [, n, unit] of spec.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * unitMs[unit!]!;
    return now - ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new KubetrailError(
    'bad-input',
    `${what}: cannot parse ${JSON.stringify(text)}: use RFC3339 (2026-01-02T03:12:00Z) or relative (now, -15m, 2h ago)`,
  );
}

/** RFC3339 in UTC with second resolution, as Kubernetes prints times. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
