import type { PodRow } from '../../projector/index.ts';
import type { Queries } from './index.ts';

export type TimelineItem = {
  kind: 'span' | 'restart' | 'event' | 'crashloop';
  track: string;
  from: number;
  fromSource: 'object' | 'observed';
  /** End of a span or episode; null while it lasts (or for instants). */
  to: number | null;
  value: string;
  detail: string;
};

export type PodTimeline = { pod: PodRow; items: TimelineItem[] };

const exitText = (detail: Record<string, unknown> | null) => {
  if (!detail) return '';
  const parts: string[] = [];
  if (detail.exitCode !== null && detail.exitCode !== undefined)
    parts.push(`exit ${String(detail.exitCode)}`);
  if (detail.signal) parts.push(`signal ${String(detail.signal)}`);
  return parts.join(', ');
};

/**
 * A pod's whole history as one ordered list: spans on each track (phase, status, conditions,
 * containers, deletion), each restart, each CrashLoopBackOff episode and each Event occurrence.
 * A span runs until the next transition on its track, or until the pod was deleted.
 */
export function buildPodTimeline(queries: Queries, pod: PodRow, _now: number): PodTimeline {
  const transitions = queries.history.transitions(pod.uid);
  const items: TimelineItem[] = [];
  const byTrack = new Map<string, typeof transitions>();
  for (const t of transitions) {
    const list = byTrack.get(t.track) ?? [];
    list.push(t);
    byTrack.set(t.track, list);
  }
  for (const [track, list] of byTrack) {
    list.forEach((t, i) => {
      const next = list[i + 1];
      const to = next ? next.at : track === 'deletion' ? null : pod.deletedAt;
      const words = [t.reason, t.message, exitText(t.detail)].filter((w) => w);
      if (
        track === 'deletion' &&
        t.detail?.gracePeriodSeconds !== undefined &&
        t.detail.gracePeriodSeconds !== null
      ) {
        words.push(`grace period ${String(t.detail.gracePeriodSeconds)}s`);
      }
      items.push({
        kind: 'span',
        track,
        from: t.at,
        fromSource: t.atSource,
        to,
        value: t.value,
        detail: words.join(' · '),
      });
    });
  }
  for (const r of queries.restarts({ uid: pod.uid })) {
    const words = [
      r.exitCode === null ? null : `exit ${r.exitCode}`,
      r.reason,
      r.signal ? `signal ${r.signal}` : null,
      r.inferred ? 'inferred from restartCount' : null,
      `restartCount ${r.restartCount}`,
    ].filter((w) => w);
    items.push({
      kind: 'restart',
      track: `restart/${r.container}`,
      from: r.at,
      fromSource: r.atSource,
      to: null,
      value: 'restart',
      detail: words.join(' · '),
    });
  }
  for (const e of queries.history.episodes(pod.uid)) {
    items.push({
      kind: 'crashloop',
      track: `crashloop/${e.container}`,
      from: e.startedAt,
      fromSource: 'object',
      to: e.endedAt,
      value: 'CrashLoopBackOff',
      detail: [`${e.restarts} restarts`, e.endReason, e.lastMessage].filter((w) => w).join(' · '),
    });
  }
  for (const o of queries.history.events(pod)) {
    items.push({
      kind: 'event',
      track: `event/${o.category}`,
      from: o.at,
      fromSource: o.atSource,
      to: null,
      value: `${o.type ?? ''} ${o.reason ?? ''}`.trim(),
      detail: `${o.occurrences > 1 ? `(x${o.occurrences}) ` : ''}${o.message ?? ''}`,
    });
  }
  const order = { span: 0, crashloop: 1, restart: 2, event: 3 };
  items.sort((a, b) => a.from - b.from || order[a.kind] - order[b.kind] || a.track.localeCompare(b.track));
  return { pod, items };
}
