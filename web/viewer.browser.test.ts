// The viewer in a real browser (Debian's Chromium through playwright-core) against the API over
// real HTTP: the cursor, the pods table as `kubetrail get pods --at` prints it, the swimlanes and
// the pod detail.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerHandle, startServer } from '../api/index.ts';
import { main as cli } from '../cli/index.ts';
import { importFiles } from '../collector/index.ts';
import { openStore } from '../store/index.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { tempStoreOfStream } from '../test/support/tempStore.ts';

const chromiumPath = '/usr/bin/chromium';
const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const now = Date.parse('2026-01-02T06:00:00Z');
/** Inside the crash loop of `crasher` (sim-crashloop), which runs from 03:00:11 on. */
const insideCrashLoop = '2026-01-02T03:05:00Z';
const screenshot = '/tmp/kubetrail-viewer.png';

let dir: ReturnType<typeof tempDir>;
let dbPath: string;
let server: ServerHandle;
let browser: Browser;
let page: Page;
/** Errors the page met, and requests that failed or were refused (a 404 is a missing file). */
const failures: string[] = [];

/** `kubetrail get pods -A --at TIME` on the same database, split into cells. */
async function cliPods(at: string) {
  let out = '';
  const code = await cli(['get', 'pods', '-A', '--at', at, '--db', dbPath], {
    stdout: (text) => {
      out += text;
    },
    stderr: () => {},
    now: () => now,
    env: {},
  });
  expect(code).toBe(0);
  const [header, ...rows] = out.trimEnd().split('\n');
  const names = header!.split(/\s{2,}/);
  return rows.map((row) => Object.fromEntries(row.split(/\s{2,}/).map((cell, i) => [names[i], cell])));
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the viewer test needs Debian's Chromium (apt-get install -y chromium)`,
    );
  }
  dir = tempDir('kubetrail-viewer-');
  dbPath = dir.path('k.db');
  const writer = openStore(dbPath, { now: () => now });
  importFiles(writer.writer!, [fixture('crashloop.ndjson'), fixture('liveness-exec.ndjson')], {
    cluster: 'default',
    now: () => now,
  });
  writer.close();
  server = await startServer({ dbPath, port: 0, now: () => now });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.url()} HTTP ${response.status()}`);
  });
  await page.goto(`${server.url}/`);
  await page.waitForSelector('#pods tbody tr[data-uid]');
  expect(failures).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  dir?.cleanup();
});

describe('the timeline viewer', () => {
  it('shows the pods at the cursor as kubetrail get pods --at prints them', async () => {
    await page.fill('#at', insideCrashLoop);
    await page.press('#at', 'Enter');
    await page.waitForSelector(`#pods[data-at="${insideCrashLoop}"]`);
    const row = page.locator('#pods tbody tr', { hasText: 'crasher' });
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('CrashLoopBackOff');
    const cells = await row.locator('td').allInnerTexts();
    const [expected] = (await cliPods(insideCrashLoop)).filter((r) => r.NAME === 'crasher');
    expect(expected).toBeDefined();
    // NAMESPACE NAME READY STATUS RESTARTS AGE, then NODE.
    expect(cells.slice(0, 6)).toEqual([
      expected!.NAMESPACE,
      expected!.NAME,
      expected!.READY,
      expected!.STATUS,
      expected!.RESTARTS,
      expected!.AGE,
    ]);
    expect(cells[4]).toMatch(/^5 \(\d+m\d+s ago\)$/);
    expect(cells[6]).toBe('sim-worker2');
    // The STATUS is colour-coded as a crash loop.
    expect(await row.locator('td .pill').getAttribute('class')).toContain('st-crashloop');
    // The slider moved with the cursor: back to the recorded start, crasher is not crashing yet.
    await page.locator('#slider').fill('0');
    await page.waitForSelector('#pods[data-at="2026-01-02T03:00:00Z"]');
    expect(await row.locator('td').nth(3).textContent()).not.toBe('CrashLoopBackOff');
    // 300 s into the recording (it starts at 03:00:00) is the crash-loop instant again.
    await page.locator('#slider').fill('300');
    await page.waitForSelector(`#pods[data-at="${insideCrashLoop}"]`);
    expect(await row.locator('td').nth(3).textContent()).toBe('CrashLoopBackOff');
  });

  it('draws a swimlane per pod with restart markers', async () => {
    const canvas = page.locator('#lanes-canvas');
    await expect.poll(() => canvas.getAttribute('data-lanes')).toBe('2');
    // Every restart of the recorded window (the default: last hour of data) has a marker.
    const restarts = (await (await fetch(`${server.url}/api/v1/restarts?limit=1000`)).json()) as {
      items: unknown[];
    };
    expect(restarts.items.length).toBeGreaterThan(0);
    expect(await canvas.getAttribute('data-restart-markers')).toBe(String(restarts.items.length));
    // Hovering the lane of crasher inside the crash loop names the span.
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width - 40, box.y + 30 + 10);
    await expect.poll(() => page.locator('#tooltip').textContent()).toContain('sim-crashloop/crasher');
    await page.screenshot({ path: screenshot });
  });

  it('opens the pod with its restarts when clicked', async () => {
    await page.locator('#pods tbody tr', { hasText: 'crasher' }).click();
    const restarts = page.locator('#detail-restarts tr');
    await expect.poll(() => restarts.count()).toBe(9); // header + 8 restarts recorded
    const first = await restarts.nth(1).locator('td').allInnerTexts();
    expect(first[0]).toContain('2026-01-02T03:00:07Z');
    expect(first.slice(1, 4)).toEqual(['app', '1', 'Error']);
    await expect.poll(() => page.locator('#detail h2').textContent()).toContain('crasher');
    expect(await page.locator('#detail-events tr').count()).toBeGreaterThan(1);
    expect(await page.locator('#detail .src-object').count()).toBeGreaterThan(0);
    expect(await page.locator('#detail .src-observed').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshot.replace('.png', '-detail.png') });
  });

  it('met no error and asked for nothing the server lacks', () => {
    expect(failures).toEqual([]);
  });
});

