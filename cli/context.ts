import { type OpenStoreOptions, openStore, type Store } from '../store/index.ts';

export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => number;
  env: Record<string, string | undefined>;
  /**
   * Resolves once what stdout still holds has gone out. A pipe whose reader is slower (`| gzip`,
   * `| less`) takes writes into memory without limit: an export of 3 hours of the 10 M log to a
   * reader that waited 15 s held 1.6 GB. Absent, output never waits.
   */
  drained?: () => Promise<void>;
};

export function dbPathOf(flag: string | undefined, env: CliIo['env']): string {
  return flag ?? env.KUBETRAIL_DB ?? './kubetrail.db';
}

/** Opens the database read-only for queries (never creates one: a missing file is an error). */
export function openForReading(flag: string | undefined, io: CliIo): Store {
  return openStore(dbPathOf(flag, io.env), { readonly: true });
}

export function openForWriting(
  flag: string | undefined,
  io: CliIo,
  options: Pick<
    OpenStoreOptions,
    'keyframeCacheBytes' | 'pageCacheBytes' | 'baseCacheBytes' | 'checkpointInBackground'
  > = {},
): Store {
  return openStore(dbPathOf(flag, io.env), { now: io.now, ...options });
}

/** Flags every query command takes (`--db`, `--cluster`, `-n`), spread into its parseArgs options. */
export const queryOptions = {
  db: { type: 'string' },
  cluster: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const;
