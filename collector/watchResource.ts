// The life of one watched resource: list, watch from the list's resourceVersion with bookmarks,
// resume after clean ends, back off and resume after failures, relist after 410 Gone, and note
// in the log every interval in which it was not watching.
import type { KubeObject, MarkerBody, NewEntry, WatchCheckpoint } from '../store/index.ts';
import type { AppendBatcher, Schedule } from './appendBatcher.ts';
import type { KubeClient, WatchHandle } from './kubeClient.ts';
import { statusCodeOf } from './kubeClient.ts';
import { listedEntries, vanishedEntries, withType } from './listEntries.ts';
import type { LiveObjects } from './liveObjects.ts';
import type { OneAtATime } from './oneAtATime.ts';
import type { WatchedResource } from './watchedResources.ts';

/** How often a relist looks whether what is held is written, before it compares with the log. */
const pendingWriteRetryMs = 250;

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

export type ResourceWatcherOptions = {
  client: KubeClient;
  resource: WatchedResource;
  cluster: string;
  batcher: AppendBatcher;
  live: LiveObjects;
  /** Where the last run stopped, if it ever ran. */
  checkpoint: WatchCheckpoint | undefined;
  now: () => number;
  sleep: Sleep;
  schedule: Schedule;
  backoff: (attempt: number) => number;
  /** Redaction (or not) of each object before it is recorded. */
  prepare: (object: KubeObject) => KubeObject;
  /** The timeoutSeconds asked of each watch (the server ends it then; the watch is resumed). */
  watchTimeoutSeconds: () => number;
  listPageSize: number;
  /** Shared by every resource's lists: one page is fetched and written at a time. */
  listPageTurn: OneAtATime;
  log: (line: string) => void;
};

/** An interval not watched, still open. */
export type Blind = { since: number; reason: string };

export type ResourceWatcher = {
  /** Stops watching; resolves with the blind interval still open (if any) once the loop has ended. */
  stop(): Promise<Blind | undefined>;
};

type Outcome =
  | { kind: 'ended'; lastedMs: number }
  | { kind: 'expired'; at: number }
  | { kind: 'failed'; at: number; reason: string }
  | { kind: 'stopped' };

