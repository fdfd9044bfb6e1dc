// `kubetrail run` serves the API from a thread of its own: the same answers as in-process, given
// while the main thread is busy, and a thread that stops unasked is started again.
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDb } from '../test/support/fixtureDb.ts';
import { createApp } from './createApp.ts';
import { startServerThread } from './serverThread.ts';
import { superviseThread } from './superviseThread.ts';

const f = fixtureDb('crashloop', 'liveness-exec');
afterAll(() => f.cleanup());

const urls = [
  '/api/v1/pods?at=2026-01-02T03:06:00Z',
  '/api/v1/restarts?namespace=sim-crashloop',
  '/k8s/default/at/2026-01-02T03:06:00Z/api/v1/pods',
];

describe('the API thread', () => {
  it('answers as the app in-process answers, while the main thread is blocked', async () => {
    const server = await startServerThread({ dbPath: f.path, port: 0 });
    const app = createApp({ dbPath: f.path, now: Date.now });
    try {
      for (const url of urls) {
        const [threaded, inProcess] = await Promise.all([
          fetch(`${server.url}${url}`).then((r) => r.text()),
          Promise.resolve(app.request(url)).then((r) => r.text()),
        ]);
        expect(threaded.length).toBeGreaterThan(100);
        expect(threaded).toBe(inProcess);
      }
      // spawnSync holds this thread until its child ends: the child's request is answered only
      // because the server runs on another thread.
      const child = spawnSync(
        process.execPath,
        ['-e', `fetch(${JSON.stringify(`${server.url}/healthz`)}).then((r) => r.text()).then(console.log)`],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect({ status: child.status, stdout: child.stdout.trim() }).toEqual({ status: 0, stdout: 'ok' });
    } finally {
      app.close();
      await server.close();
    }
  });

  it('fails to start as startServer would, with the error code (a port already taken)', async () => {
    const first = await startServerThread({ dbPath: f.path, port: 0 });
    try {
      await expect(startServerThread({ dbPath: f.path, port: first.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });
});

// A worker that says it is ready, then exits with the code it is sent, or throws the message.
const dyingWorker = () =>
  new Promise<Worker>((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.postMessage('ready');
       parentPort.on('message', (m) => {
         if (typeof m === 'number') process.exit(m);
         setImmediate(() => { throw new Error(m); });
       });`,
      { eval: true },
    );
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe('superviseThread', () => {
  it('starts a thread again when it exits or throws unasked, and not after stop', async () => {
    const stopped: string[] = [];
    let restarted = 0;
    const supervised = await superviseThread(dyingWorker, {
      retryMs: 10,
      onStopped: (why) => stopped.push(why),
      onRestarted: () => restarted++,
    });
    const first = supervised.current();
    first.postMessage(3);
    await until(() => restarted === 1);
    expect(supervised.current()).not.toBe(first);
    supervised.current().postMessage('out of cheese');
    await until(() => restarted === 2);
    expect(stopped).toEqual(['exit code 3', 'out of cheese']);
    expect(supervised.restarts()).toBe(2);

    const last = supervised.current();
    await supervised.stop((worker) => worker.terminate().then(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(supervised.current()).toBe(last);
    expect(stopped).toHaveLength(2);
  });

  it('waits twice as long after each start that fails, up to its bound', async () => {
    const attempts: number[] = [];
    let calls = 0;
    const start = () => {
      calls++;
      if (calls === 1) return dyingWorker();
      attempts.push(performance.now());
      return calls <= 5 ? Promise.reject(new Error('no port')) : dyingWorker();
    };
    const stopped: string[] = [];
    const supervised = await superviseThread(start, {
      retryMs: 10,
      maxRetryMs: 40,
      onStopped: (why) => stopped.push(why),
    });
    supervised.current().postMessage(1);
    await until(() => supervised.restarts() === 1);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    // Timers never fire early but for rounding: each gap is at least its delay, less a millisecond.
    expect(gaps.map((gap, i) => gap >= [20, 40, 40, 40][i]! - 1)).toEqual([true, true, true, true]);
    expect(stopped).toEqual(['exit code 1', ...Array(4).fill('it could not be started again: no port')]);
    await supervised.stop((worker) => worker.terminate().then(() => undefined));
  });
});
