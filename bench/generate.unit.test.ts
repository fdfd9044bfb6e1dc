import { describe, expect, it } from 'vitest';
import { generateTimedWatchStream } from './generate.ts';

type Line = {
  type: string;
  object: {
    kind: string;
    metadata: { uid: string };
    involvedObject?: { uid: string };
    reason?: string;
    message?: string;
    count?: number;
    lastTimestamp?: string;
  };
};

const stream = (eventTtlMs: number) =>
  [
    ...generateTimedWatchStream({
      seed: 3,
      pods: 60,
      namespaces: 2,
      versionsPerPod: 12,
      startTime: Date.parse('2026-01-01T00:00:00Z'),
      meanStepMs: 20_000,
      inFlight: 20,
      deletePods: true,
      eventTtlMs,
    }),
  ].map((l) => ({ at: l.at, event: JSON.parse(l.line) as Line }));

describe('generated Events', () => {
  it('expire an hour (the TTL) after their last write, with a DELETED, and recur as new Events', () => {
    const ttl = 10 * 60_000;
    const lines = stream(ttl);
    const lastWrite = new Map<string, number>();
    const expired = new Set<string>();
    const current = new Map<string, string>();
    let recurred = 0;
    let previousAt = 0;
    for (const { at, event } of lines) {
      expect(at).toBeGreaterThanOrEqual(previousAt);
      previousAt = at;
      if (event.object.kind !== 'Event') continue;
      const { uid } = event.object.metadata;
      const key = `${event.object.involvedObject?.uid} ${event.object.reason} ${event.object.message}`;
      expect(expired.has(uid)).toBe(false);
      if (event.type === 'DELETED') {
        expect(at).toBe((lastWrite.get(uid) ?? Number.NaN) + ttl);
        // The object as last written (its timestamps in whole seconds).
        expect(Date.parse(event.object.lastTimestamp ?? '')).toBe(
          Math.floor((lastWrite.get(uid) ?? 0) / 1000) * 1000,
        );
        expired.add(uid);
        continue;
      }
      // A live Event is written again in place; one that expired comes back as a new object.
      const before = current.get(key);
      if (event.type === 'ADDED' && before !== undefined) {
        expect(expired.has(before)).toBe(true);
        recurred++;
      }
      if (event.type === 'MODIFIED') expect(before).toBe(uid);
      current.set(key, uid);
      lastWrite.set(uid, at);
    }
    expect(expired.size).toBeGreaterThan(50);
    expect(recurred).toBeGreaterThan(0);
    // Every Event still live at the end was written within the TTL of the last line.
    for (const [uid, at] of lastWrite) if (!expired.has(uid)) expect(at + ttl).toBeGreaterThan(previousAt);
  });

  it('repeat in place (count incremented) while they live', () => {
    const lines = stream(24 * 60 * 60_000);
    const repeats = lines.filter((l) => l.event.object.kind === 'Event' && l.event.type === 'MODIFIED');
    expect(repeats.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.event.object.kind === 'Event' && l.event.type === 'DELETED')).toBe(false);
    expect(Math.max(...repeats.map((l) => l.event.object.count ?? 0))).toBeGreaterThan(1);
  });
});
