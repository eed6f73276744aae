/** API keys (create, list, read, rotate with overlap, revoke) and the audit log, on `weft serve`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type TestServer, createKey, expectProblem, registerWorkflow, startTestServer, until, workflowYaml } from './support.js';

let s: TestServer;
/** An admin on `*` created through the API: its id is the actor of what it does. */
let boss: { id: string; secret: string };
beforeAll(async () => {
  s = await startTestServer({ mode: 'serve' });
  boss = await createKey(s, [{ namespace: '*', role: 'admin' }]);
});
afterAll(() => s.stop());

const probe = (key: string) => s.get('/api/v1/workflows', { key });

describe('keys', () => {
  it('creates a key: 201 + Location, the secret once; list and read never show a secret or hash', async () => {
    const r = await s.call('POST', '/api/v1/keys', { key: boss.secret, body: { name: 'ci', scopes: [{ namespace: 'sales', role: 'developer' }], expiresAt: '2999-01-01T00:00:00.000Z' } });
    expect(r.status).toBe(201);
    const { key, secret } = r.body;
    expect(secret).toMatch(new RegExp(`^wk_${key.id}_[\\w-]{43}$`));
    expect(r.headers.get('location')).toBe(`/api/v1/keys/${key.id}`);
    expect(key).toEqual({ id: expect.stringMatching(/^[\da-f]{12}$/), name: 'ci', scopes: [{ namespace: 'sales', role: 'developer' }], createdAt: expect.any(String), createdBy: boss.id, expiresAt: '2999-01-01T00:00:00.000Z' });
    const one = await s.get(`/api/v1/keys/${key.id}`, { key: boss.secret });
    expect(one).toMatchObject({ status: 200, body: key });
    const list = await s.get('/api/v1/keys', { key: boss.secret });
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining(['env-admin', boss.id, key.id]));
    expect(list.text).not.toContain(secret.slice(16));
    expect(list.text).not.toMatch(/"(hash|salt|secret)"/);
    expect((await probe(secret)).status).toBe(200);
  });

  it('rotation with an overlap: the old secret keeps working, the new one works', async () => {
    const k = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    const r = await s.call('POST', `/api/v1/keys/${k.id}/rotate`, { key: boss.secret, body: { overlapSeconds: 60 } });
    expect(r.status).toBe(200);
    expect(r.body.secret).not.toBe(k.secret);
    expect(r.body.secret.startsWith(`wk_${k.id}_`)).toBe(true);
    expect(Date.parse(r.body.key.previousUntil) - Date.parse(r.body.key.rotatedAt)).toBe(60_000);
    expect((await probe(k.secret)).status).toBe(200);
    expect((await probe(r.body.secret)).status).toBe(200);
  });

  it('rotation with overlapSeconds 0: the old secret fails at once', async () => {
    const k = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    // Warm the server's cache of verified keys: rotation must drop it.
    expect((await probe(k.secret)).status).toBe(200);
    const r = await s.call('POST', `/api/v1/keys/${k.id}/rotate`, { key: boss.secret, body: { overlapSeconds: 0 } });
    expect(r.status).toBe(200);
    expect(r.body.key.previousUntil).toBeUndefined();
    expectProblem(await probe(k.secret), 401, 'WEFT_ERR_AUTH_INVALID');
    expect((await probe(r.body.secret)).status).toBe(200);
  });

  it('a second rotation ends the first overlap; the default overlap is 24 h', async () => {
    const k = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    const first = await s.call('POST', `/api/v1/keys/${k.id}/rotate`, { key: boss.secret });
    expect(Date.parse(first.body.key.previousUntil) - Date.parse(first.body.key.rotatedAt)).toBe(86_400_000);
    const second = await s.call('POST', `/api/v1/keys/${k.id}/rotate`, { key: boss.secret, body: { overlapSeconds: 60 } });
    expect((await probe(k.secret)).status).toBe(401);
    expect((await probe(first.body.secret)).status).toBe(200);
    expect((await probe(second.body.secret)).status).toBe(200);
  });

  it('revocation is immediate (POST …/revoke and DELETE), also for a rotated key\'s overlap secret', async () => {
    const a = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    expect((await probe(a.secret)).status).toBe(200);
    const r = await s.call('POST', `/api/v1/keys/${a.id}/revoke`, { key: boss.secret });
    expect(r).toMatchObject({ status: 200, body: { id: a.id, revokedAt: expect.any(String) } });
    expectProblem(await probe(a.secret), 401, 'WEFT_ERR_AUTH_REVOKED');
    expectProblem(await s.call('POST', `/api/v1/keys/${a.id}/rotate`, { key: boss.secret }), 409, 'WEFT_ERR_AUTH_KEY_INACTIVE');

    const b = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    const rotated = await s.call('POST', `/api/v1/keys/${b.id}/rotate`, { key: boss.secret, body: { overlapSeconds: 600 } });
    expect((await probe(b.secret)).status).toBe(200);
    const del = await s.call('DELETE', `/api/v1/keys/${b.id}`, { key: boss.secret });
    expect(del).toMatchObject({ status: 200, body: { id: b.id, revokedAt: expect.any(String) } });
    expectProblem(await probe(b.secret), 401, 'WEFT_ERR_AUTH_REVOKED');
    expectProblem(await probe(rotated.body.secret), 401, 'WEFT_ERR_AUTH_REVOKED');
    expect((await s.get(`/api/v1/keys/${b.id}`, { key: boss.secret })).body.revokedAt).toBe(del.body.revokedAt);
  });

  it('a revoked admin key loses access to the key routes too', async () => {
    const admin2 = await createKey(s, [{ namespace: '*', role: 'admin' }]);
    expect((await s.get('/api/v1/keys', { key: admin2.secret })).status).toBe(200);
    await s.call('DELETE', `/api/v1/keys/${admin2.id}`, { key: boss.secret });
    expectProblem(await s.get('/api/v1/keys', { key: admin2.secret }), 401, 'WEFT_ERR_AUTH_REVOKED');
  });
});

