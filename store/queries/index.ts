import type Database from 'better-sqlite3';
import { createPodHistoryQueries } from './podHistory.ts';
import { createPodIdentityQueries } from './podIdentity.ts';
import { createPodsAtQuery } from './podsAt.ts';
import { createRestartsQuery } from './restartsIn.ts';

export type { EpisodeItem, EventItem, TransitionItem } from './podHistory.ts';
export type { PodAtRow, PodsAtFilter } from './podsAt.ts';
export type { RestartItem, RestartsFilter } from './restartsIn.ts';

/** The read side over the read models: what the CLI and the API ask. */
export function createQueries(db: Database.Database) {
  return {
    podsAt: createPodsAtQuery(db),
    restarts: createRestartsQuery(db),
    ...createPodIdentityQueries(db),
    history: createPodHistoryQueries(db),
  };
}

export type Queries = ReturnType<typeof createQueries>;
