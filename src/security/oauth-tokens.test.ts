import { describe, expect, it } from 'vitest';
import type { OAuth2Grant } from '../contracts/index.js';
import { OAuthTokens } from './oauth-tokens.js';

/** What the token client sends (the real authorization server is in test/oauth2-auth.test.ts). */
function recorder(answer: (n: number) => { status: number; body: unknown }) {
  const sent: { url: string; headers: Record<string, string>; body?: string }[] = [];
  const outbound = {
    request: async (req: { url: string; headers?: Record<string, string>; body?: string }) => {
      sent.push({ url: req.url, headers: req.headers ?? {}, ...(req.body !== undefined ? { body: req.body } : {}) });
      const a = answer(sent.length);
      return { status: a.status, headers: {}, body: Buffer.from(JSON.stringify(a.body)), url: req.url };
    },
  };
  return { sent, outbound };
}

const base: OAuth2Grant = { kind: 'oauth2', authority: 'https://idp.example.com/realms/shop/', grant: 'client_credentials', client: { id: 'robot', secret: 's3cret', authentication: 'client_secret_basic' }, encoding: 'application/x-www-form-urlencoded' };

describe('OAuthTokens', () => {
  it('asks the token endpoint under the authority with Basic client authentication, and caches the token until shortly before it expires', async () => {
    let now = 0;
    const { sent, outbound } = recorder((n) => ({ status: 200, body: { access_token: `t${n}`, expires_in: 60 } }));
    const tokens = new OAuthTokens(outbound, () => now);
    const [a, b] = await Promise.all([tokens.token({ ...base, scopes: ['a', 'b'] }), tokens.token({ ...base, scopes: ['a', 'b'] })]);
    expect([a, b]).toEqual(['t1', 't1']);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      url: 'https://idp.example.com/realms/shop/oauth2/token',
      headers: { accept: 'application/json', authorization: `Basic ${Buffer.from('robot:s3cret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=a+b',
    });
    now = 29_000;
    expect(await tokens.token({ ...base, scopes: ['a', 'b'] })).toBe('t1');
    now = 31_000; // within 30 s of expiry: renewed
    expect(await tokens.token({ ...base, scopes: ['a', 'b'] })).toBe('t2');
    tokens.forget({ ...base, scopes: ['a', 'b'] });
    expect(await tokens.token({ ...base, scopes: ['a', 'b'] })).toBe('t3');
  });

  it('sends the password grant with client_secret_post as JSON when asked, to an endpoint path of its own', async () => {
    const { sent, outbound } = recorder(() => ({ status: 200, body: { access_token: 'pw-token' } }));
    const g: OAuth2Grant = { ...base, tokenPath: 'protocol/token', grant: 'password', username: 'svc', password: 'pw', client: { id: 'robot', secret: 's3cret', authentication: 'client_secret_post' }, encoding: 'application/json', audiences: ['api'] };
    expect(await new OAuthTokens(outbound).token(g)).toBe('pw-token');
    expect(sent[0]!.url).toBe('https://idp.example.com/realms/shop/protocol/token');
    expect(sent[0]!.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent[0]!.body!)).toEqual({ grant_type: 'password', audience: 'api', username: 'svc', password: 'pw', client_id: 'robot', client_secret: 's3cret' });
  });

  it('finds the token endpoint of an oidc authority by discovery; a refusal is an authentication fault, not cached', async () => {
    const { sent, outbound } = recorder((n) =>
      n === 1 ? { status: 200, body: { token_endpoint: 'https://idp.example.com/tok' } } : n === 2 ? { status: 400, body: { error: 'invalid_scope' } } : { status: 200, body: { access_token: 'ok' } },
    );
    const tokens = new OAuthTokens(outbound);
    const g: OAuth2Grant = { ...base, kind: 'oidc', authority: 'https://idp.example.com' };
    await expect(tokens.token(g)).rejects.toMatchObject({ problem: { type: expect.stringMatching(/authentication$/), status: 401, detail: 'oidc token request to https://idp.example.com answered 400: invalid_scope' } });
    expect(await tokens.token(g)).toBe('ok');
    expect(sent.map((r) => r.url)).toEqual(['https://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/tok', 'https://idp.example.com/tok']);
  });
});
