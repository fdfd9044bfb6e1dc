// The default scheduler, reduced to what a pod history shows: filter nodes by taints and free
// requests, bind to the least loaded one (Scheduled), or report why none fits (FailedScheduling,
// PodScheduled=False Unschedulable) and try again when the cluster changes or after 5 minutes.
import type { Timer } from './actionQueue.ts';
import type { PodRecord, SimContext } from './context.ts';
import { rfc3339 } from './format.ts';
import { msg } from './messages.ts';
import type { NodeState } from './nodes.ts';
import { podRequests, podSpecOf } from './podDefaults.ts';

export type Scheduler = {
  enqueue(rec: PodRecord): void;
  /** Something freed resources or added a node: retry the unschedulable pods. */
  clusterChanged(): void;
};

const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;
const TAINT = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

const isActive = (rec: PodRecord): boolean => {
  const phase = (rec.object.status as { phase?: string } | undefined)?.phase;
  return !rec.gone && phase !== 'Succeeded' && phase !== 'Failed';
};

export const createScheduler = (ctx: SimContext, bind: (rec: PodRecord) => void): Scheduler => {
  const pending = new Map<string, { rec: PodRecord; retry: Timer | undefined }>();
  let retryAllQueued = false;

  const usage = (): Map<string, { cpu: number; memory: number; pods: number }> => {
    const used = new Map<string, { cpu: number; memory: number; pods: number }>();
    for (const rec of ctx.pods.values()) {
      if (!rec.node || !isActive(rec)) continue;
      const u = used.get(rec.node) ?? { cpu: 0, memory: 0, pods: 0 };
      const r = podRequests(podSpecOf(rec.object));
      u.cpu += r.cpu;
      u.memory += r.memory;
      u.pods += 1;
      used.set(rec.node, u);
    }
    return used;
  };

  const attempt = (uid: string): void => {
    const entry = pending.get(uid);
    if (!entry) return;
    entry.retry?.cancel();
    entry.retry = undefined;
    const { rec } = entry;
    if (rec.gone || rec.node || rec.object.metadata?.deletionTimestamp) {
      pending.delete(uid);
      return;
    }
    const spec = podSpecOf(rec.object);
    const req = podRequests(spec);
    const tolerates = (spec.tolerations as { key?: string; operator?: string }[] | undefined)?.some(
      (t) => t.key === 'node-role.kubernetes.io/control-plane' || (t.operator === 'Exists' && !t.key),
    );
    const used = usage();
    const reasons = new Map<string, number>();
    const preemption = new Map<string, number>();
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    let best: { node: NodeState; score: number } | undefined;
    for (const node of ctx.nodes.values()) {
      if (node.unschedulable && !tolerates) {
        add(reasons, TAINT);
        add(preemption, 'Preemption is not helpful for scheduling');
        continue;
      }
      const u = used.get(node.name) ?? { cpu: 0, memory: 0, pods: 0 };
      const fails: string[] = [];
      if (u.pods + 1 > node.maxPods) fails.push('Too many pods');
      if (u.cpu + req.cpu > node.cpu) fails.push('Insufficient cpu');
      if (u.memory + req.memory > node.memory) fails.push('Insufficient memory');
      if (fails.length > 0) {
        for (const f of fails) add(reasons, f);
        add(preemption, 'No preemption victims found for incoming pod');
        continue;
      }
      // Least allocated, ties broken by a seeded coin so that pods spread like the real scorer's.
      const score =
        (u.cpu + req.cpu) / node.cpu + (u.memory + req.memory) / node.memory + ctx.random() * 0.05;
      if (!best || score < best.score) best = { node, score };
    }
    if (best) {
      pending.delete(uid);
      const nodeName = best.node.name;
      ctx.savePod(rec, (pod) => {
        (pod.spec as { nodeName?: string }).nodeName = nodeName;
        const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
        status.conditions = [
          ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
          {
            lastProbeTime: null,
            lastTransitionTime: rfc3339(ctx.now()),
            status: 'True',
            type: 'PodScheduled',
          },
        ];
        pod.status = status;
      });
      rec.node = nodeName;
      ctx.recorder.scheduler(
        rec.object,
        'Normal',
        'Scheduled',
        'Binding',
        msg.scheduled(rec.namespace, rec.name, nodeName),
      );
      bind(rec);
      return;
    }
    const message = msg.failedScheduling(ctx.nodes.size, reasons, preemption);
    ctx.recorder.scheduler(rec.object, 'Warning', 'FailedScheduling', 'Scheduling', message);
    const current = (
      (rec.object.status as { conditions?: { type: string; message?: string }[] } | undefined)?.conditions ??
      []
    ).find((c) => c.type === 'PodScheduled');
    if (current?.message !== message) {
      ctx.savePod(rec, (pod) => {
        const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
        status.conditions = [
          {
            lastProbeTime: null,
            lastTransitionTime: rfc3339(ctx.now()),
            message,
            reason: 'Unschedulable',
            status: 'False',
            type: 'PodScheduled',
          },
        ];
        pod.status = status;
      });
    }
    entry.retry = ctx.after(UNSCHEDULABLE_RETRY_MS, () => attempt(uid));
  };

  return {
    enqueue(rec) {
      pending.set(rec.uid, { rec, retry: undefined });
      ctx.after(0, () => attempt(rec.uid));
    },
    clusterChanged() {
      if (retryAllQueued || pending.size === 0) return;
      retryAllQueued = true;
      // The scheduling queue's back-off keeps a retry from following a failure at once.
      ctx.after(1000, () => {
        retryAllQueued = false;
        for (const uid of [...pending.keys()]) attempt(uid);
      });
    },
  };
};
