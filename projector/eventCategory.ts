import type { EventCategory } from './types.ts';

const byReason: Record<string, EventCategory> = {
  Killing: 'killing',
  BackOff: 'backoff',
  FailedPostStartHook: 'hook:postStart',
  FailedPreStopHook: 'hook:preStop',
  ExceededGracePeriod: 'killing',
  Scheduled: 'scheduling',
  FailedScheduling: 'scheduling',
  Preempting: 'scheduling',
  Preempted: 'scheduling',
  Evicted: 'eviction',
  TaintManagerEviction: 'eviction',
  OOMKilling: 'oom',
  Pulling: 'image',
  Pulled: 'image',
  ErrImageNeverPull: 'image',
  InspectFailed: 'image',
  Created: 'lifecycle',
  Started: 'lifecycle',
  Failed: 'lifecycle',
  FailedMount: 'volume',
  FailedAttachVolume: 'volume',
  FailedCreatePodSandBox: 'sandbox',
  SandboxChanged: 'sandbox',
  NodeNotReady: 'node',
};

/**
 * What an Event says about a pod's lifecycle, from the kubelet's reasons. Probe failures share
 * the reason Unhealthy and are told apart by the message the prober writes.
 */
export function eventCategory(reason: string | null, message: string | null): EventCategory {
  if (reason === 'Unhealthy' || reason === 'ProbeWarning') {
    const text = message ?? '';
    if (text.startsWith('Liveness probe')) return 'probe:liveness';
    if (text.startsWith('Readiness probe')) return 'probe:readiness';
    if (text.startsWith('Startup probe')) return 'probe:startup';
    return 'probe:other';
  }
  if (reason === 'Failed' && /image|pull/i.test(message ?? '')) return 'image';
  if (reason === 'BackOff' && /image/i.test(message ?? '')) return 'image';
  return (reason && byReason[reason]) || 'other';
}
