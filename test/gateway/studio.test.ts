/**
 * The studio served at `/` by `weft dev` / `weft serve` (src/gateway/routes/studio.ts): public, index
 * never cached, hashed assets cached for a year, unknown API paths still 404 problems, and a clear page
 * when the studio is not built.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STUDIO_DIR, studioRoutes } from '../../src/gateway/routes/studio.js';
import { type TestServer, startTestServer } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ mode: 'serve' });
});
afterAll(() => s.stop());

describe('the studio at /', () => {
  it('serves index.html without an API key, never cached', async () => {
    const res = await s.get('/', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.text).toContain('<div id="root">');
  });

  it('serves the hashed assets with a long cache, and 404s unknown ones', async () => {
    const asset = readdirSync(join(DEFAULT_STUDIO_DIR, 'assets')).find((f) => f.endsWith('.js'));
    const res = await s.get(`/assets/${asset}`, { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await s.get('/assets/nope.js', { key: null })).status).toBe(404);
    expect((await s.get('/assets/..%2F..%2Fpackage.json', { key: null })).status).not.toBe(200);
  });

  it('keeps API authentication and 404 problems for unknown API paths', async () => {
    expect((await s.get('/api/v1/workflows', { key: null })).status).toBe(401);
    const unknown = await s.get('/api/v1/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('says to run npm run build when the studio is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'weft-no-studio-'));
    const app = Fastify();
    try {
      await studioRoutes(app, empty);
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
