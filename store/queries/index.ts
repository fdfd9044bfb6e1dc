import type Database from 'better-sqlite3';
import { createChangesQuery } from './changesBetween.ts';
import { createCollectorQueries } from './collectorStatus.ts';
import { createCrashLoopsQuery } from './crashloopsIn.ts';
import { createEventsQuery } from './eventsIn.ts';
import { createLogRangeQuery } from './logRange.ts';
import { createNamespacesSeenQuery } from './namespacesSeen.ts';
import { createObjectIdentityQueries } from './objectIdentity.ts';
import { createObjectsAtQuery } from './objectsAt.ts';
import { createPodHistoryQueries } from './podHistory.ts';
import { createPodIdentityQueries } from './podIdentity.ts';
import { createPodsAtQuery } from './podsAt.ts';
import { createRestartsQuery } from './restartsIn.ts';
import { createTimelinesInRangeQuery } from './timelinesInRange.ts';
import { createTopRestartersQuery } from './topRestarters.ts';

export type {
  ChangedObject,
  ChangesFilter,
  ObjectChangeKey,
  StatusChange,
  StatusChangeKey,
} from './changesBetween.ts';
export { objectChangeKeyOf, statusChangeKeyOf } from './changesBetween.ts';
export type { ClusterSummary, MarkerItem } from './collectorStatus.ts';
export type { CrashLoopItem, CrashLoopsFilter } from './crashloopsIn.ts';
export type { EventOccurrenceItem, EventsFilter } from './eventsIn.ts';
export type { LogRangeFilter } from './logRange.ts';
export type { ListKey, ObjectAtRow, ObjectsAtFilter } from './objectsAt.ts';
export { compareListKeys, listKeyOf } from './objectsAt.ts';
export type { EpisodeItem, EventItem, TransitionItem } from './podHistory.ts';
export type { PodAtRow, PodsAtFilter } from './podsAt.ts';
export type { RestartItem, RestartsFilter } from './restartsIn.ts';
export type {
  LaneKey,
  StatusSpan,
  TimelineGap,
  TimelineLane,
  TimelinesInRangeFilter,
} from './timelinesInRange.ts';
export { clipStatusSpans } from './timelinesInRange.ts';
export type { TopRestarter, TopRestartersFilter } from './topRestarters.ts';

/** The read side over the read models: what the CLI and the API ask. */
export function createQueries(db: Database.Database) {
  return {
    podsAt: createPodsAtQuery(db),
    restarts: createRestartsQuery(db),
    ...createPodIdentityQueries(db),
    history: createPodHistoryQueries(db),
    ...createObjectIdentityQueries(db),
    crashLoops: createCrashLoopsQuery(db),
    topRestarters: createTopRestartersQuery(db),
    events: createEventsQuery(db),
    changes: createChangesQuery(db),
    objectsAt: createObjectsAtQuery(db),
    namespacesSeen: createNamespacesSeenQuery(db),
    logRange: createLogRangeQuery(db),
    collector: createCollectorQueries(db),
    timelinesInRange: createTimelinesInRangeQuery(db),
  };
}

export type Queries = ReturnType<typeof createQueries>;
