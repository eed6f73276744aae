/**
 * Single sign-on on `weft serve` against a real OpenID Connect provider (oidc-provider, test/support/
 * oidc-idp.ts): the browser login (login → provider's form → callback → session cookie), the claim → role
 * mapping, CSRF on cookie requests, logout, tampered cookies, and the provider's JWTs as bearer tokens
 * (expired, wrong audience, wrong issuer, after a key rotation), throttled like wrong API keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, type Idp, Jar, ROLE_MAPPING, loginAs, startIdp } from '../support/oidc-idp.js';
import { TEST_MASTER_KEY, type TestServer, caller, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let idp: Idp;
let s: TestServer;

const ssoEnv = (issuer: string, extra: Record<string, string> = {}) => ({
  WEFT_OIDC_ISSUER: issuer,
  WEFT_OIDC_CLIENT_ID: CLIENT_ID,
  WEFT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
  WEFT_OIDC_ROLES: ROLE_MAPPING,
  WEFT_OIDC_JWKS_COOLDOWN: '1s',
  WEFT_MASTER_KEY: TEST_MASTER_KEY,
  ...extra,
});

beforeAll(async () => {
  idp = await startIdp();
  s = await startTestServer({ mode: 'serve', env: ssoEnv(idp.issuer) });
  await idp.allow(s.url);
  for (const ns of ['shop', 'hr']) await registerWorkflow(s, workflowYaml(ns, 'w', '  - a: { set: { ok: true } }\n'));
}, 30_000);
afterAll(async () => {
  await s?.stop();
  await idp?.close();
});

/** A browser's login: /auth/login → the provider's form → /auth/callback. Returns the jar and the callback's answer. */
async function browserLogin(user: string): Promise<{ jar: Jar; callback: Response }> {
  const jar = new Jar();
  const start = await jar.fetch(`${s.url}/auth/login`);
  expect(start.status).toBe(302);
  const back = await loginAs(jar, start.headers.get('location') as string, user, `${s.url}/auth/callback`);
  const callback = await jar.fetch(back);
  return { jar, callback };
}

/** A request with the jar's cookies (and the CSRF header when `csrf`). */
async function withCookies(jar: Jar, method: string, path: string, o: { body?: unknown; csrf?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...o.headers, cookie: jar.header(s.url) };
  if (o.csrf !== undefined) headers['x-csrf-token'] = o.csrf;
  return caller(s.url, null)(method, path, { key: null, headers, ...(o.body !== undefined ? { body: o.body } : {}) });
}

