// Pure derivations from log entries to read models: no I/O, no clock.
export { eventCategory } from './eventCategory.ts';
export * from './printers/index.ts';
export { eventFacts, projectEvent, type EventFacts, type EventProjection } from './projectEvent.ts';
export { projectObject } from './projectObject.ts';
export {
  backoffResetMs,
  projectPod,
  terminationKey,
  type PodContext,
  type PodEntryFacts,
} from './projectPod.ts';
export { snapshotPod } from './podSnapshot.ts';
export { knownOr, timeOf, type Timed } from './time.ts';
export type * from './types.ts';
