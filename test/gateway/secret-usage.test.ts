/**
 * Who used which version of a secret (`GET …/secrets/{name}/usage`), on a real `weft serve`: a workflow
 * and a function read a secret, the reads are written after the flush interval, and the route shows them
 * per version — never the value. And environment secrets reach a function only where WEFT_SECRET_GRANTS
 * maps them into its manifest entry's namespace.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY, type TestServer, createKey, deployFunction, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

const VALUE = 'tok_live_9a8b7c6d5e4f3a2b1c0d';
const ENV_VALUE = 'env-secret-value-1234';
let s: TestServer;
let bare: TestServer;

beforeAll(async () => {
  const env = { WEFT_MASTER_KEY: TEST_MASTER_KEY, WEFT_SECRET_USAGE_FLUSH_MS: '50', WEFT_SECRET_HOOKED: ENV_VALUE };
  // `shop` is granted HOOKED by the operator; `default` is not.
  s = await startTestServer({ mode: 'serve', env: { ...env, WEFT_SECRET_GRANTS: 'HOOKED=shop' } });
  // serve's default: no mapping, so no environment secret reaches a function.
  bare = await startTestServer({ mode: 'serve', env });
});
afterAll(async () => {
  await s.stop();
  await bare.stop();
});

const base = '/api/v1/namespaces/shop/secrets';

describe('who used which version', () => {
  it('shows the workflows and functions that read each version, with first/last read and a count, never the value', async () => {
    expect((await s.call('PUT', `${base}/TOKEN`, { body: { value: VALUE } })).status).toBe(201);
    expect((await s.get(`${base}/TOKEN/usage`)).body).toEqual({ items: [] });
    await s.call('POST', `${base}/TOKEN/grants`, { body: { functions: ['reader'] } });
    await registerWorkflow(s, workflowYaml('shop', 'order', `  - read: { set: { ok: '\${ $secrets.TOKEN == "${VALUE}" }' } }\n`, '1.2.0', 'use:\n  secrets: [TOKEN]\n'));
    for (let i = 0; i < 2; i++) {
      const run = await s.call('POST', '/api/v1/workflows/shop/order/runs', { body: {}, headers: { prefer: 'wait=10' } });
      expect(run.body).toMatchObject({ status: 'completed', output: { ok: true } });
    }
    await deployFunction(s, 'reader', 'export default async (_i: unknown, ctx: any) => ({ n: ctx.secrets.get("shop/TOKEN").length });', { version: '2.0.0', secrets: ['shop/TOKEN'] });
    expect((await s.call('POST', '/api/v1/functions/reader/invoke', { body: {} })).body).toEqual({ n: VALUE.length });
    // Viewing a run (its events rebuilt with its secrets) is not a read.
    const runs = (await s.get('/api/v1/runs?namespace=shop')).body.items as { id: string }[];
    await s.get(`/api/v1/runs/${runs[0].id}/events`);

    await expect.poll(async () => (await s.get(`${base}/TOKEN/usage`)).body.items.length, { timeout: 5_000, interval: 50 }).toBe(2);
    const usage = await s.get(`${base}/TOKEN/usage`);
    expect(usage.body.items).toEqual([
      { version: 1, kind: 'function', reader: 'reader:2.0.0', firstAt: expect.stringMatching(/Z$/), lastAt: expect.stringMatching(/Z$/), count: 1 },
      { version: 1, kind: 'workflow', reader: 'shop/order:1.2.0', firstAt: expect.stringMatching(/Z$/), lastAt: expect.stringMatching(/Z$/), count: 2 },
    ]);
    expect(usage.text).not.toContain(VALUE);

    // A new version: reads of it are shown apart, newest version first.
    await s.call('PUT', `${base}/TOKEN`, { body: { value: `${VALUE}-2` } });
    await s.call('POST', '/api/v1/functions/reader/invoke', { body: {} });
    await expect.poll(async () => (await s.get(`${base}/TOKEN/usage`)).body.items.map((u: { version: number; reader: string }) => `${u.version} ${u.reader}`), { timeout: 5_000, interval: 50 }).toEqual([
      '2 reader:2.0.0',
      '1 reader:2.0.0',
      '1 shop/order:1.2.0',
    ]);
  });

  it('notes which version a workflow\'s webhook verified a call with', async () => {
    await s.call('PUT', `${base}/HOOK`, { body: { value: 'hook-key-one' } });
    await registerWorkflow(s, "document: { dsl: '1.0.0', namespace: shop, name: hooked, version: '1.0.0', metadata: { webhook: { path: shop-in, secret: HOOK } } }\ndo:\n  - ok: { set: { ok: true } }\n");
    const body = JSON.stringify({ x: 1 });
    const signed = (key: string) => ({ body, key: null, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}` } });
    expect((await s.call('POST', '/hooks/shop-in', signed('hook-key-one'))).status).toBe(200);
    // A new version; during the overlap a caller still signing with the old key is accepted, and counted against version 1.
    await s.call('PUT', `${base}/HOOK`, { body: { value: 'hook-key-two', overlapSeconds: 600 } });
    expect((await s.call('POST', '/hooks/shop-in', signed('hook-key-one'))).status).toBe(200);
    expect((await s.call('POST', '/hooks/shop-in', signed('hook-key-two'))).status).toBe(200);
    await expect.poll(async () => (await s.get(`${base}/HOOK/usage`)).body.items.map((u: { version: number; kind: string; reader: string; count: number }) => `${u.version} ${u.kind} ${u.reader} ${u.count}`), { timeout: 5_000, interval: 50 }).toEqual([
      '2 webhook hooks/shop-in 1',
      '1 webhook hooks/shop-in 2',
    ]);
  });

  it('is read as the secret is (secret:read in its namespace); an unknown secret is 404; deleting the secret forgets it', async () => {
    const other = (await createKey(s, [{ namespace: 'ops', role: 'admin' }])).secret;
    expectProblem(await s.get(`${base}/TOKEN/usage`, { key: other }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    const viewer = (await createKey(s, [{ namespace: 'shop', role: 'viewer' }])).secret;
    expect((await s.get(`${base}/TOKEN/usage`, { key: viewer })).status).toBe(200);
    expectProblem(await s.get(`${base}/NOPE/usage`), 404, 'WEFT_ERR_VAULT_NOT_FOUND');
    expect((await s.call('DELETE', `${base}/TOKEN`)).status).toBe(204);
    expectProblem(await s.get(`${base}/TOKEN/usage`), 404, 'WEFT_ERR_VAULT_NOT_FOUND');
    expect((await s.call('PUT', `${base}/TOKEN`, { body: { value: VALUE } })).status).toBe(201);
    expect((await s.get(`${base}/TOKEN/usage`)).body).toEqual({ items: [] });
  });
});

describe('environment secrets and functions', () => {
  const source = 'export default async (_i: unknown, ctx: any) => ({ plain: ctx.secrets.get("HOOKED") ?? null, shop: ctx.secrets.get("shop/HOOKED") ?? null, ops: ctx.secrets.get("ops/HOOKED") ?? null });';

  it('a function reads WEFT_SECRET_<NAME> only through an entry whose namespace WEFT_SECRET_GRANTS maps NAME into', async () => {
    await deployFunction(s, 'envreader', source, { secrets: ['HOOKED', 'shop/HOOKED', 'ops/HOOKED'] });
    // A function's direct answer is its own (docs/secrets.md: not masked), so the value is there as is.
    expect((await s.call('POST', '/api/v1/functions/envreader/invoke', { body: {} })).body).toEqual({ plain: null, shop: ENV_VALUE, ops: null });
    // The operator hears of the entries it will not read.
    expect(s.lines.join('\n')).toMatch(/function envreader:1\.0\.0 lists secrets HOOKED, ops\/HOOKED that it will not read/);
  });

  it('without WEFT_SECRET_GRANTS (serve\'s default) a function reads no environment secret', async () => {
    await deployFunction(bare, 'envreader', source, { secrets: ['HOOKED', 'shop/HOOKED', 'ops/HOOKED'] });
    expect((await bare.call('POST', '/api/v1/functions/envreader/invoke', { body: {} })).body).toEqual({ plain: null, shop: null, ops: null });
  });
});