describe('browser login', () => {
  it('says SSO is on (public route)', async () => {
    const r = await s.get('/api/v1/auth/config', { key: null });
    expect(r.body).toEqual({ oidc: true, apiKeys: true, loginUrl: '/auth/login' });
  });

  it('redirects to the provider with code + PKCE S256, state and nonce, and keeps them in an HttpOnly cookie', async () => {
    const r = await fetch(`${s.url}/auth/login`, { redirect: 'manual' });
    const to = new URL(r.headers.get('location') as string);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, code_challenge_method: 'S256', redirect_uri: `${s.url}/auth/callback`, scope: 'openid profile email' });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)).toMatch(/^[\w-]{43}$/);
    const set = r.headers.getSetCookie().join('\n');
    expect(set).toMatch(/^weft_login=[^;]+; Path=\/; Max-Age=600; SameSite=Lax; HttpOnly$/m);
    // The login state is sealed: the state the provider gets is not readable in the cookie.
    expect(set).not.toContain(to.searchParams.get('state'));
  });

  it('login → callback → session cookie → /api/v1/me shows the mapped roles', async () => {
    const { jar, callback } = await browserLogin('bob');
    expect(callback.status, await callback.text()).toBe(302);
    expect(callback.headers.get('location')).toBe('/');
    const set = callback.headers.getSetCookie().join('\n');
    // Plain http on 127.0.0.1: no __Host- prefix, no Secure (a browser would drop them); HttpOnly + Lax stay.
    expect(set).toMatch(/^weft_session=[^;]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/m);
    expect(set).toMatch(/^weft_csrf=[\w-]+; Path=\/; Max-Age=\d+; SameSite=Lax$/m);
    const me = await withCookies(jar, 'GET', '/api/v1/me');
    expect(me.status, me.text).toBe(200);
    expect(me.body).toMatchObject({ actor: 'oidc:bob', via: 'oidc', name: 'Bob Builder', email: 'bob@example.test', scopes: [{ namespace: 'shop', role: 'developer' }] });
    const ttl = Date.parse(me.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(7.9 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(8 * 3_600_000);
  });

  it('grants only the mapped namespaces: 403 elsewhere, and lists only what the user may read', async () => {
    const { jar: bob } = await browserLogin('bob');
    expect((await withCookies(bob, 'GET', '/api/v1/workflows/shop/w')).status).toBe(200);
    expectProblem(await withCookies(bob, 'GET', '/api/v1/workflows/hr/w'), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    expectProblem(await withCookies(bob, 'GET', '/api/v1/keys'), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
    const listed = (await withCookies(bob, 'GET', '/api/v1/workflows')).body.items.map((w: { namespace: string }) => w.namespace);
    expect(listed).toEqual(['shop']);
    const { jar: alice } = await browserLogin('alice');
    const all = (await withCookies(alice, 'GET', '/api/v1/workflows')).body.items.map((w: { namespace: string }) => w.namespace);
    expect(all.sort()).toEqual(['hr', 'shop']);
    expect((await withCookies(alice, 'GET', '/api/v1/keys')).status).toBe(200);
  });

  it('refuses a user whose claims map to no role: 403 problem, no session', async () => {
    const { callback } = await browserLogin('carol');
    expect(callback.status).toBe(403);
    expect(await callback.json()).toMatchObject({ code: 'WEFT_ERR_OIDC_NO_ROLE', status: 403 });
    expect(callback.headers.getSetCookie().join('\n')).not.toMatch(/weft_session=[^;]/);
  });

  it('refuses a callback whose state is not the browser\'s login', async () => {
    const jar = new Jar();
    expect((await jar.fetch(`${s.url}/auth/login`)).status).toBe(302);
    const r = await jar.fetch(`${s.url}/auth/callback?code=abc&state=forged`);
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 'WEFT_ERR_OIDC_LOGIN' });
  });
});

