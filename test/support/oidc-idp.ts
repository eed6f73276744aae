/**
 * A real OpenID Connect provider for tests: oidc-provider on 127.0.0.1 (random port), one confidential
 * client (`weft`, code flow, PKCE required), users whose `groups` claims the tests map to roles, and an
 * RS256 key set that `rotate()` replaces (the provider restarts on the same port with a new signing key
 * first and the old one still published). Its devInteractions login form is the provider's own page:
 * `loginAs` drives it over HTTP (gateway tests), a browser fills it in (e2e).
 *
 *   const idp = await startIdp();                       // listening; issuer known
 *   const weft = await start({ WEFT_OIDC_ISSUER: idp.issuer, ... });
 *   idp.allow(weft.url);                                // the client's redirect URIs: weft's callback
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'weft';
export const CLIENT_SECRET = 'weft-test-client-secret-0123456789';

export interface TestUser {
  name: string;
  email: string;
  groups: string[];
}

/** Logins are the user ids; any password is accepted (the provider's development login form). */
export const USERS: Record<string, TestUser> = {
  alice: { name: 'Alice Admin', email: 'alice@example.test', groups: ['weft-admins'] },
  bob: { name: 'Bob Builder', email: 'bob@example.test', groups: ['shop-dev', 'staff'] },
  carol: { name: 'Carol Nobody', email: 'carol@example.test', groups: ['staff'] },
};

/** The mapping the tests configure: admins everywhere, shop developers in `shop` only. */
export const ROLE_MAPPING = 'groups:weft-admins=*:admin,groups:shop-dev=shop:developer';

export interface Idp {
  issuer: string;
  /** Registers `weftUrl/auth/callback` (and `weftUrl/` after logout) for the client. */
  allow(weftUrl: string): Promise<void>;
  /** New signing key first, the previous one still published. */
  rotate(): Promise<void>;
  /** The current signing key's id. */
  readonly kid: string;
  /** A JWT signed with the provider's current key (`iss` the issuer, `aud` the client, 10 min) merged with `claims`. */
  sign(claims: Record<string, unknown>, o?: { expiresInSec?: number; kid?: string }): Promise<string>;
  /** A real ID token from the provider for `user` (the test is the client: code flow with PKCE). */
  idToken(user: string, weftUrl: string): Promise<string>;
  close(): Promise<void>;
}

interface KeyPair {
  kid: string;
  privateJwk: JWK;
}

async function newKey(): Promise<KeyPair> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `k-${randomBytes(4).toString('hex')}`;
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startIdp(): Promise<Idp> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let keys: KeyPair[] = [await newKey()];
  let weftUrls: string[] = [];

  const build = () => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: weftUrls.length ? weftUrls.map((u) => `${u}/auth/callback`) : ['http://127.0.0.1/unused'],
          post_logout_redirect_uris: weftUrls.map((u) => `${u}/`),
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: keys.map((k) => k.privateJwk) },
      pkce: { required: () => true },
      // Groups travel in the ID token, as Keycloak, Dex and Auth0 (an Action) put them.
      claims: { openid: ['sub', 'groups'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
      conformIdTokenClaims: false,
      cookies: { keys: ['test-idp-cookie-key-0123456789'] },
      // Explicit lifetimes (the provider logs a notice for every default it falls back to).
      ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600 },
      findAccount: (_ctx, id) => {
        const u = USERS[id];
        if (!u) return undefined;
        return { accountId: id, claims: () => ({ sub: id, preferred_username: id, name: u.name, email: u.email, email_verified: true, groups: u.groups }) };
      },
      // First-party client: consent is granted without asking (the login form is the only page).
      loadExistingGrant: async (ctx) => {
        const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (id) return ctx.oidc.provider.Grant.find(id);
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid profile email');
        await grant.save();
        return grant;
      },
    });
    handler = provider.callback();
  };
  build();

  const idp: Idp = {
    issuer,
    get kid() {
      return keys[0].kid;
    },
    async allow(weftUrl) {
      weftUrls = [...weftUrls, weftUrl];
      build();
    },
    async rotate() {
      keys = [await newKey(), keys[0]];
      build();
    },
    async sign(claims, o = {}) {
      const k = keys.find((x) => x.kid === (o.kid ?? keys[0].kid)) ?? keys[0];
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: CLIENT_ID, iat: now, exp: now + (o.expiresInSec ?? 600), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: k.kid, typ: 'JWT' })
        .sign(await importJWK(k.privateJwk, 'RS256'));
    },
    async idToken(user, weftUrl) {
      const verifier = randomBytes(32).toString('base64url');
      const auth = new URL(`${issuer}/auth`);
      const params = { response_type: 'code', client_id: CLIENT_ID, redirect_uri: `${weftUrl}/auth/callback`, scope: 'openid profile email', state: 's', nonce: 'n',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' };
      for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
      const back = new URL(await loginAs(new Jar(), auth.href, user, `${weftUrl}/auth/callback`));
      const code = back.searchParams.get('code');
      if (!code) throw new Error(`no code in ${back.href}`);
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${weftUrl}/auth/callback`, code_verifier: verifier }),
      });
      const body = (await res.json()) as { id_token?: string };
      if (!body.id_token) throw new Error(`no id_token: ${JSON.stringify(body)}`);
      return body.id_token;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return idp;
}

/** Cookies per origin, as a browser keeps them (names and values only: enough for these flows). */
export class Jar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).host)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    if (!this.byOrigin.has(host)) this.byOrigin.set(host, new Map());
    this.byOrigin.get(host)!.set(name, value);
  }

  take(url: string, res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (gone) this.byOrigin.get(new URL(url).host)?.delete(name);
      else this.set(url, name, value);
    }
  }

  /** A request with this jar's cookies (plus `headers`), redirects not followed; Set-Cookie kept. */
  async fetch(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = this.header(url);
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    this.take(url, res);
    return res;
  }
}

/**
 * Follows the provider's redirects from `startUrl`, filling in its login form as `user`, until a redirect
 * leaves for `stopAt` (returned, not followed).
 */
export async function loginAs(jar: Jar, startUrl: string, user: string, stopAt: string): Promise<string> {
  let url = startUrl;
  for (let hops = 0; hops < 15; hops++) {
    if (url.startsWith(stopAt)) return url;
    const res = await jar.fetch(url);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? 'login';
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login: user, password: 'any' } : { prompt });
    const posted = await jar.fetch(new URL(action.replace(/&amp;/g, '&'), url).href, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const next = posted.headers.get('location');
    if (!next) throw new Error(`the provider's form answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
    url = new URL(next, url).href;
  }
  throw new Error('too many redirects at the provider');
}
