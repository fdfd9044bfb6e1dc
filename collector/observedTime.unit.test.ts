import { describe, expect, it } from 'vitest';
import { newestTimestamp } from './observedTime.ts';

const ms = (iso: string) => Date.parse(iso);

describe('newestTimestamp', () => {
  const pod = (managerTime: string) => ({
    metadata: {
      creationTimestamp: '2026-01-02T03:00:00Z',
      deletionTimestamp: '2026-01-02T09:00:00Z',
      managedFields: [
        {
          manager: 'kubelet',
          time: managerTime,
          fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {} } } } },
        },
      ],
    },
    status: {
      conditions: [{ type: 'Ready', lastTransitionTime: '2026-01-02T03:04:00Z' }],
      containerStatuses: [{ state: { terminated: { finishedAt: '2026-01-02T03:05:00Z' } } }],
      startTime: '1970-01-01T00:00:00Z',
    },
  });

  it('finds the newest time anywhere in the object, a managedFields entry included', () => {
    expect(newestTimestamp(pod('2026-01-02T03:01:00Z'))).toBe(ms('2026-01-02T03:05:00Z'));
    expect(newestTimestamp(pod('2026-01-02T03:06:00Z'))).toBe(ms('2026-01-02T03:06:00Z'));
  });

  it('leaves out deadlines (deletionTimestamp) and zero times, and says when there is none', () => {
    expect(newestTimestamp({ metadata: { deletionTimestamp: '2026-01-02T09:00:00Z' } })).toBeNull();
    expect(newestTimestamp({ status: { startTime: '1970-01-01T00:00:00Z' } })).toBeNull();
  });
});
