/**
 * The studio (the built web app, `npm run build` → dist/studio) served at `/`. Public: the page and its
 * assets hold no data; the studio's API calls carry the user's key. Hidden from the OpenAPI document
 * (it is not API). index.html is `no-cache` so that a new build is picked up at once; the hashed
 * assets never change under their name, so they are cached for a year.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** dist/studio at the package root: this file is three levels below it both as src/… and as dist/…. */
export const DEFAULT_STUDIO_DIR = fileURLToPath(new URL('../../../dist/studio/', import.meta.url));

const route = { config: { public: true }, schema: { hide: true } } as const;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weft Studio is not built</title><link rel="icon" href="data:,"></head>
<body><h1>Weft Studio is not built</h1>
<p>The studio's files (dist/studio) are missing. Run <code>npm run build</code> and reload this page.</p>
<p>The HTTP API works without them: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

export async function studioRoutes(app: FastifyInstance, dir: string = DEFAULT_STUDIO_DIR): Promise<void> {
  const index = path.join(dir, 'index.html');
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      serve: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  }
  const sendIndex = (reply: FastifyReply) => {
    // Checked per request too: the build may have been removed while the server runs.
    if (!built || !existsSync(index)) return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    return reply.sendFile('index.html');
  };
  app.get('/', route, (_req, reply) => sendIndex(reply));
  app.get('/index.html', route, (_req, reply) => sendIndex(reply));
  if (built) {
    app.get<{ Params: { '*': string } }>('/assets/*', route, (req, reply) => reply.sendFile(path.posix.join('assets', req.params['*'])));
  }
}
