import type { PodRow } from '../projector/index.ts';
import { KubetrailError, type Queries } from '../store/index.ts';
import { formatTime } from './parseTime.ts';

const alive = (pod: PodRow, at: number) =>
  pod.firstSeenAt <= at && (pod.deletedAt === null || pod.deletedAt > at);

/**
 * The pod a name meant: at an instant, the one alive then; without one, the newest. A name can
 * have had several pods (uids) over time; each is its own history.
 */
export function resolvePod(
  queries: Queries,
  target: { namespace: string; name: string; cluster?: string | undefined; at?: number | undefined },
): PodRow {
  const lives = queries.podsNamed(target.namespace, target.name, target.cluster);
  if (lives.length === 0) {
    if (!queries.namespaceKnown(target.namespace)) {
      throw new KubetrailError(
        'not-found',
        `namespace ${JSON.stringify(target.namespace)}: no pods recorded in it`,
      );
    }
    throw new KubetrailError('not-found', `pod ${target.namespace}/${target.name}: not recorded`);
  }
  if (target.at === undefined) return lives[lives.length - 1]!;
  const at = target.at;
  const match = [...lives].reverse().find((pod) => alive(pod, at));
  if (match) return match;
  const spans = lives
    .map(
      (p) =>
        `${p.uid} from ${formatTime(p.firstSeenAt)} to ${p.deletedAt === null ? 'now' : formatTime(p.deletedAt)}`,
    )
    .join('; ');
  throw new KubetrailError(
    'not-found',
    `pod ${target.namespace}/${target.name} did not exist at ${formatTime(at)} (recorded: ${spans})`,
  );
}
