/** Kinds of expected failure, so the CLI and API can map them to exit codes and HTTP statuses. */
export type ErrorKind = 'bad-input' | 'not-found' | 'storage' | 'conflict';

/** The one error class for expected failures: its message is shown to the user as is. */
export class KubetrailError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'KubetrailError';
    this.kind = kind;
  }
}

/**
 * True when SQLite refused a write because another connection holds the database's write lock (a
 * retention run, an import or a compact in another process): nothing was written, and the same
 * write can be tried again once the lock is free.
 */
export const isLockedByAnotherWriter = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};
