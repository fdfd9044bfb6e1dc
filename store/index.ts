// The SQLite store: open, migrate, append, read, encode. Other parts reach it only through here.
export { createCheckpointStore, type WatchCheckpoint } from './checkpoints.ts';
export { KubetrailError, type ErrorKind } from './errors.ts';
export { createLogWriter, type LogWriter } from './logWriter.ts';
export { loadMigrations, migrate, migrationsDir } from './migrate.ts';
export { openDatabase } from './openDatabase.ts';
export { openStore, type Store } from './openStore.ts';
export { createLogReader, type LogReader } from './readLog.ts';
export { projectionName, projectionVersion } from './readModels/projectionRunner.ts';
export {
  coreEventResource,
  eventsApiResource,
  groupOf,
  isEventResource,
  pluralOf,
  podResource,
  resourceOf,
} from './resources.ts';
export { applyRetention, requestedCut, type RetentionPolicy, type RetentionResult } from './retention.ts';
export { readModelTables, tables } from './tables.ts';
export type * from './types.ts';
export { clipStatusSpans, createQueries, type Queries } from './queries/index.ts';
export type {
  EpisodeItem,
  EventItem,
  PodAtRow,
  PodsAtFilter,
  RestartItem,
  RestartsFilter,
  TransitionItem,
} from './queries/index.ts';
export type {
  ChangedObject,
  ChangesBetween,
  ChangesFilter,
  ClusterSummary,
  CrashLoopItem,
  CrashLoopsFilter,
  EventOccurrenceItem,
  EventsFilter,
  LogRangeFilter,
  MarkerItem,
  ObjectAtRow,
  ObjectsAtFilter,
  LaneKey,
  StatusSpan,
  StatusChange,
  TimelineGap,
  TimelineLane,
  TimelinesInRangeFilter,
  TopRestarter,
  TopRestartersFilter,
} from './queries/index.ts';
export { buildPodTimeline, type PodTimeline, type TimelineItem } from './queries/podTimeline.ts';
