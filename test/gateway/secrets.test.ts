/**
 * The secret vault over HTTP, on a real `weft serve` with a master key: versions, metadata only (no
 * answer, audit entry or database page holds a value), grants, deletion, rekey, the problems; and the
 * values reaching a workflow's `$secrets` and a function's `ctx.secrets.get` only as granted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../src/ports/index.js';
import { TEST_MASTER_KEY, type TestServer, createKey, deployFunction, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

const VALUE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const PASSWORD = 'correct-horse-battery-staple-9';
let s: TestServer;
let db: string;

beforeAll(async () => {
  s = await startTestServer({ mode: 'serve', env: { WEFT_MASTER_KEY: TEST_MASTER_KEY, WEFT_EGRESS: 'open' } });
  db = (s.server.app.store as unknown as { path: string }).path;
});
afterAll(() => s.stop());

const base = '/api/v1/namespaces/shop/secrets';

describe('secrets over HTTP', () => {
  it('creates a secret, adds versions with an overlap, and answers with metadata only', async () => {
    const created = await s.call('PUT', `${base}/STRIPE_KEY`, { body: { value: VALUE, description: 'payments' } });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('location')).toBe(`${base}/STRIPE_KEY`);
    expect(created.body).toEqual({
      namespace: 'shop', name: 'STRIPE_KEY', description: 'payments', version: 1, grants: { namespaces: [], functions: [] },
      createdAt: expect.stringMatching(/Z$/), createdBy: expect.any(String), updatedAt: expect.stringMatching(/Z$/),
    });
    const next = await s.call('PUT', `${base}/STRIPE_KEY`, { body: { value: `${VALUE}-2`, overlapSeconds: 60 } });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ version: 2, description: 'payments', previous: { version: 1, until: expect.stringMatching(/Z$/) }, rotatedAt: expect.any(String) });
    await s.call('PUT', `${base}/DB`, { body: { value: { username: 'app', password: PASSWORD } } });

    const texts = [
      (await s.get(base)).text,
      (await s.get(`${base}/STRIPE_KEY`)).text,
      (await s.get(`${base}/STRIPE_KEY/versions`)).text,
      (await s.get('/api/v1/secrets')).text,
      (await s.get('/api/v1/audit?limit=100')).text,
    ];
    for (const t of texts) for (const secret of [VALUE, PASSWORD]) expect(t).not.toContain(secret);
    expect((await s.get(base)).body.items.map((x: { name: string }) => x.name)).toEqual(['DB', 'STRIPE_KEY']);
    expect((await s.get(`${base}/STRIPE_KEY/versions`)).body.items).toEqual([
      { version: 2, createdAt: expect.any(String), createdBy: expect.any(String), masterKeyId: expect.stringMatching(/^mk_[0-9a-f]{16}$/) },
      { version: 1, createdAt: expect.any(String), createdBy: expect.any(String), masterKeyId: expect.stringMatching(/^mk_/) },
    ]);
    const audit = (await s.get('/api/v1/audit?limit=100')).body.items as { action: string; target: string; detail?: unknown }[];
    expect(audit.filter((a) => a.action === 'secret:set').map((a) => [a.target, a.detail])).toEqual(
      expect.arrayContaining([['secret/shop/STRIPE_KEY', { version: 1 }], ['secret/shop/STRIPE_KEY', { version: 2 }]]),
    );
  });

  it('keeps no value in clear in the database files', () => {
    const dir = dirname(db);
    const bytes = readdirSync(dir).filter((f) => f.startsWith('weft.db')).map((f) => readFileSync(join(dir, f)));
    expect(bytes.length).toBeGreaterThan(0);
    for (const b of bytes) for (const secret of [VALUE, PASSWORD, 'correct-horse']) expect(b.includes(Buffer.from(secret))).toBe(false);
  });

  it('refuses bad names and values with problems that do not echo the value', async () => {
    expectProblem(await s.call('PUT', `${base}/STRIPE_KEY`, { body: { value: '' } }), 400);
    expectProblem(await s.call('PUT', `${base}/STRIPE_KEY`, { body: { value: ['a', 'b'] } }), 400);
    expectProblem(await s.call('PUT', `${base}/STRIPE_KEY`, { body: { value: 'x', extra: true } }), 400);
    const tooBig = await s.call('PUT', `${base}/BIG`, { body: { value: `${VALUE}${'x'.repeat(70_000)}` } });
    expectProblem(tooBig, 400, 'WEFT_ERR_VAULT_INVALID');
    expect(tooBig.text).not.toContain(VALUE);
    expectProblem(await s.call('PUT', '/api/v1/namespaces/shop/secrets/9bad', { body: { value: 'v' } }), 400, 'WEFT_ERR_VAULT_INVALID');
    expectProblem(await s.get(`${base}/NOPE`), 404, 'WEFT_ERR_VAULT_NOT_FOUND');
    expectProblem(await s.get(`${base}/NOPE/versions`), 404, 'WEFT_ERR_VAULT_NOT_FOUND');
  });

  it('scopes reads and writes to the namespace, and lists only what the caller may read', async () => {
    await s.call('PUT', '/api/v1/namespaces/ops/secrets/PAGER', { body: { value: 'pager-token' } });
    const viewer = (await createKey(s, [{ namespace: 'shop', role: 'viewer' }])).secret;
    expect((await s.get('/api/v1/secrets', { key: viewer })).body.items.map((x: { namespace: string }) => x.namespace)).toEqual(['shop', 'shop']);
    expectProblem(await s.get('/api/v1/namespaces/ops/secrets', { key: viewer }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expectProblem(await s.call('PUT', `${base}/X`, { key: viewer, body: { value: 'v' } }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
  });

  it("gives a run the secrets its document declares and its namespace holds or is granted; a function what the secret grants it", async () => {
    await s.call('POST', '/api/v1/namespaces/ops/secrets/PAGER/grants', { body: { namespaces: ['shop'] } });
    // Compared inside the run: a value itself would be masked in the answer (see below).
    const flow = workflowYaml('shop', 'reads', `  - read: { set: { stripe: '\${ $secrets.STRIPE_KEY == "${VALUE}-2" }', pager: '\${ $secrets.PAGER == "pager-token" }', undeclared: '\${ $secrets.DB }' } }\n`, '1.0.0', 'use:\n  secrets: [STRIPE_KEY, PAGER]\n');
    await registerWorkflow(s, flow);
    const run = await s.call('POST', '/api/v1/workflows/shop/reads/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(run.body).toMatchObject({ status: 'completed', output: { stripe: true, pager: true, undeclared: null } });

    await deployFunction(s, 'charge', 'export default async (_i: unknown, ctx: any) => ({ key: ctx.secrets.get("shop/STRIPE_KEY"), db: ctx.secrets.get("shop/DB") });', { secrets: ['shop/STRIPE_KEY', 'shop/DB'] });
    // Listed in the manifest but not granted: undefined.
    expect((await s.call('POST', '/api/v1/functions/charge/invoke', { body: {} })).body).toEqual({});
    const granted = await s.call('POST', `${base}/STRIPE_KEY/grants`, { body: { functions: ['charge'] } });
    expect(granted.body.grants).toEqual({ namespaces: [], functions: ['charge'] });
    await s.call('POST', `${base}/DB/grants`, { body: { functions: ['*'] } });
    expect((await s.call('POST', '/api/v1/functions/charge/invoke', { body: {} })).body).toEqual({ key: `${VALUE}-2`, db: JSON.stringify({ username: 'app', password: PASSWORD }) });
    const revoked = await s.call('POST', `${base}/STRIPE_KEY/grants`, { body: { functions: ['charge'], revoke: true } });
    expect(revoked.body.grants.functions).toEqual([]);
    expect((await s.call('POST', '/api/v1/functions/charge/invoke', { body: {} })).body).toEqual({ db: expect.any(String) });
  });

  it('masks a secret value wherever a run or a function copied it, in what the API shows', async () => {
    const leak = workflowYaml('shop', 'leak', "  - copy: { set: { copied: '${ \"key=\" + $secrets.STRIPE_KEY }', db: '${ $secrets.DB }' } }\n", '1.0.0', 'use:\n  secrets: [STRIPE_KEY, DB]\n');
    await registerWorkflow(s, leak);
    const run = await s.call('POST', '/api/v1/workflows/shop/leak/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(run.body).toMatchObject({ status: 'completed', output: { copied: 'key=***', db: { username: 'app', password: '***' } } });
    for (const t of [run.text, (await s.get(`/api/v1/runs/${run.body.id}`)).text, (await s.get(`/api/v1/runs/${run.body.id}/events`)).text, (await s.get('/api/v1/runs?namespace=shop')).text]) {
      expect(t).not.toContain(`${VALUE}-2`);
      expect(t).not.toContain(PASSWORD);
    }
    await deployFunction(s, 'chatty', 'export default async (_i: unknown, ctx: any) => { const k = ctx.secrets.get("shop/STRIPE_KEY"); ctx.log.info("using " + k, { k }); throw new Error("refused key " + k); };', { secrets: ['shop/STRIPE_KEY'] });
    await s.call('POST', `${base}/STRIPE_KEY/grants`, { body: { functions: ['chatty'] } });
    const failed = await s.call('POST', '/api/v1/functions/chatty/invoke', { body: {} });
    expectProblem(failed, 500, 'WEFT_ERR_FN_RUNTIME');
    expect(failed.body.detail).toBe('refused key ***');
    const logs = await s.get('/api/v1/functions/chatty/logs');
    expect(logs.body.items[0].logs[0]).toMatchObject({ message: 'using ***', fields: { k: '***' } });
    expect(logs.text).not.toContain(`${VALUE}-2`);
  });

  it('rotates with a function: its output becomes the next version, told as a CloudEvent without the value', async () => {
    const events: CloudEvent[] = [];
    s.server.app.bus.subscribe((e) => events.push(e));
    await deployFunction(s, 'mint', 'export default async (i: { version: number }) => ({ value: "minted-" + (i.version + 1) });');
    const r = await s.call('POST', `${base}/STRIPE_KEY/rotate`, { body: { function: 'mint' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ version: 3, previous: { version: 2 } });
    expect(s.server.app.vault.read('shop', 'STRIPE_KEY')).toBe('minted-3');
    const told = events.find((e) => e.type === 'dev.weft.secret.rotated');
    expect(told).toMatchObject({ source: 'https://weft.dev/vault', subject: 'shop/STRIPE_KEY', data: { namespace: 'shop', name: 'STRIPE_KEY', version: 3, previous: 2, function: 'mint' } });
    expect(JSON.stringify(told)).not.toContain('minted');

    await deployFunction(s, 'broken-mint', 'export default async () => { throw new Error("provider down"); };');
    expectProblem(await s.call('POST', `${base}/STRIPE_KEY/rotate`, { body: { function: 'broken-mint' } }), 500, 'WEFT_ERR_FN_RUNTIME');
    expect(events.find((e) => e.type === 'dev.weft.secret.rotation_failed')).toMatchObject({ data: { version: 3, function: 'broken-mint', code: 'WEFT_ERR_FN_RUNTIME' } });
    expect((await s.get(`${base}/STRIPE_KEY`)).body.version).toBe(3);
  });

  it('schedules a rotation by a function, shows it, and stops it; says whether the vault is on', async () => {
    const scheduled = await s.call('PUT', `${base}/STRIPE_KEY/rotation`, { body: { everySeconds: 86400, function: 'mint' } });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(scheduled.body.rotation).toEqual({ everySeconds: 86400, function: 'mint', nextAt: expect.stringMatching(/Z$/) });
    expect(Date.parse(scheduled.body.rotation.nextAt) - Date.now()).toBeGreaterThan(86_000_000);
    expect((await s.get(`${base}/STRIPE_KEY`)).body.rotation.function).toBe('mint');
    expectProblem(await s.call('PUT', `${base}/STRIPE_KEY/rotation`, { body: { everySeconds: 5, function: 'mint' } }), 400);
    // A function that does not resolve (no such function, version or alias) would only fail later, on a timer.
    for (const fn of ['no-such-fn', 'mint:9.9.9', 'mint:canary']) {
      const refused = await s.call('PUT', `${base}/STRIPE_KEY/rotation`, { body: { everySeconds: 86400, function: fn } });
      expectProblem(refused, 422, 'WEFT_ERR_VAULT_ROTATION_FUNCTION');
      expect(refused.body.detail).toContain(fn);
    }
    expect((await s.get(`${base}/STRIPE_KEY`)).body.rotation.function).toBe('mint');
    expect((await s.call('PUT', `${base}/STRIPE_KEY/rotation`, { body: { everySeconds: 86400, function: 'mint:1.0.0' } })).body.rotation.function).toBe('mint:1.0.0');
    const stopped = await s.call('DELETE', `${base}/STRIPE_KEY/rotation`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).not.toHaveProperty('rotation');
    expect((await s.get('/api/v1/audit?limit=100')).body.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['secret:schedule', 'secret:unschedule']));
    expect((await s.get('/api/v1/vault')).body).toEqual({ enabled: true, masterKeyId: expect.stringMatching(/^mk_/) });
  });

  it('deletes a secret with its versions; reads no longer see it', async () => {
    const del = await s.call('DELETE', '/api/v1/namespaces/ops/secrets/PAGER');
    expect(del.status).toBe(204);
    expectProblem(await s.get('/api/v1/namespaces/ops/secrets/PAGER'), 404);
    expectProblem(await s.call('DELETE', '/api/v1/namespaces/ops/secrets/PAGER'), 404);
    expect(s.server.app.vault.forRun('shop', ['PAGER'])).toEqual({});
  });

  it('rekeys (nothing to do under the same key)', async () => {
    const r = await s.call('POST', '/api/v1/secrets/rekey');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ rewrapped: 0, masterKeyId: expect.stringMatching(/^mk_/) });
  });
});

describe('a server without a master key', () => {
  it('answers the vault routes with 503 and what to do; listing works and is empty', async () => {
    const bare = await startTestServer({ mode: 'serve' });
    try {
      const r = await bare.call('PUT', `${base}/X`, { body: { value: 'v' } });
      expectProblem(r, 503, 'WEFT_ERR_VAULT_NO_MASTER_KEY');
      expect(r.body.detail).toMatch(/WEFT_MASTER_KEY/);
      expect((await bare.get('/api/v1/secrets')).body).toEqual({ items: [] });
      expect((await bare.get('/api/v1/vault')).body).toEqual({ enabled: false });
      expect(bare.lines.join('\n')).toMatch(/no master key \(WEFT_MASTER_KEY\): the secret vault is off/);
    } finally {
      await bare.stop();
    }
  });
});