describe('a namespace of more pods than fit on the screen', () => {
  let many: ReturnType<typeof tempStoreOfStream> | undefined;
  let manyServer: ServerHandle | undefined;
  afterAll(async () => {
    await manyServer?.close();
    many?.cleanup();
  });

  it('shows the first lanes and rows at the top, and the others as each list scrolls', async () => {
    many = tempStoreOfStream('many.db', {
      seed: 7,
      pods: 140,
      namespaces: 1,
      inFlight: 140,
      versionsPerPod: 6,
      events: false,
      startTime: Date.parse('2026-01-02T03:00:00Z'),
      meanStepMs: 2_000,
    });
    const path = many.store.db.name;
    many.store.close();
    manyServer = await startServer({ dbPath: path, port: 0, now: () => now });
    const view = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await view.goto(`${manyServer.url}/#cluster=c1`);
      const canvas = view.locator('#lanes-canvas');
      await expect.poll(async () => Number(await canvas.getAttribute('data-lanes'))).toBeGreaterThan(60);
      /** Where the canvas is against the scrolled list, and a digest of what it shows. */
      const seen = () =>
        view.evaluate(() => {
          const list = document.getElementById('lane-scroll') as HTMLElement;
          const c = document.getElementById('lanes-canvas') as HTMLCanvasElement;
          const pixels =
            c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
          let inked = 0;
          let digest = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            if ((pixels[i] ?? 255) < 240) inked++;
            digest = (digest * 31 + (pixels[i] ?? 0)) | 0;
          }
          return {
            offset: c.getBoundingClientRect().top - list.getBoundingClientRect().top,
            inked,
            digest,
          };
        });
      await view.waitForTimeout(200);
      const top = await seen();
      // The canvas sits at the top of the list, and draws lanes there (it was below a spacer as
      // tall as every lane, blank until scrolled to the end).
      expect(Math.abs(top.offset)).toBeLessThan(2);
      expect(top.inked).toBeGreaterThan(10_000);
      await view.evaluate(() => {
        const list = document.getElementById('lane-scroll') as HTMLElement;
        list.scrollTop = list.scrollHeight;
      });
      await view.waitForTimeout(200);
      const bottom = await seen();
      expect(Math.abs(bottom.offset)).toBeLessThan(2);
      expect(bottom.inked).toBeGreaterThan(10_000);
      expect(bottom.digest).not.toBe(top.digest);

      // The pods table draws the rows in view, and the rest as it scrolls.
      const pods = view.locator('#pods');
      const at = await pods.getAttribute('data-at');
      const listed = (await (await fetch(`${manyServer.url}/api/v1/pods?cluster=c1&at=${at}`)).json()) as {
        items: { name: string }[];
      };
      expect(Number(await pods.getAttribute('data-rows'))).toBe(listed.items.length);
      const drawn = () => view.locator('#pods tbody tr[data-uid] td.name').allInnerTexts();
      const first = await drawn();
      expect(first[0]).toBe(listed.items[0]?.name);
      expect(first.length).toBeLessThan(listed.items.length);
      await view.evaluate(() => {
        const wrap = document.getElementById('pods-wrap') as HTMLElement;
        wrap.scrollTop = wrap.scrollHeight;
      });
      await expect.poll(async () => (await drawn()).at(-1)).toBe(listed.items.at(-1)?.name);
      expect(await drawn()).not.toContain(listed.items[0]?.name);
    } finally {
      await view.close();
    }
  });
});
