// Pure derivations from log entries to read models: no I/O, no clock.
export { eventCategory } from './eventCategory.ts';
export { snapshotPod } from './podSnapshot.ts';
export * from './printers/index.ts';
export {
  type EventFacts,
  type EventProjection,
  eventFacts,
  mergeEventRows,
  projectEvent,
} from './projectEvent.ts';
export { projectObject } from './projectObject.ts';
export {
  backoffResetMs,
  type PodContext,
  type PodEntryFacts,
  projectPod,
  restartRowBudget,
  terminationKey,
} from './projectPod.ts';
export { knownOr, type Timed, timeOf } from './time.ts';
export type * from './types.ts';
