// Getting observations into the log: file import now, the live watch collector beside it.
export { importFiles, type ImportOptions, type ImportReport } from './importFiles.ts';
export { newestTimestamp } from './observedTime.ts';
export { readDocuments, type ImportedObservation } from './readDocuments.ts';
export { lastAppliedAnnotation, redactedValue, redactSecrets } from './redact.ts';
