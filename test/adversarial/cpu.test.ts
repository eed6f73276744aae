/**
 * A function that burns CPU cannot hold the server: an inline call that outruns its slice (20 ms) moves to
 * isolated-vm's threads, so `while (true) {}` only costs its own thread until the timeout disposes the isolate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WeftProcess, spawnWeft, underAttack } from './harness.js';

describe('functions that burn CPU', () => {
  let server: WeftProcess;
  beforeAll(async () => {
    server = await spawnWeft({ mode: 'serve' });
    const r = await server.call('PUT', '/api/v1/functions/spin', { body: { manifest: { name: 'spin', version: '1.0.0', timeoutMs: 2_000 }, source: 'export default () => { for (;;) {} };' } });
    expect([200, 201], r.text).toContain(r.status);
  }, 30_000);
  afterAll(() => server?.stop());

  it('a busy loop times out on its own thread while the server answers', async () => {
    await underAttack(server, async () => {
      const calls = await Promise.all([1, 2].map(() => server.call('POST', '/fn/spin', { body: {} })));
      for (const r of calls) {
        expect(r.status, r.text).toBeGreaterThanOrEqual(400);
        expect(r.body.code, r.text).toBe('WEFT_ERR_FN_TIMEOUT');
      }
    });
  }, 30_000);
});
