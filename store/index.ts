// The SQLite store: open, migrate, append, read, encode. Other parts reach it only through here.
export { createCheckpointStore, type WatchCheckpoint } from './checkpoints.ts';
export {
  bulkLoad,
  type DeferredIndexes,
  deferQueryIndexes,
  indexesNamedByQueries,
  queryOnlyIndexes,
  restoreDeferredIndexes,
} from './deferQueryIndexes.ts';
export { type ErrorKind, isLockedByAnotherWriter, KubetrailError } from './errors.ts';
export { createLogWriter, type LogWriter } from './logWriter.ts';
export { loadMigrations, migrate, migrationsDir } from './migrate.ts';
export { openDatabase } from './openDatabase.ts';
export { bulkWriterOptions, type OpenStoreOptions, openStore, type Store } from './openStore.ts';
export type {
  ChangedObject,
  ChangesFilter,
  ClusterSummary,
  CrashLoopItem,
  CrashLoopsFilter,
  EpisodeItem,
  EventItem,
  EventOccurrenceItem,
  EventsFilter,
  LaneKey,
  ListKey,
  LogRangeFilter,
  MarkerItem,
  ObjectAtRow,
  ObjectChangeKey,
  ObjectsAtFilter,
  PodAtRow,
  PodsAtFilter,
  RestartItem,
  RestartsFilter,
  StatusChange,
  StatusChangeKey,
  StatusSpan,
  TimelineGap,
  TimelineLane,
  TimelinesInRangeFilter,
  TopRestarter,
  TopRestartersFilter,
  TransitionItem,
} from './queries/index.ts';
export {
  clipStatusSpans,
  compareListKeys,
  createQueries,
  listKeyOf,
  objectChangeKeyOf,
  type Queries,
  statusChangeKeyOf,
} from './queries/index.ts';
export { openUids } from './queries/lifetimeSql.ts';
export { newestLabelsHoldAt, podLabelsAt } from './queries/podLabelsAt.ts';
export { buildPodTimeline, type PodTimeline, type TimelineItem } from './queries/podTimeline.ts';
export { createLogReader, type EntryVersion, type LogReader } from './readLog.ts';
export { type ProjectionRunner, projectionName, projectionVersion } from './readModels/projectionRunner.ts';
export {
  coreEventResource,
  eventsApiResource,
  groupOf,
  isEventResource,
  pluralOf,
  podResource,
  resourceOf,
} from './resources.ts';
export { applyRetention, type RetentionPolicy, type RetentionResult, requestedCut } from './retention.ts';
export { readModelTables, tables } from './tables.ts';
export type * from './types.ts';