describe('session cookie', () => {
  it('CSRF: an unsafe request with the cookie needs X-CSRF-Token = weft_csrf (and a same-origin Origin)', async () => {
    const { jar } = await browserLogin('bob');
    const csrf = jar.get(s.url, 'weft_csrf') as string;
    const start = '/api/v1/workflows/shop/w/runs';
    expectProblem(await withCookies(jar, 'POST', start, { body: {} }), 403, 'WEFT_ERR_HTTP_CSRF');
    expectProblem(await withCookies(jar, 'POST', start, { body: {}, csrf: `${csrf.slice(1)}x` }), 403, 'WEFT_ERR_HTTP_CSRF');
    expectProblem(await withCookies(jar, 'POST', start, { body: {}, csrf, headers: { origin: 'http://127.0.0.1:1' } }), 403);
    const ok = await withCookies(jar, 'POST', start, { body: {}, csrf, headers: { origin: s.url } });
    expect(ok.status, ok.text).toBe(202);
    // Reads need no token.
    expect((await withCookies(jar, 'GET', `/api/v1/runs/${ok.body.id}`)).status).toBe(200);
  });

  it('the audit log shows the person (oidc:<sub>) for what they did and for their login', async () => {
    const { jar } = await browserLogin('bob');
    const csrf = jar.get(s.url, 'weft_csrf') as string;
    const r = await withCookies(jar, 'PUT', '/api/v1/workflows', { body: workflowYaml('shop', 'audited', '  - a: { set: { ok: 1 } }\n'), csrf, headers: { 'content-type': 'application/yaml' } });
    expect(r.status, r.text).toBe(201);
    const audit = (await s.get('/api/v1/audit')).body.items as { actor: string; action: string; target: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'oidc:bob', action: 'workflow:register', target: 'workflow/shop/audited@1.0.0' }));
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'oidc:bob', action: 'session:login' }));
  });

  it('a tampered cookie is a 401 with WWW-Authenticate', async () => {
    const { jar } = await browserLogin('bob');
    const sealed = jar.get(s.url, 'weft_session') as string;
    const i = sealed.length - 10;
    jar.set(s.url, 'weft_session', `${sealed.slice(0, i)}${sealed[i] === 'A' ? 'B' : 'A'}${sealed.slice(i + 1)}`);
    const r = await withCookies(jar, 'GET', '/api/v1/me');
    expectProblem(r, 401, 'WEFT_ERR_OIDC_SESSION');
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('logout ends the session (a replayed copy too) and names the provider\'s end-session URL', async () => {
    const { jar } = await browserLogin('bob');
    const copy = jar.header(s.url);
    const csrf = jar.get(s.url, 'weft_csrf') as string;
    expectProblem(await withCookies(jar, 'POST', '/auth/logout'), 403, 'WEFT_ERR_HTTP_CSRF');
    const out = await jar.fetch(`${s.url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    const body = (await out.json()) as { endSessionUrl: string };
    const end = new URL(body.endSessionUrl);
    expect(`${end.origin}${end.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${s.url}/`);
    expect(jar.get(s.url, 'weft_session')).toBeUndefined();
    expectProblem(await withCookies(jar, 'GET', '/api/v1/me'), 401, 'WEFT_ERR_AUTH_MISSING');
    const replay = await caller(s.url, null)('GET', '/api/v1/me', { key: null, headers: { cookie: copy } });
    expectProblem(replay, 401, 'WEFT_ERR_OIDC_SESSION');
    const audit = (await s.get('/api/v1/audit')).body.items as { actor: string; action: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'oidc:bob', action: 'session:logout' }));
  });
});

describe('bearer JWTs', () => {
  const bob = { sub: 'bob', groups: ['shop-dev'] };

  it('a real ID token from the provider authenticates API calls (no CSRF: not a cookie)', async () => {
    const token = await idp.idToken('bob', s.url);
    const me = await s.get('/api/v1/me', { key: token });
    expect(me.status, me.text).toBe(200);
    expect(me.body).toMatchObject({ actor: 'oidc:bob', via: 'oidc', scopes: [{ namespace: 'shop', role: 'developer' }] });
    expect((await s.call('POST', '/api/v1/workflows/shop/w/runs', { key: token, body: {} })).status).toBe(202);
    expectProblem(await s.call('POST', '/api/v1/workflows/hr/w/runs', { key: token, body: {} }), 403, 'WEFT_ERR_AUTH_FORBIDDEN');
  });

  it('expired → 401 WEFT_ERR_OIDC_TOKEN_EXPIRED (past the 60 s skew); within the skew it passes', async () => {
    const expired = await s.get('/api/v1/me', { key: await idp.sign(bob, { expiresInSec: -120 }) });
    expectProblem(expired, 401, 'WEFT_ERR_OIDC_TOKEN_EXPIRED');
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await s.get('/api/v1/me', { key: await idp.sign(bob, { expiresInSec: -20 }) })).status).toBe(200);
  });

  it('wrong audience → 401, wrong issuer → 401', async () => {
    expectProblem(await s.get('/api/v1/me', { key: await idp.sign({ ...bob, aud: 'another-app' }) }), 401, 'WEFT_ERR_OIDC_TOKEN_INVALID');
    expectProblem(await s.get('/api/v1/me', { key: await idp.sign({ ...bob, iss: 'http://127.0.0.1:9/not-the-issuer' }) }), 401, 'WEFT_ERR_OIDC_TOKEN_INVALID');
  });

  it('a token signed by a key the provider does not publish → 401', async () => {
    const other = await startIdp();
    try {
      const forged = await other.sign({ ...bob, iss: idp.issuer });
      expectProblem(await s.get('/api/v1/me', { key: forged }), 401, 'WEFT_ERR_OIDC_TOKEN_INVALID');
    } finally {
      await other.close();
    }
  });

  it('follows a key rotation: a token signed with the provider\'s new key verifies', async () => {
    expect((await s.get('/api/v1/me', { key: await idp.sign(bob) })).status).toBe(200);
    const before = idp.kid;
    await idp.rotate();
    expect(idp.kid).not.toBe(before);
    // The JWKS cooldown (WEFT_OIDC_JWKS_COOLDOWN=1s here, 30 s by default) bounds refetches on unknown key ids.
    await new Promise((r) => setTimeout(r, 1100));
    const token = await idp.idToken('alice', s.url);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid).toBe(idp.kid);
    const me = await s.get('/api/v1/me', { key: token });
    expect(me.status, me.text).toBe(200);
    expect(me.body.scopes).toEqual([{ namespace: '*', role: 'admin' }]);
  });

  it('API keys still work beside SSO, and say so', async () => {
    expect((await s.get('/api/v1/me')).body).toMatchObject({ via: 'apiKey', scopes: [{ namespace: '*', role: 'admin' }] });
  });
});

describe('throttling and configuration', () => {
  it('failed JWTs count towards the failed-authentication throttle', async () => {
    const t = await startTestServer({ mode: 'serve', env: ssoEnv(idp.issuer, { WEFT_AUTH_FAILURE_LIMIT: '3' }) });
    try {
      // A token that verified before keeps passing (a neighbour's guessing must not lock its holder out).
      const good = await idp.idToken('bob', s.url);
      expect(good.length).toBeGreaterThan(512);
      expect((await t.get('/api/v1/me', { key: good })).status).toBe(200);
      const bad = await idp.sign({ sub: 'bob', groups: ['shop-dev'], aud: 'nope' });
      for (let i = 0; i < 3; i++) expectProblem(await t.get('/api/v1/me', { key: bad }), 401, 'WEFT_ERR_OIDC_TOKEN_INVALID');
      expectProblem(await t.get('/api/v1/me', { key: bad }), 429, 'WEFT_ERR_API_AUTH_THROTTLED');
      expectProblem(await t.get('/api/v1/me', { key: await idp.sign({ sub: 'bob', groups: ['shop-dev'] }) }), 429, 'WEFT_ERR_API_AUTH_THROTTLED');
      expect((await t.get('/api/v1/me', { key: good })).status).toBe(200);
    } finally {
      await t.stop();
    }
  });

  it.each([
    [{ WEFT_OIDC_ROLES: 'groups:x=shop:wizard' }, /wizard/],
    [{ WEFT_OIDC_ROLES: '' }, /WEFT_OIDC_ROLES is empty/],
    [{ WEFT_OIDC_CLIENT_ID: '' }, /WEFT_OIDC_CLIENT_ID/],
    [{ WEFT_OIDC_ISSUER: 'ftp://idp' }, /WEFT_OIDC_ISSUER/],
    [{ WEFT_SESSION_TTL: 'forever' }, /WEFT_SESSION_TTL/],
    [{ WEFT_SESSION_SECRET: 'short' }, /WEFT_SESSION_SECRET/],
  ])('refuses to start on a bad setting %o', async (bad, message) => {
    await expect(startTestServer({ mode: 'serve', env: ssoEnv(idp.issuer, bad) })).rejects.toMatchObject({ code: 'WEFT_ERR_OIDC_CONFIG', message: expect.stringMatching(message) });
  });

  it('behind TLS (an https WEFT_OIDC_REDIRECT_URL): __Host- cookies with Secure, the configured callback URL', async () => {
    const t = await startTestServer({ mode: 'serve', env: ssoEnv(idp.issuer, { WEFT_OIDC_REDIRECT_URL: 'https://weft.example/auth/callback' }) });
    try {
      const r = await fetch(`${t.url}/auth/login`, { redirect: 'manual' });
      expect(new URL(r.headers.get('location') as string).searchParams.get('redirect_uri')).toBe('https://weft.example/auth/callback');
      expect(r.headers.getSetCookie().join('\n')).toMatch(/^__Host-weft_login=[^;]+; Path=\/; Max-Age=600; SameSite=Lax; HttpOnly; Secure$/m);
    } finally {
      await t.stop();
    }
  });

  it('starts while the provider is down; logins and JWTs then answer 502 WEFT_ERR_OIDC_PROVIDER', async () => {
    const gone = await startIdp();
    const issuer = gone.issuer;
    await gone.close();
    const t = await startTestServer({ mode: 'serve', env: ssoEnv(issuer) });
    try {
      expectProblem(await t.get('/auth/login', { key: null }), 502, 'WEFT_ERR_OIDC_PROVIDER');
      expectProblem(await t.get('/api/v1/me', { key: await idp.sign({ sub: 'bob', groups: ['shop-dev'], iss: issuer }) }), 502, 'WEFT_ERR_OIDC_PROVIDER');
      // API keys do not depend on the provider.
      expect((await t.get('/api/v1/me')).status).toBe(200);
    } finally {
      await t.stop();
    }
  });

  it('weft dev keeps no authentication: /api/v1/me is the local developer', async () => {
    const dev = await startTestServer({ mode: 'dev' });
    try {
      expect((await dev.get('/api/v1/me')).body).toEqual({ actor: 'dev', via: 'dev', scopes: [{ namespace: '*', role: 'admin' }] });
      expect((await dev.get('/api/v1/auth/config')).body).toEqual({ oidc: false, apiKeys: false });
    } finally {
      await dev.stop();
    }
  });
});