describe('audit', () => {
  interface Rec {
    seq: number;
    at: string;
    actor: string;
    action: string;
    target: string;
    before?: string;
    after?: string;
    hash: string;
    prev: string;
  }

  it('records deploy, alias move, key create/rotate/revoke and run cancel with the acting key id; the chain verifies', async () => {
    const dev = await createKey(s, [{ namespace: '*', role: 'developer' }]);
    await registerWorkflow(s, workflowYaml('ops', 'slow', '  - pause: { wait: PT1H }\n'), dev.secret);
    const deploy = await s.call('PUT', '/api/v1/functions/audited', { key: dev.secret, body: { manifest: { version: '1.0.0' }, source: 'export default async () => 1;' } });
    expect(deploy.status).toBe(201);
    expect((await s.call('PUT', '/api/v1/functions/audited/aliases/live', { key: dev.secret, body: { version: '1.0.0' } })).status).toBe(200);
    const run = await s.call('POST', '/api/v1/workflows/ops/slow/runs', { key: dev.secret, body: {} });
    await until(async () => ((await s.get(`/api/v1/runs/${run.body.id}`)).body.status === 'waiting' ? true : undefined));
    expect((await s.call('POST', `/api/v1/runs/${run.body.id}/cancel`, { key: dev.secret, body: { reason: 'test' } })).status).toBe(200);
    const victim = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    const made = await s.call('POST', '/api/v1/keys', { key: boss.secret, body: { name: 'by-boss', scopes: [{ namespace: 'sales', role: 'viewer' }] } });
    await s.call('POST', `/api/v1/keys/${made.body.key.id}/rotate`, { key: boss.secret, body: { overlapSeconds: 0 } });
    await s.call('POST', `/api/v1/keys/${made.body.key.id}/revoke`, { key: boss.secret });

    const items = (await s.get('/api/v1/audit?limit=1000', { key: boss.secret })).body.items as Rec[];
    const find = (action: string, target: string) => items.find((r) => r.action === action && r.target === target);
    expect(find('function:deploy', 'function/audited@1.0.0')).toMatchObject({ actor: dev.id, after: deploy.body.hash });
    expect(find('function:alias', 'function/audited:live')).toMatchObject({ actor: dev.id, after: expect.any(String) });
    expect(find('workflow:register', 'workflow/ops/slow@1.0.0')).toMatchObject({ actor: dev.id });
    expect(find('run:cancel', `run/${run.body.id}`)).toMatchObject({ actor: dev.id, detail: { from: 'waiting', to: 'cancelled' } });
    expect(find('key:create', `key/${victim.id}`)).toMatchObject({ actor: 'env-admin' });
    expect(find('key:create', `key/${made.body.key.id}`)).toMatchObject({ actor: boss.id });
    const rotate = find('key:rotate', `key/${made.body.key.id}`)!;
    expect(rotate).toMatchObject({ actor: boss.id, before: expect.any(String), after: expect.any(String) });
    expect(rotate.before).not.toBe(rotate.after);
    expect(find('key:revoke', `key/${made.body.key.id}`)).toMatchObject({ actor: boss.id });
    // Newest first, one chain: each record links to the one before it.
    expect(items.map((r) => r.seq)).toEqual([...items.map((r) => r.seq)].sort((a, b) => b - a));
    for (let i = 0; i + 1 < items.length; i++) expect(items[i].prev).toBe(items[i + 1].hash);
    expect(items.every((r) => !Number.isNaN(Date.parse(r.at)))).toBe(true);
    expect(await s.get('/api/v1/audit/verify', { key: boss.secret })).toMatchObject({ status: 200, body: { ok: true, count: items.length } });
  });

  it('filters by actor and action, and pages with before=<seq>', async () => {
    const byBoss = (await s.get(`/api/v1/audit?actor=${boss.id}`, { key: ADMIN_KEY })).body.items as Rec[];
    expect(byBoss.length).toBeGreaterThan(3);
    expect(byBoss.every((r) => r.actor === boss.id)).toBe(true);
    const revokes = (await s.get('/api/v1/audit?action=key:revoke', { key: ADMIN_KEY })).body.items as Rec[];
    expect(revokes.length).toBeGreaterThan(0);
    expect(revokes.every((r) => r.action === 'key:revoke')).toBe(true);
    const first = (await s.get('/api/v1/audit?limit=2', { key: ADMIN_KEY })).body.items as Rec[];
    const next = (await s.get(`/api/v1/audit?limit=2&before=${first[1].seq}`, { key: ADMIN_KEY })).body.items as Rec[];
    expect(next.map((r) => r.seq)).toEqual([first[1].seq - 1, first[1].seq - 2]);
  });
});
