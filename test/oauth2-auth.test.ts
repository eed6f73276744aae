/**
 * The DSL's `oauth2` and `oidc` authentication policies against a real authorization server
 * (oidc-provider on 127.0.0.1 with the client-credentials grant and token introspection): a workflow's
 * credentials come from a vault secret (`oidc: { use: CREDS }`), Weft gets a token (once, then cached),
 * and the API — which introspects every token it is sent at the provider — sees a valid token for the
 * client. Neither the client secret nor the token lands in the run's answer or the database.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY, type TestServer, registerWorkflow, startTestServer, workflowYaml } from './gateway/support.js';

const CLIENT = 'billing-robot';
const SECRET = 'robot-secret-5f1c2a9e7d3b';
let idpServer: Server;
let issuer = '';
let api: Server;
let apiUrl = '';
let tokenRequests = 0;
const seenTokens: string[] = [];
let s: TestServer;

beforeAll(async () => {
  idpServer = createServer();
  await new Promise<void>((r) => idpServer.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT, client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'invoices:read', token_endpoint_auth_method: 'client_secret_basic' }],
    scopes: ['invoices:read'],
    features: { clientCredentials: { enabled: true }, introspection: { enabled: true }, devInteractions: { enabled: false } },
    ttl: { ClientCredentials: 600 },
    cookies: { keys: ['oauth2-test-cookie-key-0123456789'] },
  });
  const callback = provider.callback();
  idpServer.on('request', (req, res) => {
    if (req.url === '/token') tokenRequests++;
    callback(req, res);
  });
  // The protected API: introspects the bearer token at the provider, as a resource server does.
  api = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return void res.writeHead(401).end();
    seenTokens.push(token);
    fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT}:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    })
      .then((r) => r.json() as Promise<{ active: boolean; client_id?: string; scope?: string }>)
      .then((i) => res.writeHead(i.active ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ active: i.active, client: i.client_id, scope: i.scope })))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/invoices`;
  s = await startTestServer({ mode: 'serve', env: { WEFT_MASTER_KEY: TEST_MASTER_KEY, WEFT_EGRESS: 'open' } });
});
afterAll(async () => {
  await s.stop();
  await Promise.all([idpServer, api].map((x) => new Promise((r) => x.close(r))));
});

const flow = (name: string, policy: string) =>
  workflowYaml(
    'billing',
    name,
    `  - first: { call: http, with: { method: get, endpoint: { uri: '${apiUrl}', authentication: { use: robot } } } }
  - second: { call: http, with: { method: get, endpoint: { uri: '${apiUrl}', authentication: { use: robot } } } }
  # The client id and scope are strings of the CREDS secret: shown masked, so compared here.
  - check: { set: { active: '\${ .active }', client: '\${ .client == "${CLIENT}" }', scope: '\${ .scope == "invoices:read" }' } }
`,
    '1.0.0',
    `use:\n  secrets: [CREDS]\n  authentications:\n    robot: ${policy}\n`,
  );

describe('oauth2 and oidc authentication policies', () => {
  it('oidc with its credentials in the vault: one token request, a valid token on every call, no secret or token kept', async () => {
    const creds = { authority: issuer, grant: 'client_credentials', client: { id: CLIENT, secret: SECRET }, scopes: ['invoices:read'] };
    expect((await s.call('PUT', '/api/v1/namespaces/billing/secrets/CREDS', { body: { value: creds } })).status).toBe(201);
    await registerWorkflow(s, flow('fetch-oidc', '{ oidc: { use: CREDS } }'));
    const before = tokenRequests;
    const r = await s.call('POST', '/api/v1/workflows/billing/fetch-oidc/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(r.body, r.text).toMatchObject({ status: 'completed', output: { active: true, client: true, scope: true } });
    // A second run reuses the cached token.
    const again = await s.call('POST', '/api/v1/workflows/billing/fetch-oidc/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(again.body.status).toBe('completed');
    expect(tokenRequests - before).toBe(1);
    expect(new Set(seenTokens).size).toBe(1);
    const token = seenTokens[0]!;
    for (const t of [r.text, (await s.get(`/api/v1/runs/${r.body.id}`)).text, (await s.get(`/api/v1/runs/${r.body.id}/events`)).text]) {
      expect(t).not.toContain(SECRET);
      expect(t).not.toContain(token);
    }
    const db = (s.server.app.store as unknown as { path: string }).path;
    for (const f of readdirSync(dirname(db)).filter((x) => x.startsWith('weft.db'))) {
      const bytes = readFileSync(join(dirname(db), f));
      expect(bytes.includes(Buffer.from(SECRET)), f).toBe(false);
      expect(bytes.includes(Buffer.from(token)), f).toBe(false);
    }
  });

  it('oauth2 inline with the token endpoint named, client_secret_post', async () => {
    await registerWorkflow(s, flow('fetch-oauth2', `{ oauth2: { authority: '${issuer}', endpoints: { token: /token }, grant: client_credentials, client: { id: ${CLIENT}, secret: '\${ $secrets.CREDS.client.secret }', authentication: client_secret_post }, scopes: ['invoices:read'] } }`));
    const r = await s.call('POST', '/api/v1/workflows/billing/fetch-oauth2/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(r.body, r.text).toMatchObject({ status: 'completed', output: { active: true, client: true } });
  });

  it('a refused token request faults the call with an authentication error naming the authority, not the secret', async () => {
    await registerWorkflow(s, flow('wrong-secret', `{ oidc: { authority: '${issuer}', grant: client_credentials, client: { id: ${CLIENT}, secret: not-the-secret-at-all } } }`));
    const r = await s.call('POST', '/api/v1/workflows/billing/wrong-secret/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(r.body, r.text).toMatchObject({ status: 'faulted', error: { type: expect.stringMatching(/authentication$/), status: 401, detail: expect.stringMatching(/^oidc token request to \S+ answered 401: invalid_client/) } });
    expect(r.text).not.toContain('not-the-secret-at-all');
  });

  it('an unsupported grant is a configuration fault', async () => {
    await registerWorkflow(s, flow('code-grant', `{ oauth2: { authority: '${issuer}', grant: authorization_code, client: { id: ${CLIENT}, secret: x } } }`));
    const r = await s.call('POST', '/api/v1/workflows/billing/code-grant/runs', { body: {}, headers: { prefer: 'wait=10' } });
    expect(r.body, r.text).toMatchObject({ status: 'faulted', error: { type: expect.stringMatching(/configuration$/), detail: "oauth2 authentication: grant 'authorization_code' is not supported (client_credentials, password)" } });
  });
});
