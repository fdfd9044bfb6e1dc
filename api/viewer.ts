// The viewer at `/`: static files from web/dist (a build) or web/ (plain files), else a small page.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export const defaultWebDir = fileURLToPath(new URL('../web/', import.meta.url));

/** The folder to serve: web/dist when built, else web/ itself, when it holds an index.html. */
export function viewerRoot(webDir: string): string | undefined {
  for (const dir of [join(webDir, 'dist'), webDir]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

const fallbackPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kubetrail</title></head>
<body><h1>kubetrail</h1><p>The viewer is not built. The API is here:</p>
<ul><li><a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI)</li><li><a href="/api/v1/clusters">/api/v1/clusters</a></li>
<li><a href="/api/v1/pods">/api/v1/pods</a></li><li><a href="/metrics">/metrics</a></li></ul></body></html>
`;

export function viewerRoutes(webDir: string) {
  const app = new Hono();
  app.get('/*', (c) => {
    const root = viewerRoot(webDir);
    if (!root) return c.req.path === '/' ? c.html(fallbackPage) : c.notFound();
    const relative = c.req.path === '/' ? 'index.html' : decodeURIComponent(c.req.path.slice(1));
    const file = normalize(join(root, relative));
    // Never outside the viewer's folder.
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return c.notFound();
    if (!existsSync(file) || !statSync(file).isFile()) return c.notFound();
    const body = readFileSync(file);
    return c.body(body, 200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
  });
  return app;
}
