#!/usr/bin/env node
// `npm run build`: bundles the CLI (with --bench, also the benchmark's recorder child) into dist/ as plain
// JavaScript, for production. Running through tsx costs a loader thread of its own (about 40 MB
// of resident memory) on top of the recorder; the bundle needs nothing but Node. Dependencies are
// bundled too, but better-sqlite3 (native): Node keeps the source text of every module it loads,
// and @kubernetes/client-node's index loads every generated API group (about 19 MB of source and
// 90 MB resident for a few classes). Bundled, only what is reached is kept: the recorder started
// on 10,000 pods peaked at 164 MB instead of 203-224 MB. dist/ sits one level under the root, like
// the sources, so paths they resolve relative to themselves (migrations/, web/) still hold.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
// `--bench` adds the benchmark's memory child (bench/ is not part of the container image).
// The API's thread (api/serverThread.ts) starts from an entry of its own, beside the chunks.
const entryPoints = { cli: 'cli/index.ts', 'api-server-thread': 'api/serverThreadEntry.ts' };
if (process.argv.includes('--bench')) entryPoints['bench-memory'] = 'bench/collectorMemory.ts';
// Chunk names carry a content hash: without a clean start every build would leave the last one's
// chunks behind (thousands of files after a few bench runs).
rmSync(new URL('dist/', root), { recursive: true, force: true });
await build({
  absWorkingDir: root.pathname,
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  // CommonJS dependencies (undici, ws) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);",
  },
  sourcemap: true,
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
