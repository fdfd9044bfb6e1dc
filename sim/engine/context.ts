// What the engine's parts (scheduler, kubelet, controllers) share: the store, the clock, the
// action queue, ids, the event recorder and the engine's view of pods and nodes.
import type { KubeObject } from '../../store/types.ts';
import type { ObjectStore } from '../types.ts';
import type { Timer } from './actionQueue.ts';
import type { Ids } from './format.ts';
import type { ManualClock } from './ManualClock.ts';
import type { NodeState } from './nodes.ts';
import type { Recorder } from './recorder.ts';
import type { PodBehavior } from './types.ts';

export type PodRecord = {
  uid: string;
  namespace: string;
  name: string;
  /** The pod as last written to the store. */
  object: KubeObject;
  behavior: PodBehavior;
  node: string | undefined;
  gone: boolean;
  onGone: (() => void)[];
};

export type SimContext = {
  store: ObjectStore;
  clock: ManualClock;
  random: () => number;
  ids: Ids;
  recorder: Recorder;
  now(): number;
  at(time: number, run: () => void): Timer;
  after(ms: number, run: () => void): Timer;
  pods: Map<string, PodRecord>;
  nodes: Map<string, NodeState>;
  dependencies: Map<string, boolean>;
  /** Writes a change to a pod (mutate gets a copy of the stored object). */
  savePod(rec: PodRecord, mutate: (pod: KubeObject) => void): void;
  /** Removes a pod from the store for good (the final DELETED) and tells whoever waits for it. */
  removePod(rec: PodRecord): void;
  /** Fan-out of pod changes to the scheduler and controllers. */
  podChanged(rec: PodRecord): void;
};
