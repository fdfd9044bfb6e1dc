// The watch edge against a bare HTTP server: each event's object comes with its own text exactly
// as the server wrote it, and a line that is not JSON ends the watch with an error instead of
// being skipped (a skipped change would be lost without a trace).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeClient } from './kubeClient.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(body: string) {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const events: { type: string; object: unknown; text: string | undefined }[] = [];
  const done = await new Promise<unknown>((resolve) => {
    void createKubeClient(kc).watch(
      '/api/v1/pods',
      { resourceVersion: '7', allowWatchBookmarks: true },
      { onEvent: (type, object, text) => events.push({ type, object, text }), onDone: resolve },
    );
  });
  return { events, done, requests };
}

describe('kubeClient.watch', () => {
  it("hands over each object with the server's own text, and the parsed object", async () => {
    const pod =
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","uid":"u","resourceVersion":"8"},"spec":{"n":1.50}}';
    const { events, done, requests } = await serve(
      `{"type":"ADDED","object":${pod}}\n{ "type": "BOOKMARK", "object": {"metadata":{"resourceVersion":"9"}} }\n`,
    );
    expect(done).toBeNull();
    expect(requests).toEqual(['/api/v1/pods?watch=true&resourceVersion=7&allowWatchBookmarks=true']);
    expect(events).toEqual([
      { type: 'ADDED', object: JSON.parse(pod), text: pod },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } }, text: undefined },
    ]);
  });

  it('ends the watch with an error at a line that is not JSON', async () => {
    const { events, done } = await serve(
      '{"type":"ADDED","object":{"metadata":{"uid":"u"}}}\n{"type":"MODIFIED","object":{"metad\n',
    );
    expect(events).toHaveLength(1);
    expect(String(done)).toMatch(/not JSON: \{"type":"MODIFIED"/);
  });
});
