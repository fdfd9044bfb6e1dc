// metav1.Status bodies, as the API server sends them for failures.
export type Status = {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number };
  code: number;
};

export const failure = (
  code: number,
  reason: string,
  message: string,
  details?: Status['details'],
): Status => {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) status.details = details;
  return status;
};

export const tooOldResourceVersion = (requested: string, oldest: string): Status =>
  failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
