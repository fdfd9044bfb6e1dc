import { once } from 'node:events';
import { KubetrailError } from '../store/index.ts';
import type { CliIo } from './context.ts';

export type { CliIo } from './context.ts';

type Command = (args: string[], io: CliIo) => number | Promise<number>;

// Each command is loaded when it runs: a query should not pay for loading the Kubernetes
// client, the HTTP server and the simulator (that made every start take seconds).
const commands: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./commands/importCommand.ts')).importCommand,
  get: async () => (await import('./commands/getPods.ts')).getPods,
  describe: async () => (await import('./commands/describe.ts')).describe,
  restarts: async () => (await import('./commands/restarts.ts')).restarts,
  timeline: async () => (await import('./commands/timeline.ts')).timeline,
  rebuild: async () => (await import('./commands/rebuild.ts')).rebuild,
  retention: async () => (await import('./commands/retention.ts')).retention,
  compact: async () => (await import('./commands/compact.ts')).compact,
  export: async () => (await import('./commands/exportCommand.ts')).exportCommand,
  record: async () => (await import('./commands/record.ts')).record,
  sim: async () => (await import('./commands/sim.ts')).sim,
  demo: async () => (await import('./commands/demo.ts')).demo,
  run: async () => (await import('./commands/run.ts')).run,
  serve: async () => (await import('./commands/serve.ts')).serve,
};

const usage = `kubetrail: a flight recorder for Kubernetes Pods

  kubetrail demo                       record the built-in simulated cluster and serve the viewer
  kubetrail run                        record the kubeconfig's cluster and serve the viewer
  kubetrail record | serve | sim       the parts on their own
  kubetrail import FILE…               NDJSON watch streams, kubectl -o json lists and streams,
                                       objects and arrays of versions (each file all or nothing)
  kubetrail get pods [-n NS|-A] [-l SEL] [--at TIME] [-o table|wide|json]
  kubetrail describe pod NAME [-n NS] [--at TIME]
  kubetrail restarts [-n NS|-A] [--since TIME] [--until TIME] [--reason R] [-o table|json]
  kubetrail timeline pod NAME [-n NS]
  kubetrail export [-n NS] [--since T] [--until T] [--resource R] [-o FILE]
                                       the log as NDJSON watch events (import takes it back)
  kubetrail rebuild                    drop the read models and replay the log
  kubetrail retention [--older-than 30d] [--max-size 10GB]   remove old ranges of the log
  kubetrail compact                    give free space back to the disk (VACUUM)

Common flags, before or after the command: --db PATH (default ./kubetrail.db or $KUBETRAIL_DB),
--cluster NAME.
TIME: RFC3339 (2026-01-02T03:12:00Z) or relative (now, -15m, 2h ago).
`;

/** Exits with the status a shell reports for a process that SIGPIPE stopped (128 + 13). */
const readerGone = (error: unknown): void => {
  if ((error as NodeJS.ErrnoException | null)?.code === 'EPIPE') process.exit(141);
};

/**
 * Writes to a stream of the process. A write to a pipe nobody reads fails at once (the stream
 * says so before its 'error' event): the command stops there, not after computing the rest of its
 * output (a million restarts through `| head -1` ran 13-22 s so).
 */
const writeTo = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(text);
  readerGone(stream.errored);
};

export const defaultIo: CliIo = {
  stdout: writeTo(process.stdout),
  stderr: writeTo(process.stderr),
  now: Date.now,
  env: process.env,
  // A failed write ends the process (runFromShell), so a 'drain' that never comes leaves no wait.
  drained: () =>
    process.stdout.writableNeedDrain
      ? once(process.stdout, 'drain').then(() => undefined)
      : Promise.resolve(),
};

/**
 * `main` as the bins run it, on the process's own streams. A reader that stops reading
 * (`kubetrail restarts -A | head`) ends the command quietly, as it ends kubectl: with the status
 * a shell reports for a process that SIGPIPE stopped (128 + 13), not with a stack trace.
 */
export async function runFromShell(argv: string[]): Promise<number> {
  for (const stream of [process.stdout, process.stderr]) {
    // Also what others write there (the collector's and server's logs), once the write failed.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      readerGone(error);
      throw error;
    });
  }
  return main(argv);
}

/** Common flags that take a value, as kubectl users also type them before the command. */
const leadingValueFlags = new Set(['--db', '--cluster', '-n', '--namespace']);
const leadingSwitches = new Set(['-A', '--all-namespaces']);

/**
 * The command's name and its arguments, common flags typed before the name (`kubetrail --db x.db
 * get pods`, `kubetrail -n team-0 restarts`, as kubectl takes them) handed to the command first.
 * Anything else before the name is left where it is, for the unknown-command message to name.
 */
export function splitCommand(argv: readonly string[]): { name: string | undefined; args: string[] } {
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] as string;
    const flag = arg.split('=', 1)[0] as string;
    if (leadingSwitches.has(arg)) i++;
    else if (leadingValueFlags.has(flag) && arg.includes('=')) i++;
    else if (leadingValueFlags.has(arg) && i + 1 < argv.length) i += 2;
    else break;
  }
  const [name, ...rest] = argv.slice(i);
  return { name, args: [...argv.slice(0, i), ...rest] };
}

/** Runs one command; returns the exit code. Expected failures: one line on stderr, exit 2. */
export async function main(
  argv: string[],
  io: CliIo = defaultIo,
  extra: Record<string, Command> = {},
): Promise<number> {
  const { name, args } = splitCommand(argv);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage);
    return name ? 0 : 2;
  }
  // `kubetrail get --help`, as kubectl takes it: the usage, not an unknown option.
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(usage);
    return 0;
  }
  const load = commands[name];
  const command = extra[name] ?? (load ? await load() : undefined);
  if (!command) {
    io.stderr(`kubetrail: unknown command ${JSON.stringify(name)} (see kubetrail help)\n`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof KubetrailError) {
      io.stderr(`kubetrail ${name}: ${error.message}\n`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ) {
      io.stderr(`kubetrail ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

// Shared with the API, which serves the same shapes and takes the same TIME syntax.
export { type PodJsonItem, podJsonItem } from './commands/getPods.ts';
export { formatTime, isRelativeTime, parseTime } from './parseTime.ts';
