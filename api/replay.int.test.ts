import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePod } from '../test/support/podBuilder.ts';
import { appFor, type Recorded, recordFixtures } from './apiTestSupport.ts';

type SseEvent = { id?: string; event?: string; data: string };

/** Reads Server-Sent Events until `enough` says stop or the stream ends (bounded by a deadline). */
async function readEvents(
  res: Response,
  enough: (events: SseEvent[]) => boolean = () => false,
  onEvents?: (events: SseEvent[]) => void,
) {
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event: SseEvent = { data: '' };
      for (const line of block.split('\n')) {
        const [key, ...rest] = line.split(': ');
        const value = rest.join(': ');
        if (key === 'id') event.id = value;
        else if (key === 'event') event.event = value;
        else if (key === 'data') event.data += value;
      }
      events.push(event);
      cut = buffer.indexOf('\n\n');
    }
    onEvents?.(events);
    if (enough(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

const entries = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'entry').map((e) => ({ id: Number(e.id), ...JSON.parse(e.data) }));

let recorded: Recorded;
beforeAll(() => {
  recorded = recordFixtures();
});
afterAll(() => recorded.cleanup());

describe('GET /api/v1/replay', () => {
  const window = 'from=2026-01-02T03:05:00Z&to=2026-01-02T03:08:00Z&resource=pods';

  it('replays a window of the log in order, ids being log positions, then ends', async () => {
    const app = appFor(recorded);
    const events = await readEvents(await app.request(`/api/v1/replay?${window}&speed=max`));
    const items = entries(events);
    expect(items.map((e) => [e.name, e.type, e.summary.status, e.observedAt])).toEqual([
      ['web-6d4cf56db6-x7k2p', 'MODIFIED', 'CrashLoopBackOff', '2026-01-02T03:05:20.000Z'],
      ['web-6d4cf56db6-x7k2p', 'MODIFIED', 'Running', '2026-01-02T03:05:31.000Z'],
      ['web-6d4cf56db6-x7k2p', 'MODIFIED', 'CrashLoopBackOff', '2026-01-02T03:07:00.000Z'],
      ['web-6d4cf56db6-x7k2p', 'MODIFIED', 'Running', '2026-01-02T03:07:40.000Z'],
    ]);
    expect(items.map((e) => e.id)).toEqual(items.map((e) => e.position));
    expect(items.every((e, i) => i === 0 || e.id > items[i - 1]!.id)).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'end' });
    app.close();
  });

  it('paces the replay by observed time divided by the speed', async () => {
    const waits: number[] = [];
    const app = appFor(recorded, { sleep: async (ms) => void waits.push(ms) });
    await readEvents(await app.request(`/api/v1/replay?${window}&speed=10x`));
    expect(waits).toEqual([1100, 8900, 4000]);
    app.close();
  });

  it('resumes after the Last-Event-ID position', async () => {
    const app = appFor(recorded);
    const all = entries(await readEvents(await app.request(`/api/v1/replay?${window}&speed=max`)));
    const resumed = entries(
      await readEvents(
        await app.request(`/api/v1/replay?${window}&speed=max`, {
          headers: { 'Last-Event-ID': String(all[1]!.id) },
        }),
      ),
    );
    expect(resumed.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
    const byQuery = entries(
      await readEvents(await app.request(`/api/v1/replay?${window}&speed=max&lastEventId=${all[2]!.id}`)),
    );
    expect(byQuery.map((e) => e.id)).toEqual([all[3]!.id]);
    app.close();
  });

  it('sends whole objects on request, and markers as they were recorded', async () => {
    const app = appFor(recorded);
    const items = entries(
      await readEvents(
        await app.request(
          '/api/v1/replay?from=2026-01-02T03:00:00Z&to=2026-01-02T03:00:02Z&speed=max&detail=object&namespace=shop&resource=pods',
        ),
      ),
    );
    expect(items.map((e) => e.object.metadata.resourceVersion)).toEqual(['1003', '1005']);
    const markers = entries(
      await readEvents(
        await app.request('/api/v1/replay?from=2026-01-02T03:14:00Z&to=2026-01-02T03:16:00Z&speed=max'),
      ),
    );
    expect(markers.map((e) => [e.type, e.kind, e.summary.marker])).toEqual([
      ['MARKER', 'Gap', 'Gap'],
      ['MARKER', 'Relisted', 'Relisted'],
    ]);
    app.close();
  });

  it('follows live changes when no end is given', async () => {
    const app = appFor(recorded, {
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      pollMs: 10,
    });
    let appended = false;
    const events = await readEvents(
      await app.request('/api/v1/replay?from=2026-01-02T05:00:00Z&speed=max'),
      (seen) => entries(seen).some((e) => e.name === 'late'),
      (seen) => {
        // Once the recorded part is through, something new is recorded while the stream waits.
        if (!appended && entries(seen).length === 1) {
          appended = true;
          recorded.writer.writer!.append([
            {
              cluster: 'staging',
              observedAt: Date.parse('2026-01-02T05:30:00Z'),
              source: 'watch',
              type: 'ADDED',
              resource: 'pods',
              object: simplePod('late', '77'),
            },
          ]);
        }
      },
    );
    expect(entries(events).map((e) => e.name)).toEqual(['api-0', 'late']);
    app.close();
  });

  it('refuses a bad speed, a bad Last-Event-ID and an inverted window', async () => {
    const app = appFor(recorded);
    const field = async (path: string, init?: RequestInit) => {
      const res = await app.request(path, init);
      expect(res.status, path).toBe(400);
      return ((await res.json()) as { error: { field: string } }).error.field;
    };
    expect(await field('/api/v1/replay?speed=fast')).toBe('speed');
    expect(await field('/api/v1/replay?speed=0x')).toBe('speed');
    expect(await field('/api/v1/replay', { headers: { 'Last-Event-ID': 'abc' } })).toBe('last-event-id');
    expect(await field('/api/v1/replay?from=2026-01-02T04:00:00Z&to=2026-01-02T03:00:00Z')).toBe('to');
    expect(await field('/api/v1/replay?detail=everything')).toBe('detail');
    app.close();
  });
});
