/**
 * Webhooks over HTTP: POST /hooks/<path> declared by a workflow (document.metadata.webhook) or a function
 * (manifest `webhook`); HMAC signatures valid / invalid / missing, a body schema, sync and async answers,
 * and authentication in serve mode for hooks without a secret.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from '../gateway/support.js';
import { type TestServer, deployFunction, expectProblem, registerWorkflow, startTestServer, until } from './support.js';

const SECRET = 'whsec-test-0123456789';
const sign = (body: string, key = SECRET) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

const SIGNED = `document:
  dsl: '1.0.0'
  namespace: hk
  name: signed
  version: '1.0.0'
  metadata:
    webhook:
      path: gh-push
      secret: HK_SECRET
      schema: { type: object, required: [ref], properties: { ref: { type: string }, commits: { type: array } } }
do:
  - count: { set: { ref: '\${ .ref }', commits: '\${ .commits | length }' } }
`;
const ASYNC = `document:
  dsl: '1.0.0'
  namespace: hk
  name: slow
  version: '1.0.0'
  metadata:
    webhook: { path: slow, respond: async, input: '{job: .id}' }
do:
  - pause: { wait: { milliseconds: 50 } }
  - done: { set: { job: '\${ .job }' } }
`;

let s: TestServer;
let serve: TestServer;
beforeAll(async () => {
  // Secrets reach workflows and webhooks from WEFT_SECRET_<NAME> in the server's environment; a shared
  // server (serve) lets a namespace's webhooks use only the secrets granted to it.
  const env = { WEFT_SECRET_HK_SECRET: SECRET, WEFT_SECRET_GRANTS: 'HK_SECRET=hk' };
  [s, serve] = await Promise.all([startTestServer({ env }), startTestServer({ mode: 'serve', env })]);
  for (const t of [s, serve]) {
    await registerWorkflow(t, SIGNED);
    await registerWorkflow(t, ASYNC);
  }
  await deployFunction(s, 'hk-echo', 'export default async (input: any) => ({ echoed: input });', { webhook: { path: 'echo' } });
});
afterAll(async () => {
  await Promise.all([s.stop(), serve.stop()]);
});

const push = JSON.stringify({ ref: 'refs/heads/main', commits: [{ id: 'a' }, { id: 'b' }] });
const hook = (t: TestServer, path: string, body: string, headers: Record<string, string> = {}, key?: string | null) =>
  t.call('POST', `/hooks/${path}`, { body, headers: { 'content-type': 'application/json', ...headers }, ...(key !== undefined ? { key } : {}) });

describe('signed webhooks (HMAC-SHA256)', () => {
  it('a valid signature starts the run and, sync, answers 200 with its output', async () => {
    const r = await hook(s, 'gh-push', push, { 'x-hub-signature-256': sign(push) });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ ref: 'refs/heads/main', commits: 2 });
    // X-Weft-Signature works too.
    expect((await hook(s, 'gh-push', push, { 'x-weft-signature': sign(push) })).status).toBe(200);
  });

  it('an invalid signature is 401 and starts nothing', async () => {
    const before = (await s.get('/api/v1/runs?workflow=hk/signed')).body.items.length;
    for (const headers of [{ 'x-hub-signature-256': sign(push, 'wrong-key') }, { 'x-hub-signature-256': sign(`${push} `) }, { 'x-hub-signature-256': 'sha256=abc' }]) {
      const r = await hook(s, 'gh-push', push, headers);
      expectProblem(r, 401, 'WEFT_ERR_EVENT_SIGNATURE');
      expect(r.body.detail).toMatch(/does not match/);
    }
    expect((await s.get('/api/v1/runs?workflow=hk/signed')).body.items).toHaveLength(before);
  });

  it('a missing signature is 401, even with a body that also violates the schema', async () => {
    const r = await hook(s, 'gh-push', '{"nope":1}');
    expectProblem(r, 401, 'WEFT_ERR_EVENT_SIGNATURE');
    expect(r.body.detail).toMatch(/needs a signature/);
  });

  it('a signed body that violates the webhook schema is 400 naming the path', async () => {
    const body = JSON.stringify({ ref: 7 });
    const r = await hook(s, 'gh-push', body, { 'x-hub-signature-256': sign(body) });
    expectProblem(r, 400, 'WEFT_ERR_EVENT_SCHEMA');
    expect(r.body.pointer).toBe('/ref');
  });

  it('in serve mode a signed webhook needs no API key: the signature authenticates it', async () => {
    expect((await hook(serve, 'gh-push', push, { 'x-hub-signature-256': sign(push) }, null)).status).toBe(200);
    expectProblem(await hook(serve, 'gh-push', push, {}, null), 401);
  });
});

describe('answers', () => {
  it('async answers 202 with the run and its Location; the run goes on with the mapped body', async () => {
    const r = await hook(s, 'slow', JSON.stringify({ id: 'job-1' }));
    expect(r.status, r.text).toBe(202);
    expect(r.body).toMatchObject({ id: expect.any(String), workflow: 'hk/slow' });
    expect(r.headers.get('location')).toBe(`/api/v1/runs/${r.body.id}`);
    const run = await until(async () => {
      const x = (await s.get(`/api/v1/runs/${r.body.id}`)).body;
      return x.status === 'completed' ? x : undefined;
    });
    expect(run.output).toEqual({ job: 'job-1' });
  });

  it('an Idempotency-Key makes repeated calls one run', async () => {
    const a = await hook(s, 'slow', '{"id":"job-2"}', { 'idempotency-key': 'delivery-77' });
    const b = await hook(s, 'slow', '{"id":"job-2"}', { 'idempotency-key': 'delivery-77' });
    expect(b.body.id).toBe(a.body.id);
  });

  it('a function webhook answers with the function\'s output', async () => {
    const r = await hook(s, 'echo', '{"x":1}');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ echoed: { x: 1 } });
  });

  it('a webhook continues the caller\'s trace', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const r = await hook(s, 'slow', '{"id":"job-3"}', { traceparent: `00-${trace}-00f067aa0ba902b7-01` });
    const stored = await s.server.app.store.getRun(r.body.id);
    expect(stored!.traceparent).toContain(trace);
  });

  it('in serve mode a webhook without a secret needs an API key', async () => {
    expectProblem(await hook(serve, 'slow', '{"id":"x"}', {}, null), 401);
    expect((await hook(serve, 'slow', '{"id":"x"}', {}, ADMIN_KEY)).status).toBe(202);
  });
});

describe('declarations', () => {
  it('GET /api/v1/webhooks lists what workflows and functions declared; an unknown path is 404', async () => {
    const items = (await s.get('/api/v1/webhooks')).body.items as { path: string; owner: string; respond: string }[];
    expect(items.map((w) => [w.path, w.owner, w.respond])).toEqual([
      ['echo', 'function:hk-echo', 'sync'],
      ['gh-push', 'workflow:hk/signed', 'sync'],
      ['slow', 'workflow:hk/slow', 'async'],
    ]);
    expect(JSON.stringify(items)).not.toContain(SECRET);
    expectProblem(await hook(s, 'nowhere', '{}'), 404);
  });

  it('a path owned by another workflow is a conflict (409), and the version is not stored', async () => {
    const r = await s.call('PUT', '/api/v1/workflows', {
      body: "document: { dsl: '1.0.0', namespace: hk, name: thief, version: '1.0.0', metadata: { webhook: { path: gh-push } } }\ndo:\n  - x: { set: { a: 1 } }\n",
      headers: { 'content-type': 'application/yaml' },
    });
    expectProblem(r, 409, 'WEFT_ERR_EVENT_CONFLICT');
    expectProblem(await s.get('/api/v1/workflows/hk/thief/versions/1.0.0'), 404);
    expect((await s.get('/api/v1/workflows/hk/signed/versions/1.0.0')).status).toBe(200);
  });

  it('a function claiming a path a workflow owns is a conflict (409); the path keeps its owner and the version is not stored', async () => {
    const r = await s.call('PUT', '/api/v1/functions/hk-thief', { body: { manifest: { name: 'hk-thief', version: '1.0.0', webhook: { path: 'gh-push' } }, source: 'export default async () => 1;' } });
    expectProblem(r, 409, 'WEFT_ERR_EVENT_CONFLICT');
    expect((await s.get('/api/v1/webhooks')).body.items.find((w: { path: string }) => w.path === 'gh-push').owner).toBe('workflow:hk/signed');
    expect((await s.get('/api/v1/functions/hk-thief')).status).toBe(404);
  });

  it('a malformed webhook declaration is refused at registration (400)', async () => {
    const r = await s.call('PUT', '/api/v1/workflows', {
      body: "document: { dsl: '1.0.0', namespace: hk, name: bad, version: '1.0.0', metadata: { webhook: { path: 'a/b' } } }\ndo:\n  - x: { set: { a: 1 } }\n",
      headers: { 'content-type': 'application/yaml' },
    });
    expectProblem(r, 400, 'WEFT_ERR_EVENT_CONFIG');
  });
});
