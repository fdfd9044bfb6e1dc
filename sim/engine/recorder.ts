// Event recorders as the components have them. The kubelet and the controllers use the legacy
// core/v1 recorder: a repeat of the same event updates the same object (count, lastTimestamp), and a
// spam filter lets 25 through per source and object, then one per 5 minutes. The scheduler uses
// the events.k8s.io recorder: the first occurrence is created, the second sets series.count = 2,
// later ones are only counted and written on a 30-minute heartbeat or when the series goes quiet
// for 6 minutes. Events expire after a TTL (the API server's --event-ttl, 1 hour by default).
import type { KubeObject } from '../../store/types.ts';
import type { ObjectStore } from '../types.ts';
import type { Timer } from './actionQueue.ts';
import { microTime, rfc3339 } from './format.ts';

export type EventType = 'Normal' | 'Warning';

export type Recorder = {
  /** A kubelet event about a pod (fieldPath like spec.containers{app} for container events). */
  kubelet(
    pod: KubeObject,
    node: string,
    type: EventType,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void;
  /** A controller event (replicaset-controller, deployment-controller) about any object. */
  controller(object: KubeObject, component: string, type: EventType, reason: string, message: string): void;
  /** A scheduler event, recorded through events.k8s.io (shown here in its core/v1 form). */
  scheduler(pod: KubeObject, type: EventType, reason: string, action: string, message: string): void;
};

export type RecorderDeps = {
  store: ObjectStore;
  now(): number;
  at(time: number, run: () => void): Timer;
  hex(length: number): string;
  ttlMs: number;
  schedulerInstance: string;
};

type Legacy = { event: KubeObject; expiry: Timer | undefined };
type Series = {
  event: KubeObject;
  count: number;
  lastObserved: number;
  sentCount: number;
  lastSent: number;
  expiry: Timer | undefined;
};

const BURST = 25;
const REFILL_MS = 300_000;
const SERIES_HEARTBEAT_MS = 30 * 60_000;
const SERIES_FINISH_MS = 6 * 60_000;

const involved = (o: KubeObject, fieldPath?: string): Record<string, unknown> => {
  const ref: Record<string, unknown> = {
    apiVersion: o.apiVersion ?? 'v1',
    kind: o.kind ?? 'Pod',
    name: o.metadata?.name,
    namespace: o.metadata?.namespace,
    uid: o.metadata?.uid,
    resourceVersion: o.metadata?.resourceVersion,
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
};

export const createRecorder = (deps: RecorderDeps): Recorder => {
  const { store, now, at } = deps;
  const legacy = new Map<string, Legacy>();
  const buckets = new Map<string, { tokens: number; last: number }>();
  const series = new Map<string, Series>();
  let seriesTicking = false;

  const eventName = (objectName: string): string => {
    // The recorders name events <object>.<unix nanos in hex>; the clock has ms, so add random nanos.
    const nanos = BigInt(now()) * 1_000_000n + BigInt(Number.parseInt(deps.hex(5), 16) % 1_000_000);
    return `${objectName}.${nanos.toString(16)}`;
  };

  const expireLater = (
    namespace: string,
    name: string,
    previous: Timer | undefined,
    onGone: () => void,
  ): Timer => {
    previous?.cancel();
    return at(now() + deps.ttlMs, () => {
      store.remove('events', namespace, name);
      onGone();
    });
  };

  const allow = (key: string): boolean => {
    const t = now();
    const b = buckets.get(key) ?? { tokens: BURST, last: t };
    b.tokens = Math.min(BURST, b.tokens + (t - b.last) / REFILL_MS);
    b.last = t;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };

  const recordLegacy = (
    object: KubeObject,
    source: { component: string; host?: string },
    type: EventType,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void => {
    const namespace = object.metadata?.namespace ?? 'default';
    const objectKey = [
      source.component,
      source.host,
      object.kind,
      namespace,
      object.metadata?.name,
      object.metadata?.uid,
    ].join('|');
    // The spam filter counts per source, object, type and reason; aggregation also needs the message.
    if (!allow([objectKey, type, reason].join('|'))) return;
    const key = [objectKey, fieldPath, type, reason, message].join('|');
    const ts = rfc3339(now());
    const existing = legacy.get(key);
    if (existing) {
      const event = structuredClone(existing.event);
      event.count = (typeof event.count === 'number' ? event.count : 1) + 1;
      event.lastTimestamp = ts;
      existing.event = store.update('events', event);
      const name = event.metadata?.name ?? '';
      existing.expiry = expireLater(namespace, name, existing.expiry, () => legacy.delete(key));
      return;
    }
    const name = eventName(object.metadata?.name ?? 'unknown');
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, creationTimestamp: ts },
      involvedObject: involved(object, fieldPath),
      reason,
      message,
      source: source.host
        ? { component: source.component, host: source.host }
        : { component: source.component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    const entry: Legacy = { event: store.create('events', event), expiry: undefined };
    legacy.set(key, entry);
    entry.expiry = expireLater(namespace, name, undefined, () => legacy.delete(key));
  };

  const writeSeries = (key: string, s: Series): void => {
    const event = structuredClone(s.event);
    event.series = { count: s.count, lastObservedTime: microTime(s.lastObserved) };
    s.event = store.update('events', event);
    s.sentCount = s.count;
    s.lastSent = now();
    const namespace = event.metadata?.namespace ?? 'default';
    s.expiry = expireLater(namespace, event.metadata?.name ?? '', s.expiry, () => {
      if (series.get(key) === s) series.delete(key);
    });
  };

  const tickSeries = (): void => {
    seriesTicking = false;
    const t = now();
    for (const [key, s] of series) {
      if (t - s.lastObserved >= SERIES_FINISH_MS) {
        if (s.count !== s.sentCount) writeSeries(key, s);
        series.delete(key);
      } else if (s.count !== s.sentCount && t - s.lastSent >= SERIES_HEARTBEAT_MS) {
        writeSeries(key, s);
      }
    }
    if (series.size > 0) {
      seriesTicking = true;
      at(t + 60_000, tickSeries);
    }
  };

  return {
    kubelet(pod, node, type, reason, message, fieldPath) {
      recordLegacy(pod, { component: 'kubelet', host: node }, type, reason, message, fieldPath);
    },
    controller(object, component, type, reason, message) {
      recordLegacy(object, { component }, type, reason, message);
    },
    scheduler(pod, type, reason, action, message) {
      const key = [pod.metadata?.uid, type, reason, action, message].join('|');
      const t = now();
      const existing = series.get(key);
      if (existing) {
        existing.count += 1;
        existing.lastObserved = t;
        if (existing.count === 2) writeSeries(key, existing);
        return;
      }
      const namespace = pod.metadata?.namespace ?? 'default';
      const name = eventName(pod.metadata?.name ?? 'unknown');
      const event: KubeObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace, creationTimestamp: rfc3339(t) },
        involvedObject: involved(pod),
        reason,
        message,
        source: {},
        firstTimestamp: null,
        lastTimestamp: null,
        type,
        eventTime: microTime(t),
        action,
        reportingComponent: 'default-scheduler',
        reportingInstance: deps.schedulerInstance,
      };
      const s: Series = {
        event: store.create('events', event),
        count: 1,
        lastObserved: t,
        sentCount: 1,
        lastSent: t,
        expiry: undefined,
      };
      s.expiry = expireLater(namespace, name, undefined, () => {
        if (series.get(key) === s) series.delete(key);
      });
      series.set(key, s);
      if (!seriesTicking) {
        seriesTicking = true;
        at(t + 60_000, tickSeries);
      }
    },
  };
};