// How long a watch must be open before its open is recorded without waiting for an event: a watch
// from a too-old version opens fine, then its first event is the 410.
const confirmOpenMs = 1000;
// A watch that ends cleanly sooner than this is treated as a failure, so a misbehaving server
// cannot make the collector spin.
const shortestCleanWatchMs = 1000;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function watchResource(options: ResourceWatcherOptions): ResourceWatcher {
  const { client, resource, cluster, batcher, live, now, sleep, schedule, backoff, prepare, log } = options;
  const stopping = new AbortController();
  let current: WatchHandle | undefined;
  let resourceVersion = options.checkpoint?.resourceVersion;
  // Not watching since: the last run's end when resuming (its checkpoint was touched at shutdown).
  let blind: Blind | undefined = options.checkpoint
    ? { since: options.checkpoint.updatedAt, reason: 'collector not running' }
    : undefined;
  let watchedBefore = false;
  let attempt = 0;

  const marker = (body: MarkerBody, at = now()): NewEntry => ({
    cluster,
    observedAt: at,
    source: 'collector',
    type: 'MARKER',
    resource: resource.name,
    object: body,
  });

  const gapUntil = (to: number): NewEntry[] => {
    if (!blind) return [];
    const gap = marker({ marker: 'Gap', from: blind.since, to, reason: blind.reason });
    blind = undefined;
    return [gap];
  };

  /**
   * Lists the resource and records what it holds, a page at a time (a cluster of 10,000 pods is
   * 100 MB of parsed objects: held whole it would take a recorder past its memory), then the
   * deletions it implies, the markers and the checkpoint. The pages go in without the checkpoint:
   * a list cut short is listed again (the dedupe skips what its first pages wrote), and its gap
   * stays open until a list completes.
   */
  async function list(source: 'list' | 'relist'): Promise<void> {
    // The log's idea of what is alive must include everything observed so far: while another
    // process holds the log, what is held is not in it yet, so wait until it is. The batcher's
    // own timer tries again: an attempt from here too would wait for the lock in this thread.
    batcher.flush();
    while (batcher.stats().pending > 0 && !stopping.signal.aborted) {
      await sleep(pendingWriteRetryMs, stopping.signal);
    }
    if (stopping.signal.aborted) return;
    const context = { cluster, resource: resource.name, source, live: live.of(cluster, resource.name) };
    const listedUids = new Set<string>();
    let continueToken: string | undefined;
    let listedAt: number | undefined;
    let version = '';
    do {
      const query: Record<string, string> = { limit: String(options.listPageSize) };
      if (continueToken) query.continue = continueToken;
      const page = await options.listPageTurn(async () => {
        const page = await client.listPage(resource.path, query, stopping.signal);
        const next = { continueToken: page.continueToken, resourceVersion: page.resourceVersion };
        if (stopping.signal.aborted) return next;
        const at = now();
        listedAt ??= at;
        const listed = page.items.map((item) => ({
          object: prepare(withType(item, resource.apiVersion, resource.kind)),
          observedAt: at,
        }));
        for (const { object } of listed) if (object.metadata?.uid) listedUids.add(object.metadata.uid);
        batcher.flush({ extra: listedEntries(context, listed) });
        // Only where the list goes on is kept: the page's objects are garbage once written.
        return next;
      });
      if (stopping.signal.aborted) return;
      continueToken = page.continueToken;
      version = page.resourceVersion;
    } while (continueToken && !stopping.signal.aborted);
    if (stopping.signal.aborted) return;
    const at = now();
    const vanished = vanishedEntries(context, listedUids, (o) => live.lastObject(o.position), at);
    const markers = gapUntil(listedAt ?? at);
    if (source === 'relist') {
      markers.push(
        marker(
          {
            marker: 'Relisted',
            reason: `${listedUids.size} objects listed, ${vanished.length} deletions inferred`,
          },
          at,
        ),
      );
    }
    resourceVersion = version;
    batcher.advance(resource.name, version);
    // The list is complete: the deletions, the markers and the checkpoint, written together.
    batcher.flush({ extra: [...markers, ...vanished] });
  }

  function watchOnce(from: string): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let confirmed = false;
      let cancelConfirm: (() => void) | undefined;
      let openedAt = now();
      let expired = false;
      let failure: string | undefined;

      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        cancelConfirm?.();
        resolve(outcome);
      };
      const confirm = () => {
        if (confirmed || settled) return;
        confirmed = true;
        cancelConfirm?.();
        for (const gap of gapUntil(openedAt)) batcher.add({ ...gap, observedAt: openedAt });
        batcher.add(
          marker(
            {
              marker: watchedBefore ? 'WatchReconnected' : 'WatchStarted',
              reason: `from resourceVersion ${from}`,
            },
            openedAt,
          ),
        );
        watchedBefore = true;
        attempt = 0;
      };

      const onEvent = (type: string, raw: unknown, text?: string) => {
        if (settled || stopping.signal.aborted) return;
        const object = raw as KubeObject;
        if (type === 'ERROR') {
          const status = raw as { code?: unknown; reason?: unknown; message?: unknown } | null;
          if (status?.code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone')
            expired = true;
          else failure = `watch error: ${String(status?.message ?? status?.reason ?? 'unknown')}`;
          current?.abort();
          return;
        }
        confirm();
        const version = object?.metadata?.resourceVersion;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
          const prepared = prepare(object);
          batcher.add({
            cluster,
            observedAt: now(),
            source: 'watch',
            type,
            resource: resource.name,
            object: prepared,
            // The server's text is the object stored only when redaction changed nothing.
            text: prepared === object ? text : undefined,
          });
        } else if (type !== 'BOOKMARK') {
          return;
        }
        if (typeof version === 'string' && version !== '') {
          resourceVersion = version;
          batcher.advance(resource.name, version);
        }
      };

      const onDone = (error: unknown) => {
        if (stopping.signal.aborted) return settle({ kind: 'stopped' });
        const at = now();
        if (expired || statusCodeOf(error) === 410) return settle({ kind: 'expired', at });
        if (failure !== undefined) return settle({ kind: 'failed', at, reason: failure });
        if (error) return settle({ kind: 'failed', at, reason: `watch failed: ${messageOf(error)}` });
        const lastedMs = at - openedAt;
        if (lastedMs < shortestCleanWatchMs && !confirmed) {
          return settle({ kind: 'failed', at, reason: 'watch ended at once' });
        }
        settle({ kind: 'ended', lastedMs });
      };

      client
        .watch(
          resource.path,
          { allowWatchBookmarks: true, resourceVersion: from, timeoutSeconds: options.watchTimeoutSeconds() },
          { onEvent, onDone },
        )
        .then(
          (handle) => {
            current = handle;
            if (stopping.signal.aborted || expired || failure !== undefined) handle.abort();
            if (!handle.opened || settled) return;
            openedAt = now();
            cancelConfirm = schedule(confirmOpenMs, confirm);
          },
          (error: unknown) => onDone(error ?? new Error('watch could not start')),
        );
    });
  }

  async function loop(): Promise<void> {
    let needsList: 'list' | 'relist' | undefined = resourceVersion === undefined ? 'list' : undefined;
    while (!stopping.signal.aborted) {
      try {
        if (needsList) {
          await list(needsList);
          if (stopping.signal.aborted) break;
          needsList = undefined;
        }
        const outcome = await watchOnce(resourceVersion ?? '');
        current = undefined;
        if (outcome.kind === 'stopped') break;
        if (outcome.kind === 'ended') continue;
        if (outcome.kind === 'expired') {
          log(`${resource.name}: resourceVersion ${resourceVersion} expired (410 Gone); relisting`);
          // Blind since the watch broke, if it broke first; what was missed is gone for good.
          blind = {
            since: blind?.since ?? outcome.at,
            reason: `resourceVersion ${resourceVersion} expired (410 Gone)`,
          };
          needsList = 'relist';
          // A relist is due at once, unless relists keep failing to catch up.
          if (attempt > 0) await sleep(backoff(attempt), stopping.signal);
          attempt++;
          continue;
        }
        blind ??= { since: outcome.at, reason: outcome.reason };
        const delay = backoff(attempt++);
        log(`${resource.name}: ${outcome.reason}; retrying in ${delay} ms`);
        await sleep(delay, stopping.signal);
      } catch (error) {
        if (stopping.signal.aborted) break;
        if (statusCodeOf(error) === 410 && needsList) needsList = 'relist';
        const reason = `${needsList ?? 'watch'} failed: ${messageOf(error)}`;
        blind ??= { since: now(), reason };
        const delay = backoff(attempt++);
        log(`${resource.name}: ${reason}; retrying in ${delay} ms`);
        await sleep(delay, stopping.signal);
      }
    }
  }

  const done = loop();
  return {
    async stop() {
      stopping.abort();
      current?.abort();
      await done;
      return blind;
    },
  };
}
