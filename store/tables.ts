// Every table name in one place, so SQL elsewhere never spells them twice.
export const tables = {
  log: 'log_entries',
  migrations: 'schema_migrations',
  watchCheckpoints: 'watch_checkpoints',
  projectionCheckpoints: 'projection_checkpoints',
  retentionCut: 'retention_cut',
  retentionRuns: 'retention_runs',
  retainedBases: 'retained_bases',
  deferredIndexes: 'deferred_indexes',
} as const;

/** Read models: dropped and rebuilt from the log by `kubetrail rebuild`. */
export const readModelTables = [
  'pods',
  'pod_versions',
  'pod_transitions',
  'restarts',
  'crashloop_episodes',
  'events',
  'event_occurrences',
  'objects',
  'log_stats',
  'log_time_chunks',
] as const;
