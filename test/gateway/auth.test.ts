/**
 * `weft serve` authorization: each role allowed and denied on representative routes, namespace scoping,
 * 401 (who are you?) versus 403 (you may not), and refusing to start without any credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, TEST_MASTER_KEY, type TestServer, createKey, deployFunction, expectProblem, registerWorkflow, startTestServer, tempDb, workflowYaml } from './support.js';
import { startServer } from '../../src/cli/server-command.js';

let s: TestServer;
const ROLES = ['admin', 'developer', 'operator', 'viewer', 'invoker'] as const;
type Who = (typeof ROLES)[number] | 'root' | 'none';
/** Per role: a key scoped to `sales` and to `default` (where functions live). `root` is WEFT_ADMIN_KEY. */
const keys = {} as Record<Who, string | null>;
const runs = { sales: '', hr: '' };

beforeAll(async () => {
  s = await startTestServer({ mode: 'serve', env: { WEFT_MASTER_KEY: TEST_MASTER_KEY } });
  for (const ns of ['sales', 'hr']) {
    await registerWorkflow(s, workflowYaml(ns, 'w', "  - a: { set: { ok: true } }\n"));
    const r = await s.call('POST', `/api/v1/workflows/${ns}/w/runs`, { body: {}, headers: { prefer: 'wait=5' } });
    expect(r.body.status).toBe('completed');
    runs[ns as 'sales' | 'hr'] = r.body.id;
  }
  await deployFunction(s, 'fx', 'export default async () => 1;');
  expect((await s.call('PUT', '/api/v1/namespaces/sales/secrets/TOKEN', { body: { value: 'initial' } })).status).toBe(201);
  for (const role of ROLES) keys[role] = (await createKey(s, [{ namespace: 'sales', role }, { namespace: 'default', role }])).secret;
  keys.root = ADMIN_KEY;
  keys.none = null;
});
afterAll(() => s.stop());

interface Row {
  route: string;
  call: () => [method: string, path: string, body?: unknown, headers?: Record<string, string>];
  /** The status when allowed; everyone else (with a key) gets 403, `none` gets 401. */
  ok: number;
  allowed: Who[];
}

