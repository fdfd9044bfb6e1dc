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
