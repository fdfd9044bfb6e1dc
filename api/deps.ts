import type { Queries, Store } from '../store/index.ts';
import type { Metrics } from './metrics.ts';

/** What every route needs: the read-only store, its queries, the clock, and the app's own state. */
export type ApiDeps = {
  store: Store;
  queries: Queries;
  now: () => number;
  metrics: Metrics;
  /** Waits between replayed entries and between polls for new ones. */
  sleep: (ms: number) => Promise<void>;
  /** How often live streams look for new log entries. */
  pollMs: number;
  lifecycle: { shuttingDown: boolean };
};
