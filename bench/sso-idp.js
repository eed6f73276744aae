// A real OpenID Connect provider for the single sign-on benchmark (oidc-provider on 127.0.0.1): one client,
// one user in the group the benchmark maps to admin, and a driver for its development login form. The
// tests' fuller twin is test/support/oidc-idp.ts.
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

export const CLIENT = { id: 'weft', secret: 'weft-bench-client-secret-0123456789' };

export async function startIdp() {
  let handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  return {
    issuer,
    allow(weftUrl) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [`${weftUrl}/auth/callback`] }],
        jwks: { keys: [jwk] },
        pkce: { required: () => true },
        claims: { openid: ['sub', 'groups'] },
        conformIdTokenClaims: false,
        cookies: { keys: ['bench-idp-cookie-key'] },
        findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, groups: ['weft-admins'] }) }),
        loadExistingGrant: async (ctx) => {
          const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
          if (id) return ctx.oidc.provider.Grant.find(id);
          const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
          grant.addOIDCScope('openid profile email');
          await grant.save();
          return grant;
        },
      });
      handler = provider.callback();
    },
    async sign(claims) {
      const t = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: CLIENT.id, iat: t, exp: t + 3600, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'bench' }).sign(await importJWK(jwk, 'RS256'));
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A browser's cookie jar, reduced to what these redirects need. */
export function jar() {
  const byHost = new Map();
  const take = (url, res) => {
    const host = new URL(url).host;
    if (!byHost.has(host)) byHost.set(host, new Map());
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) byHost.get(host).delete(pair.slice(0, eq).trim());
      else byHost.get(host).set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const header = (url) => [...(byHost.get(new URL(url).host) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    header,
    async fetch(url, init = {}) {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: header(url) } });
      take(url, res);
      return res;
    },
  };
}

/** /auth/login → the provider's form (as `user`) → /auth/callback: the jar then holds the session. */
export async function browserLogin(weftUrl, user) {
  const j = jar();
  let url = `${weftUrl}/auth/login`;
  for (let hops = 0; hops < 15; hops++) {
    const res = await j.fetch(url);
    if (url.startsWith(`${weftUrl}/auth/callback`)) {
      if (res.status !== 302) throw new Error(`callback answered ${res.status}: ${await res.text()}`);
      return j;
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url} (${res.status})`);
    const posted = await j.fetch(new URL(action, url).href, { method: 'POST', body: new URLSearchParams({ prompt: 'login', login: user, password: 'x' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    url = new URL(posted.headers.get('location'), url).href;
  }
  throw new Error('too many redirects');
}
