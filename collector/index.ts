// Getting observations into the log: file import now, the live watch collector beside it.

export {
  type AppendBatcher,
  type BatcherStats,
  createAppendBatcher,
  realSchedule,
  type Schedule,
} from './appendBatcher.ts';
export { type BackoffOptions, backoffDelay } from './backoff.ts';
export { type Collector, type CollectorOptions, createCollector } from './createCollector.ts';
export { type ImportOptions, type ImportReport, importFiles } from './importFiles.ts';
export {
  createKubeClient,
  type KubeClient,
  type KubeClientOptions,
  type ListPage,
  statusCodeOf,
  type WatchHandle,
} from './kubeClient.ts';
export { listedEntries, vanishedEntries, withType } from './listEntries.ts';
export { createLiveObjects, type LiveObject, type LiveObjects } from './liveObjects.ts';
export { type KubeConfigChoice, type LoadedKubeConfig, loadKubeConfig } from './loadKubeConfig.ts';
export { newestTimestamp } from './observedTime.ts';
export { type ImportedObservation, readDocuments } from './readDocuments.ts';
export { lastAppliedAnnotation, redactedValue, redactSecrets } from './redact.ts';
export { defaultResources, parseResources, type WatchedResource } from './watchedResources.ts';
export { realSleep, type Sleep } from './watchResource.ts';
