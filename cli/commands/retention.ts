import { parseArgs } from 'node:util';
import { applyRetention, KubetrailError } from '../../store/index.ts';
import { type CliIo, openForWriting } from '../context.ts';

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const sizes: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `30d`, `12h`, `90m` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match)
    throw new KubetrailError(
      'bad-input',
      `--older-than: expected a duration like 30d, 12h or 90m, got ${JSON.stringify(text)}`,
    );
  return Number(match[1]) * (units[match[2] as string] as number);
}

/** `10GB`, `500MiB`, `2e9` → bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]i?b|b)?$/i.exec(text.trim());
  if (!match)
    throw new KubetrailError(
      'bad-input',
      `--max-size: expected a size like 10GB or 500MiB, got ${JSON.stringify(text)}`,
    );
  return Math.floor(Number(match[1]) * (sizes[(match[2] ?? 'b').toLowerCase()] as number));
}

/**
 * `kubetrail retention [--older-than 30d] [--max-size 10GB]`: removes whole old ranges of the log,
 * records the run (a RetentionApplied marker and a `retention_runs` row), and makes the read
 * models follow: only the objects that span the cut are projected again (a full rebuild when the
 * read models are behind or most of the log would be). Run `kubetrail compact` afterwards to give
 * the space back to the disk.
 */
export function retention(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, 'older-than': { type: 'string' }, 'max-size': { type: 'string' } },
  });
  const olderThan =
    values['older-than'] === undefined ? undefined : io.now() - parseDuration(values['older-than']);
  const maxBytes = values['max-size'] === undefined ? undefined : parseSize(values['max-size']);
  if (olderThan === undefined && maxBytes === undefined)
    throw new KubetrailError('bad-input', 'usage: kubetrail retention [--older-than 30d] [--max-size 10GB]');
  const store = openForWriting(values.db, io);
  try {
    const result = applyRetention(
      { db: store.db, writer: store.writer!, projections: store.projections, now: io.now },
      { olderThan, maxBytes },
    );
    if (result.removedEntries === 0) {
      io.stdout(`nothing to remove (${result.reason})\n`);
      return 0;
    }
    io.stdout(
      `removed ${result.removedEntries} entries below position ${result.belowPosition} (${result.reason}); ` +
        `${result.retainedBases} keyframes of newer deltas kept aside; ` +
        `recorded as marker ${result.markerPosition}; ` +
        (result.reprojectedEntries === null
          ? 'read models rebuilt from what is left\n'
          : `read models followed (${result.reprojectedEntries} entries of objects spanning the cut projected again)\n`),
    );
    return 0;
  } finally {
    store.close();
  }
}
