/** Rate limits per key and route group (`WEFT_RATE_LIMITS`), answered as 429 problem+json and counted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, createKey, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ mode: 'serve', env: { WEFT_RATE_LIMITS: 'read=5' } });
  await registerWorkflow(s, workflowYaml('sales', 'w', "  - a: { set: { ok: true } }\n"));
});
afterAll(() => s.stop());

describe('WEFT_RATE_LIMITS=read=5', () => {
  it('answers the 6th GET within a minute with 429 + Retry-After, counts it in /metrics, and limits per key', async () => {
    const reader = await createKey(s, [{ namespace: '*', role: 'operator' }]);
    const other = await createKey(s, [{ namespace: '*', role: 'admin' }]);
    for (let i = 1; i <= 5; i++) {
      const r = await s.get('/api/v1/workflows', { key: reader.secret });
      expect(r.status, `request ${i}`).toBe(200);
      expect(r.headers.get('x-ratelimit-limit')).toBe('5');
      expect(r.headers.get('x-ratelimit-remaining')).toBe(String(5 - i));
    }
    const limited = await s.get('/api/v1/workflows', { key: reader.secret });
    expectProblem(limited, 429, 'WEFT_ERR_API_RATE_LIMITED');
    expect(limited.body.title).toBe('Too many requests');
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Every GET counts in the same group: another route is limited too.
    expectProblem(await s.get('/api/v1/runs?namespace=sales', { key: reader.secret }), 429, 'WEFT_ERR_API_RATE_LIMITED');
    // Other groups keep their own budget (run starts are the `run` group).
    expect((await s.call('POST', '/api/v1/workflows/sales/w/runs', { key: reader.secret, body: {} })).status).toBe(202);
    // Another key has its own budget; the probes are never limited.
    const metrics = await s.get('/metrics', { key: other.secret });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^weft_rate_limited_total\{group="read"\} 2$/m);
    for (let i = 0; i < 8; i++) expect((await s.get('/healthz', { key: null })).status).toBe(200);
  });
});