const wf = workflowYaml('sales', 'w', "  - a: { set: { ok: true } }\n");
const everyone: Who[] = ['root', ...ROLES];
const ROWS: Row[] = [
  { route: 'GET /api/openapi.json', call: () => ['GET', '/api/openapi.json'], ok: 200, allowed: everyone },
  { route: 'GET /api/v1/workflows', call: () => ['GET', '/api/v1/workflows'], ok: 200, allowed: everyone },
  { route: 'GET /api/v1/me', call: () => ['GET', '/api/v1/me'], ok: 200, allowed: everyone },
  { route: 'GET /api/v1/workflows/sales/w', call: () => ['GET', '/api/v1/workflows/sales/w'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'PUT /api/v1/workflows (sales)', call: () => ['PUT', '/api/v1/workflows', wf, { 'content-type': 'application/yaml' }], ok: 200, allowed: ['root', 'admin', 'developer'] },
  { route: 'POST …/sales/w/runs', call: () => ['POST', '/api/v1/workflows/sales/w/runs', {}], ok: 202, allowed: ['root', 'admin', 'developer', 'operator', 'invoker'] },
  // Testing one task takes run:start: it may perform real effects with the caller's authority.
  { route: 'POST …/sales/w/test-task', call: () => ['POST', '/api/v1/workflows/sales/w/test-task', { task: '/do/0/a' }], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'invoker'] },
  { route: 'GET /api/v1/runs/{sales run}', call: () => ['GET', `/api/v1/runs/${runs.sales}`], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'GET /api/v1/runs/{sales run}/events', call: () => ['GET', `/api/v1/runs/${runs.sales}/events`], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'GET /api/v1/runs?namespace=sales', call: () => ['GET', '/api/v1/runs?namespace=sales'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  // Without a namespace: every namespace for root, the key's own namespaces for the others (below); an invoker reads none.
  { route: 'GET /api/v1/runs (no namespace)', call: () => ['GET', '/api/v1/runs'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  // Authorized callers pass the role check and then meet the run's state (ended): 409, not 403.
  { route: 'POST /api/v1/runs/{sales run}/resume', call: () => ['POST', `/api/v1/runs/${runs.sales}/resume`], ok: 409, allowed: ['root', 'admin', 'developer', 'operator'] },
  // Repairs take run:control too: a completed run cannot be redriven (409), but can be rerun from a task (201).
  { route: 'POST /api/v1/runs/{sales run}/redrive', call: () => ['POST', `/api/v1/runs/${runs.sales}/redrive`, {}], ok: 409, allowed: ['root', 'admin', 'developer', 'operator'] },
  { route: 'POST /api/v1/runs/{sales run}/rerun', call: () => ['POST', `/api/v1/runs/${runs.sales}/rerun`, { from: '/do/0/a' }], ok: 201, allowed: ['root', 'admin', 'developer', 'operator'] },
  // Bulk redrive: run:control in the filter's namespace; without one, over the namespaces the key may control.
  { route: 'POST /api/v1/runs/redrive (sales/w, dry run)', call: () => ['POST', '/api/v1/runs/redrive', { workflow: 'sales/w', dryRun: true }], ok: 200, allowed: ['root', 'admin', 'developer', 'operator'] },
  { route: 'POST /api/v1/runs/redrive (no namespace)', call: () => ['POST', '/api/v1/runs/redrive', { status: ['cancelled'] }], ok: 202, allowed: ['root', 'admin', 'developer', 'operator'] },
  { route: 'POST /api/v1/runs/redrive (hr: no scope there)', call: () => ['POST', '/api/v1/runs/redrive', { namespace: 'hr', dryRun: true }], ok: 200, allowed: ['root'] },
  { route: 'GET /api/v1/functions', call: () => ['GET', '/api/v1/functions'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'GET /api/v1/functions/fx/versions/1.0.0/source', call: () => ['GET', '/api/v1/functions/fx/versions/1.0.0/source'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'GET /api/v1/functions/fx/logs', call: () => ['GET', '/api/v1/functions/fx/logs'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'PUT /api/v1/functions/fx', call: () => ['PUT', '/api/v1/functions/fx', { manifest: { version: '1.0.0' }, source: 'export default async () => 1;' }], ok: 200, allowed: ['root', 'admin', 'developer'] },
  { route: 'PUT /api/v1/functions/fx/aliases/live', call: () => ['PUT', '/api/v1/functions/fx/aliases/live', { version: '1.0.0' }], ok: 200, allowed: ['root', 'admin', 'developer'] },
  { route: 'POST /api/v1/functions/fx/draft-invocations', call: () => ['POST', '/api/v1/functions/fx/draft-invocations', { manifest: { version: '1.0.1' }, source: 'export default async () => 2;' }], ok: 200, allowed: ['root', 'admin', 'developer'] },
  { route: 'POST /api/v1/functions/fx/invoke', call: () => ['POST', '/api/v1/functions/fx/invoke', {}], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'invoker'] },
  { route: 'POST /fn/fx', call: () => ['POST', '/fn/fx', {}], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'invoker'] },
  { route: 'PUT …/sales/secrets/TOKEN', call: () => ['PUT', '/api/v1/namespaces/sales/secrets/TOKEN', { value: 'next' }], ok: 200, allowed: ['root', 'admin', 'developer'] },
  { route: 'GET …/sales/secrets', call: () => ['GET', '/api/v1/namespaces/sales/secrets'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'GET …/sales/secrets/TOKEN/versions', call: () => ['GET', '/api/v1/namespaces/sales/secrets/TOKEN/versions'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'GET …/sales/secrets/TOKEN/usage', call: () => ['GET', '/api/v1/namespaces/sales/secrets/TOKEN/usage'], ok: 200, allowed: ['root', 'admin', 'developer', 'operator', 'viewer'] },
  { route: 'POST …/sales/secrets/TOKEN/grants', call: () => ['POST', '/api/v1/namespaces/sales/secrets/TOKEN/grants', { functions: ['fx'] }], ok: 200, allowed: ['root', 'admin', 'developer'] },
  { route: 'GET …/hr/secrets (no scope there)', call: () => ['GET', '/api/v1/namespaces/hr/secrets'], ok: 200, allowed: ['root'] },
  { route: 'GET /api/v1/secrets (filtered)', call: () => ['GET', '/api/v1/secrets'], ok: 200, allowed: everyone },
  // Global actions: admin on `*` only, never a namespaced admin.
  { route: 'POST /api/v1/secrets/rekey', call: () => ['POST', '/api/v1/secrets/rekey'], ok: 200, allowed: ['root'] },
  { route: 'GET /api/v1/keys', call: () => ['GET', '/api/v1/keys'], ok: 200, allowed: ['root'] },
  { route: 'POST /api/v1/keys', call: () => ['POST', '/api/v1/keys', { name: 'x', scopes: [{ namespace: '*', role: 'admin' }] }], ok: 201, allowed: ['root'] },
  { route: 'GET /api/v1/audit', call: () => ['GET', '/api/v1/audit'], ok: 200, allowed: ['root'] },
  { route: 'GET /api/v1/audit/verify', call: () => ['GET', '/api/v1/audit/verify'], ok: 200, allowed: ['root'] },
  { route: 'GET /metrics', call: () => ['GET', '/metrics'], ok: 200, allowed: ['root'] },
];

describe('role × route', () => {
  const cases = ROWS.flatMap((row) => (['none', 'root', ...ROLES] as Who[]).map((who) => ({ who, row, expected: who === 'none' ? 401 : row.allowed.includes(who) ? row.ok : 403 })));
  it.each(cases)('$row.route as $who → $expected', async ({ who, row, expected }) => {
    const [method, path, body, headers] = row.call();
    const r = await s.call(method, path, { key: keys[who], ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    if (expected >= 400) expectProblem(r, expected, expected === 401 ? 'WEFT_ERR_AUTH_MISSING' : expected === 403 ? 'WEFT_ERR_AUTH_FORBIDDEN' : undefined);
    else expect(r.status, r.text).toBe(expected);
  });

  it('leaves the probes open', async () => {
    expect((await s.get('/healthz', { key: null })).status).toBe(200);
    expect((await s.get('/readyz', { key: null })).status).toBe(200);
  });
});

describe('namespace scoping', () => {
  it('a viewer on sales reads sales runs and workflows, and gets 403 on hr', async () => {
    const viewer = (await createKey(s, [{ namespace: 'sales', role: 'viewer' }])).secret;
    const get = (path: string) => s.get(path, { key: viewer });
    expect((await get(`/api/v1/runs/${runs.sales}`)).status).toBe(200);
    expectProblem(await get(`/api/v1/runs/${runs.hr}`), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expectProblem(await get(`/api/v1/runs/${runs.hr}/events`), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expect((await get('/api/v1/runs?workflow=sales/w')).body.items.map((r: { id: string }) => r.id)).toContain(runs.sales);
    expectProblem(await get('/api/v1/runs?workflow=hr/w'), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expectProblem(await get('/api/v1/runs?namespace=hr'), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expect((await get('/api/v1/workflows/sales/w')).status).toBe(200);
    expectProblem(await get('/api/v1/workflows/hr/w'), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    // The lists show only what the key may read.
    const list = (await get('/api/v1/workflows')).body.items.map((w: { namespace: string }) => w.namespace);
    expect(list).toEqual(['sales']);
    const all = (await get('/api/v1/runs')).body.items as { id: string; namespace: string }[];
    expect(all.map((r) => r.id)).toContain(runs.sales);
    expect(new Set(all.map((r) => r.namespace))).toEqual(new Set(['sales']));
    expect((await s.get('/api/v1/runs', { key: ADMIN_KEY })).body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([runs.sales, runs.hr]));
    // Unknown ids are 404 before any role check (they reveal nothing).
    expectProblem(await get('/api/v1/runs/no-such-run'), 404, 'WEFT_ERR_API_NOT_FOUND');
  });

  it('an operator on sales starts sales runs but not hr ones, and cannot register an hr workflow', async () => {
    const op = keys.operator;
    expect((await s.call('POST', '/api/v1/workflows/sales/w/runs', { key: op, body: {} })).status).toBe(202);
    expectProblem(await s.call('POST', '/api/v1/workflows/hr/w/runs', { key: op, body: {} }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    const dev = keys.developer;
    const hrDoc = workflowYaml('hr', 'other', "  - a: { set: { ok: true } }\n");
    expectProblem(await s.call('PUT', '/api/v1/workflows', { key: dev, body: hrDoc, headers: { 'content-type': 'application/yaml' } }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expectProblem(await s.get('/api/v1/workflows/hr/other', { key: ADMIN_KEY }), 404);
  });

  it('a bulk redrive without a namespace covers only the namespaces the key may control', async () => {
    const faulted: Record<string, string> = {};
    for (const ns of ['sales', 'hr']) {
      await registerWorkflow(s, workflowYaml(ns, 'fails', "  - a: { raise: { error: { type: 'https://example.com/broken', status: 500 } } }\n"));
      const r = await s.call('POST', `/api/v1/workflows/${ns}/fails/runs`, { body: {}, headers: { prefer: 'wait=5' } });
      expect(r.body.status).toBe('faulted');
      faulted[ns] = r.body.id;
    }
    const dry = (key: string | null, body: Record<string, unknown> = {}) => s.call('POST', '/api/v1/runs/redrive', { key, body: { errorType: 'broken', dryRun: true, ...body } });
    expect((await dry(keys.operator)).body.items.map((i: { id: string }) => i.id)).toEqual([faulted.sales]);
    expect((await dry(ADMIN_KEY)).body.items.map((i: { id: string }) => i.id).sort()).toEqual([faulted.sales, faulted.hr].sort());
    expectProblem(await dry(keys.operator, { workflow: 'hr/fails' }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    // A viewer controls no namespace: refused, not an empty list.
    expectProblem(await dry(keys.viewer), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
  });
});

describe('401 versus 403', () => {
  const expect401 = (r: Awaited<ReturnType<TestServer['call']>>, code: string) => {
    expectProblem(r, 401, code);
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="weft"');
  };
  const raw = (authorization?: string) => s.get('/api/v1/workflows', { key: null, ...(authorization ? { headers: { authorization } } : {}) });

  it('401 + WWW-Authenticate for a missing, malformed or wrong key', async () => {
    expect401(await raw(), 'WEFT_ERR_AUTH_MISSING');
    expect401(await raw(`Basic ${Buffer.from('a:b').toString('base64')}`), 'WEFT_ERR_AUTH_MALFORMED');
    expect401(await raw('Bearer'), 'WEFT_ERR_AUTH_MALFORMED');
    expect401(await raw('Bearer two words'), 'WEFT_ERR_AUTH_MALFORMED');
    expect401(await raw('Bearer not-a-key'), 'WEFT_ERR_AUTH_MALFORMED');
    expect401(await raw(`Bearer ${'x'.repeat(600)}`), 'WEFT_ERR_AUTH_MALFORMED');
    const a = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    const b = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    // a's id with b's secret: well-formed, wrong.
    const wrong = `wk_${a.id}_${b.secret.slice('wk_'.length + 12 + 1)}`;
    expect(wrong).toMatch(/^wk_[\da-f]{12}_[\w-]{43}$/);
    expect401(await raw(`Bearer ${wrong}`), 'WEFT_ERR_AUTH_INVALID');
    expect401(await raw(`Bearer wk_000000000000_${'A'.repeat(43)}`), 'WEFT_ERR_AUTH_INVALID');
  });

  it('401 for a revoked or an expired key', async () => {
    const k = await createKey(s, [{ namespace: 'sales', role: 'viewer' }]);
    expect((await raw(`Bearer ${k.secret}`)).status).toBe(200);
    expect((await s.call('POST', `/api/v1/keys/${k.id}/revoke`)).status).toBe(200);
    expect401(await raw(`Bearer ${k.secret}`), 'WEFT_ERR_AUTH_REVOKED');
    const soon = await createKey(s, [{ namespace: 'sales', role: 'viewer' }], { expiresAt: new Date(Date.now() + 600).toISOString() });
    expect((await raw(`Bearer ${soon.secret}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    expect401(await raw(`Bearer ${soon.secret}`), 'WEFT_ERR_AUTH_EXPIRED');
  });

  it('counts refused requests in the metrics like any other', async () => {
    await raw();
    await s.get('/api/v1/keys', { key: keys.viewer });
    const metrics = (await s.get('/metrics')).text;
    expect(metrics).toMatch(/^weft_http_requests_total\{method="GET",route="\/api\/v1\/workflows",status="401"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^weft_http_requests_total\{method="GET",route="\/api\/v1\/keys",status="403"\} [1-9]\d*$/m);
  });

  it('403 without WWW-Authenticate for a valid key lacking the role', async () => {
    const r = await s.call('PUT', '/api/v1/workflows', { key: keys.viewer, body: wf, headers: { 'content-type': 'application/yaml' } });
    expectProblem(r, 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expect(r.headers.get('www-authenticate')).toBeNull();
    expect(r.body.detail).toContain('workflow:write');
  });
});

describe('start-up', () => {
  it('refuses to serve without WEFT_ADMIN_KEY and without any key', async () => {
    const { db, dispose } = tempDb();
    try {
      const io = { out: () => {}, err: () => {} };
      await expect(startServer({ mode: 'serve', port: 0, db, env: { WEFT_LOG_LEVEL: 'silent' }, watch: false }, io)).rejects.toMatchObject({ code: 'WEFT_ERR_CLI_NO_CREDENTIALS', status: 400 });
    } finally {
      dispose();
    }
  });
});
