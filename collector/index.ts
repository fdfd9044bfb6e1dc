// Getting observations into the log: file import now, the live watch collector beside it.
export { importFiles, type ImportOptions, type ImportReport } from './importFiles.ts';
export { newestTimestamp } from './observedTime.ts';
export { readDocuments, type ImportedObservation } from './readDocuments.ts';
export { lastAppliedAnnotation, redactedValue, redactSecrets } from './redact.ts';
export {
  createAppendBatcher,
  realSchedule,
  type AppendBatcher,
  type BatcherStats,
  type Schedule,
} from './appendBatcher.ts';
export { backoffDelay, type BackoffOptions } from './backoff.ts';
export { createCollector, type Collector, type CollectorOptions } from './createCollector.ts';
export {
  createKubeClient,
  statusCodeOf,
  type KubeClient,
  type KubeClientOptions,
  type ListPage,
  type WatchHandle,
} from './kubeClient.ts';
export { listEntries, withType } from './listEntries.ts';
export { createLiveObjects, type LiveObject, type LiveObjects } from './liveObjects.ts';
export { loadKubeConfig, type KubeConfigChoice, type LoadedKubeConfig } from './loadKubeConfig.ts';
export { defaultResources, parseResources, type WatchedResource } from './watchedResources.ts';
export { realSleep, type Sleep } from './watchResource.ts';
