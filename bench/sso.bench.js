// Single sign-on (issue 16): how long a browser login takes end to end, and what a provider JWT as bearer
// token costs per request compared with an API key. A real oidc-provider and `weft serve` run in this
// process on 127.0.0.1 (SQLite). The login is /auth/login → the provider's authorization endpoint and
// login form → /auth/callback (code exchange with PKCE, ID token verified against the JWKS, session sealed)
// → GET /api/v1/me with the cookie. The bearer figure is the median over rounds of the per-round
// difference between GET /api/v1/me with a JWT and with an API key (both cached where they can be: jose
// keeps the JWKS, the API key cache keeps verified keys; Oidc remembers a verified JWT for a minute),
// measured back to back in alternating order; and the same with a token never seen before on every
// request (the full signature check).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startServer } from '../dist/cli/server-command.js';
import { median, now, round1 } from './functions-common.js';
import { CLIENT, browserLogin, startIdp } from './sso-idp.js';

const LOGINS = 40;
const ROUNDS = 9;
const REQUESTS = 1_000;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnop';

/** Per request, µs; `token` is one credential for every request, or a list with one per request (no cache hit). */
async function perRequestMicros(url, token) {
  const t0 = now();
  for (let i = 0; i < REQUESTS; i++) {
    const res = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${Array.isArray(token) ? token[i] : token}` } });
    if (res.status !== 200) throw new Error(`GET /api/v1/me: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  return Number(now() - t0) / 1e3 / REQUESTS;
}

export async function run() {
  const dir = mkdtempSync(join(os.tmpdir(), 'weft-bench-sso-'));
  const idp = await startIdp();
  const env = {
    WEFT_LOG_LEVEL: 'silent', WEFT_ADMIN_KEY: ADMIN_KEY, WEFT_OIDC_ISSUER: idp.issuer, WEFT_OIDC_CLIENT_ID: CLIENT.id, WEFT_OIDC_CLIENT_SECRET: CLIENT.secret,
    WEFT_OIDC_ROLES: 'groups:weft-admins=*:admin', WEFT_SESSION_SECRET: 'bench-session-secret-0123456789abcdef', WEFT_RATE_LIMITS: 'read=10000000',
  };
  const quiet = { out: () => {}, err: () => {} };
  const server = await startServer({ mode: 'serve', port: 0, db: join(dir, 'bench.db'), env, watch: false }, quiet);
  try {
    idp.allow(server.url);
    const logins = [];
    for (let i = 0; i < LOGINS + 5; i++) {
      const t0 = now();
      const j = await browserLogin(server.url, `user${i}`);
      const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: j.header(server.url) } });
      if (me.status !== 200) throw new Error(`/api/v1/me after login: ${me.status}`);
      await me.arrayBuffer();
      if (i >= 5) logins.push(Number(now() - t0) / 1e6); // the first five warm discovery, JWKS and the JIT
    }
    const jwt = await idp.sign({ sub: 'bench', groups: ['weft-admins'] });
    await perRequestMicros(server.url, jwt);
    await perRequestMicros(server.url, ADMIN_KEY);
    const withKey = [];
    const withJwt = [];
    const diffs = [];
    for (let r = 0; r < ROUNDS; r++) {
      const jwtFirst = r % 2 === 1;
      const a = await perRequestMicros(server.url, jwtFirst ? jwt : ADMIN_KEY);
      const b = await perRequestMicros(server.url, jwtFirst ? ADMIN_KEY : jwt);
      const [k, j] = jwtFirst ? [b, a] : [a, b];
      withKey.push(k);
      withJwt.push(j);
      diffs.push(j - k);
    }
    // Every request a token never seen: the full check (signature against the cached JWKS, claims).
    const fresh = [];
    for (let r = 0; r < 3; r++) {
      const tokens = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => idp.sign({ sub: `fresh-${r}-${i}`, groups: ['weft-admins'] })));
      const k = await perRequestMicros(server.url, ADMIN_KEY);
      fresh.push((await perRequestMicros(server.url, tokens)) - k);
    }
    const added = median(diffs);
    const results = {
      loginMsMedian: round1(median(logins)),
      requestMicrosWithApiKey: round1(median(withKey)),
      requestMicrosWithJwt: round1(median(withJwt)),
      jwtAddsMicros: round1(added),
      newJwtAddsMicros: round1(median(fresh)),
      logins: LOGINS,
      rounds: ROUNDS,
      requestsPerRound: REQUESTS,
    };
    return {
      results,
      targets: {
        loginMsMedian: { target: '< 250', actual: results.loginMsMedian, pass: results.loginMsMedian < 250 },
        jwtAddsMicros: { target: '< 500', actual: results.jwtAddsMicros, pass: added < 500 },
      },
    };
  } finally {
    await server.stop();
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
