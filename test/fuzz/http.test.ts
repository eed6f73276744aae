/**
 * Property-based fuzzing of the HTTP API on a listening server (startServer in this process, a SQLite
 * file): random and mutated requests against every route of GET /api/openapi.json (http-arbitraries.ts).
 * Properties: no 5xx, every refusal a problem+json with a WEFT code, no request takes longer than
 * REQUEST_MS, and /healthz answers after the batch. `weft dev` (no auth: every route reachable) takes
 * most cases; `weft serve` (API keys) the rest, half of them with the admin key.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, TEST_MASTER_KEY, type TestServer, deployFunction, registerWorkflow, startTestServer, workflowYaml } from '../gateway/support.js';
import { params, timeout } from './config.js';
import { type Route, request, routesOf } from './http-arbitraries.js';
import { expectWellFormed, send } from './http-support.js';

/** Gives the fuzzer real things to reach: a workflow, a function, a run, an event type, a subscription. */
async function seed(s: TestServer): Promise<void> {
  await registerWorkflow(s, workflowYaml('fuzz', 'wf', '  - a:\n      set:\n        x: ${ .x }\n'));
  await deployFunction(s, 'echo', 'export default async (i) => i');
  await s.call('POST', '/api/v1/workflows/fuzz/wf/runs', { body: { x: 1 }, headers: { prefer: 'wait=2' } });
  await s.call('PUT', '/api/v1/event-types/fuzz.happened', { body: { type: 'object' } });
}

async function fuzzServer(s: TestServer, routes: Route[], runs: number, auth?: fc.Arbitrary<string | undefined>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(request(routes), auth ?? fc.constant(undefined), async (req, key) => {
      if (key !== undefined) req.headers = { ...req.headers, authorization: key };
      const got = await send(s.url, req);
      if (got.status !== 0) expectWellFormed(req, got);
    }),
    params(runs, { costly: true }),
  );
  const health = await send(s.url, { method: 'GET', path: '/healthz' });
  expect(health.status).toBe(200);
}

describe('fuzz: HTTP API (weft dev)', () => {
  let s: TestServer;
  let routes: Route[];
  beforeAll(async () => {
    s = await startTestServer({ mode: 'dev' });
    await seed(s);
    routes = routesOf((await s.get('/api/openapi.json')).body);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
  });

  it('every route of the OpenAPI document is fuzzed', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it('random and mutated requests: no 5xx, problems for refusals, no hang', async () => {
    await fuzzServer(s, routes, 600);
  }, timeout(600, 60, { costly: true }));
});

describe('fuzz: HTTP API (weft serve, API keys)', () => {
  let s: TestServer;
  let routes: Route[];
  beforeAll(async () => {
    // As a production server runs: with a master key, so the vault's routes answer rather than 503 (vault off).
    s = await startTestServer({ mode: 'serve', env: { WEFT_MASTER_KEY: TEST_MASTER_KEY } });
    await seed(s);
    routes = routesOf((await s.get('/api/openapi.json')).body);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
  });

  it('random and mutated requests with and without keys: no 5xx, problems for refusals, no hang', async () => {
    await fuzzServer(s, routes, 250, fc.constantFrom(`Bearer ${ADMIN_KEY}`, `Bearer ${ADMIN_KEY}`, undefined, 'Bearer wk_000000000000_' + 'a'.repeat(43)));
  }, timeout(250, 60, { costly: true }));
});
