/**
 * The outbound client against real local servers (127.0.0.x only). DNS answers are injected with
 * `resolve`, which is how the rebinding case is shown: the check is on the address connected to.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EGRESS_ERROR_CODES, EgressDenied } from './errors.js';
import { Outbound, type OutboundOptions } from './outbound.js';
import { functionEgress } from './outbound-function.js';

/** A self-signed certificate for `service.test` (EC P-256, valid until 2126), generated with openssl for this test. */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBnjCCAUSgAwIBAgIUbK7WMp7+TaPQZdd0xIVsH2W/bfkwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMc2VydmljZS50ZXN0MCAXDTI2MTIwNzE1MzgxN1oYDzIxMjYx
MTEzMTUzODE3WjAXMRUwEwYDVQQDDAxzZXJ2aWNlLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQpSkf8QDDK5tfp+jCR464QqPaRNFeitaQvuRmZGGOdGDLo
rgBi/LpKGs63TKBx9GJRGmYrlKX/UJvMj8NCNUGHo2wwajAdBgNVHQ4EFgQUHuwf
+czqJkFkLFRjqEc9TFJbzH8wHwYDVR0jBBgwFoAUHuwf+czqJkFkLFRjqEc9TFJb
zH8wDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxzZXJ2aWNlLnRlc3QwCgYI
KoZIzj0EAwIDSAAwRQIgHYlzKzJOTg1FRT1/KnZxCZtZ+z7wVMwN9hMRBVX/EPkC
IQD5vhNmNMt/v/E3vHVbBQD52L8rRAxvLy71eTFvDDu2FA==
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWsQZBQWO3EwnwR9M
yoK8mnNsC05IRELqC7gFNm8xxLWhRANCAAQpSkf8QDDK5tfp+jCR464QqPaRNFei
taQvuRmZGGOdGDLorgBi/LpKGs63TKBx9GJRGmYrlKX/UJvMj8NCNUGH
-----END PRIVATE KEY-----
`;

interface Local {
  server: Server;
  port: number;
  url: string;
  sockets: Socket[];
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
}

const opened: Server[] = [];
const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(opened.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

async function local(handler: (req: IncomingMessage, res: ServerResponse) => void, host = '127.0.0.1', port = 0): Promise<Local> {
  const l = { sockets: [] as Socket[], requests: [] as Local['requests'] } as Local;
  l.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      l.requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res);
    });
  });
  l.server.on('connection', (s) => l.sockets.push(s));
  await new Promise<void>((r) => l.server.listen(port, host, r));
  opened.push(l.server);
  l.port = (l.server.address() as AddressInfo).port;
  l.url = `http://${host}:${l.port}`;
  return l;
}

function client(o: Partial<OutboundOptions> = {}): Outbound {
  const c = new Outbound({ policy: { mode: 'restricted', allow: ['127.0.0.1'] }, ...o });
  clients.push(c);
  return c;
}

const answers = (...sequence: string[][]) => {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const list = sequence[Math.min(calls.length - 1, sequence.length - 1)];
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
};

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (err: { code?: string; message: string }) => err);

describe('outbound client: the policy on the connected address', () => {
  it('reaches an allowed address and refuses the others before connecting', async () => {
    const s = await local((_, res) => res.end('ok'));
    const r = await client().request({ method: 'GET', url: `${s.url}/x`, follow: false });
    expect([r.status, r.body.toString()]).toEqual([200, 'ok']);
    const strict = client({ policy: { mode: 'restricted', allow: [] } });
    const before = s.sockets.length;
    for (const url of [`${s.url}/`, `http://[::ffff:127.0.0.1]:${s.port}/`, `http://[::ffff:7f00:1]:${s.port}/`, `http://0x7f.0.0.1:${s.port}/`, `http://2130706433:${s.port}/`]) {
      const err = await failure(strict.request({ method: 'GET', url, follow: false }));
      expect([err.code, err.message], url).toEqual([EGRESS_ERROR_CODES.denied, expect.stringMatching(/loopback/)]);
    }
    expect(s.sockets.length - before).toBe(0);
  });

  it('checks a host name on what it resolves to, every address of it', async () => {
    const s = await local((_, res) => res.end('ok'));
    const strict = client({ policy: { mode: 'restricted', allow: [] }, resolve: answers(['8.8.8.8', '127.0.0.1']).resolve });
    const err = await failure(strict.request({ method: 'GET', url: `http://service.test:${s.port}/`, follow: false }));
    expect(err).toBeInstanceOf(EgressDenied);
    expect(err.message).toMatch(/service\.test \(127\.0\.0\.1\).*loopback/);
    const byName = client({ policy: { mode: 'restricted', allow: ['service.test'] }, resolve: answers(['127.0.0.1']).resolve });
    expect((await byName.request({ method: 'GET', url: `http://service.test:${s.port}/`, follow: false })).status).toBe(200);
    expect(s.requests[0].headers.host).toBe(`service.test:${s.port}`);
  });

  it('connects to the address it checked: a rebinding DNS answer never reaches the private server', async () => {
    // 127.0.0.1 stands for the public address (allowed), 127.0.0.2 for the private one (not allowed).
    const publicServer = await local((_, res) => res.end('public'));
    const privateServer = await local((_, res) => res.end('private'), '127.0.0.2', publicServer.port);
    const dns = answers(['127.0.0.1'], ['127.0.0.2']);
    const c = client({ resolve: dns.resolve });
    const url = `http://rebind.test:${publicServer.port}/`;
    expect((await c.request({ method: 'GET', url, follow: false })).body.toString()).toBe('public');
    // One resolution for one connection: there is no separate "check" lookup a second answer could slip past.
    expect(dns.calls).toEqual(['rebind.test']);
    // A new connection (the pooled one closed) resolves again, gets the private answer, and is refused.
    publicServer.server.closeAllConnections();
    await new Promise((r) => setTimeout(r, 20));
    const err = await failure(c.request({ method: 'GET', url, follow: false }));
    expect([err.code, err.message]).toEqual([EGRESS_ERROR_CODES.denied, expect.stringMatching(/rebind\.test \(127\.0\.0\.2\)/)]);
    expect(privateServer.sockets).toHaveLength(0);
  });

  it('verifies https certificates against the URL host while connecting to the checked address', async () => {
    const server = createHttpsServer({ cert: CERT, key: KEY }, (_, res) => res.end('tls'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    opened.push(server);
    const port = (server.address() as AddressInfo).port;
    const c = client({ resolve: answers(['127.0.0.1']).resolve, ca: [CERT] });
    expect((await c.request({ method: 'GET', url: `https://service.test:${port}/`, follow: false })).body.toString()).toBe('tls');
    // Same address, another name: the certificate does not match it, the connection is refused.
    const err = await failure(client({ resolve: answers(['127.0.0.1']).resolve, ca: [CERT] }).request({ method: 'GET', url: `https://other.test:${port}/`, follow: false }));
    expect([err.code, err.message]).toEqual([EGRESS_ERROR_CODES.failed, expect.stringMatching(/failed: TLS: .*(other\.test|altnames).*\(ERR_TLS_CERT_ALTNAME_INVALID\)$/i)]);
    // And the policy still applies before TLS: not allowed, not connected.
    const strict = client({ policy: { mode: 'restricted', allow: [] }, resolve: answers(['127.0.0.1']).resolve, ca: [CERT] });
    expect((await failure(strict.request({ method: 'GET', url: `https://service.test:${port}/`, follow: false }))).code).toBe(EGRESS_ERROR_CODES.denied);
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/', 'data:text/plain,x']) {
      expect((await failure(client().request({ method: 'GET', url, follow: false }))).code).toBe(EGRESS_ERROR_CODES.denied);
    }
  });
});

describe('outbound client: redirects', () => {
  it('re-checks every hop: a redirect to a private address is refused without connecting', async () => {
    const target = await local((_, res) => res.end('secret'), '127.0.0.2');
    const s = await local((req, res) => res.writeHead(302, { location: req.url === '/v6' ? `http://[::1]:${target.port}/` : `${target.url}/` }).end());
    for (const path of ['/v4', '/v6']) {
      const err = await failure(client().request({ method: 'GET', url: `${s.url}${path}`, follow: true }));
      expect([err.code, err.message], path).toEqual([EGRESS_ERROR_CODES.denied, expect.stringMatching(/loopback/)]);
    }
    expect(target.sockets).toHaveLength(0);
    // Not following, the 3xx is the answer.
    expect((await client().request({ method: 'GET', url: `${s.url}/v4`, follow: false })).status).toBe(302);
  });

  it('follows at most 5 redirects', async () => {
    const s = await local((req, res) => {
      const n = Number(req.url!.slice(1));
      if (n < 9) res.writeHead(307, { location: `/${n + 1}` }).end();
      else res.end('end');
    });
    expect((await client().request({ method: 'GET', url: `${s.url}/4`, follow: true })).body.toString()).toBe('end');
    expect((await failure(client().request({ method: 'GET', url: `${s.url}/0`, follow: true }))).code).toBe(EGRESS_ERROR_CODES.redirects);
  });

  it('applies fetch method rules and drops credentials on a cross-origin hop', async () => {
    const other = await local((_, res) => res.end('there'));
    const s = await local((req, res) => {
      if (req.url === '/303') res.writeHead(303, { location: '/here' }).end();
      else if (req.url === '/307') res.writeHead(307, { location: '/here' }).end();
      else if (req.url === '/away') res.writeHead(302, { location: `${other.url}/there` }).end();
      else res.end('here');
    });
    const headers = { authorization: 'Bearer k', cookie: 'a=b', 'content-type': 'application/json', 'x-keep': '1' };
    await client().request({ method: 'POST', url: `${s.url}/303`, headers, body: '{"a":1}', follow: true });
    await client().request({ method: 'POST', url: `${s.url}/307`, headers, body: '{"a":1}', follow: true });
    expect(s.requests.map((r) => [r.method, r.url, r.body, r.headers['content-type'] ?? null])).toEqual([
      ['POST', '/303', '{"a":1}', 'application/json'], ['GET', '/here', '', null],
      ['POST', '/307', '{"a":1}', 'application/json'], ['POST', '/here', '{"a":1}', 'application/json'],
    ]);
    expect(s.requests[1].headers.authorization).toBe('Bearer k'); // same origin keeps it
    await client().request({ method: 'GET', url: `${s.url}/away`, headers, follow: true });
    expect(other.requests[0].headers).toMatchObject({ 'x-keep': '1' });
    expect(other.requests[0].headers.authorization).toBeUndefined();
    expect(other.requests[0].headers.cookie).toBeUndefined();
  });

  it("checks a function's host list at every hop", async () => {
    const s = await local((_, res) => res.writeHead(302, { location: 'http://elsewhere.test/' }).end());
    const fn = functionEgress(['127.0.0.1']);
    clients.push(fn);
    expect(() => fn.check('http://evil.test/', ['127.0.0.1'])).toThrow(/not in the function's egress list/);
    const err = await failure(fn.fetch(`${s.url}/`, { allowedHosts: ['127.0.0.1'] }));
    expect([err.code, err.message]).toEqual([EGRESS_ERROR_CODES.denied, expect.stringMatching(/elsewhere\.test is not in the function's egress list/)]);
    // The operator's allow list still applies to functions: without it, 127.0.0.1 is refused.
    const closed = functionEgress([]);
    clients.push(closed);
    expect((await failure(closed.fetch(`${s.url}/`, { allowedHosts: ['127.0.0.1'] }))).code).toBe(EGRESS_ERROR_CODES.denied);
  });
});

describe('outbound client: body and time caps', () => {
  it('stops reading past the size cap and drops the connection', async () => {
    let sent = 0;
    let closed = false;
    const s = await local((_, res) => {
      // An endless body, produced only as fast as it is read.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!closed && res.write(chunk)) sent += chunk.length;
        if (!closed) res.once('drain', pump);
      };
      res.on('close', () => (closed = true));
      pump();
    });
    const err = await failure(client({ maxBodyBytes: 1024 * 1024 }).request({ method: 'GET', url: `${s.url}/`, follow: false }));
    expect([err.code, err.message]).toEqual([EGRESS_ERROR_CODES.tooLarge, expect.stringMatching(/1048576-byte limit/)]);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(8 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap at once, and caps decoded bytes (a gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const s = await local((req, res) => {
      if (req.url === '/declared') res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).write('x');
      else res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
    });
    const c = client({ maxBodyBytes: 1024 * 1024 });
    expect(await failure(c.request({ method: 'GET', url: `${s.url}/declared`, follow: false }))).toMatchObject({ code: EGRESS_ERROR_CODES.tooLarge, message: expect.stringMatching(/Content-Length/) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await failure(c.request({ method: 'GET', url: `${s.url}/bomb`, follow: false }))).code).toBe(EGRESS_ERROR_CODES.tooLarge);
    const small = gzipSync('{"ok":true}');
    const z = await local((_, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(small));
    expect((await c.request({ method: 'GET', url: `${z.url}/`, follow: false })).body.toString()).toBe('{"ok":true}');
  });

  it('bounds the whole request in time: no answer, or a body that trickles', async () => {
    const s = await local((req, res) => {
      if (req.url === '/silent') return;
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(t));
    });
    const c = client({ timeoutMs: 300 });
    for (const path of ['/silent', '/trickle']) {
      const t0 = Date.now();
      const err = await failure(c.request({ method: 'GET', url: `${s.url}${path}`, follow: false }));
      expect([err.code, err.message], path).toEqual([EGRESS_ERROR_CODES.timeout, expect.stringMatching(/300 ms/)]);
      expect(Date.now() - t0).toBeLessThan(2_000);
    }
    // A tighter per-request cap (a function's remaining time) wins.
    expect((await failure(client().request({ method: 'GET', url: `${s.url}/silent`, follow: false, timeoutMs: 100 }))).code).toBe(EGRESS_ERROR_CODES.timeout);
  });

  it('reports a corrupt encoding and a connection cut mid-body as coded failures', async () => {
    const s = await local((req, res) => {
      if (req.url === '/corrupt') res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
      else res.writeHead(200, { 'content-length': '1000' }).write('partial', () => res.destroy());
    });
    expect(await failure(client().request({ method: 'GET', url: `${s.url}/corrupt`, follow: false }))).toMatchObject({ code: EGRESS_ERROR_CODES.failed, message: expect.stringMatching(/header/) });
    expect((await failure(client().request({ method: 'GET', url: `${s.url}/cut`, follow: false }))).code).toBe(EGRESS_ERROR_CODES.failed);
  });

  it('reports a refused connection as a coded failure that says so in words', async () => {
    const s = await local((_, res) => res.end());
    const port = s.port;
    await new Promise((r) => s.server.close(r));
    const err = await failure(client().request({ method: 'GET', url: `http://127.0.0.1:${port}/x`, follow: false }));
    expect([err.code, err.message]).toEqual([EGRESS_ERROR_CODES.failed, `GET http://127.0.0.1:${port}/x failed: connection refused (ECONNREFUSED)`]);
  });
});

describe('outbound client: open mode', () => {
  it('reaches loopback and private addresses', async () => {
    const s = await local((_, res) => res.end('open'));
    const c = client({ policy: { mode: 'open', allow: [] } });
    expect((await c.request({ method: 'GET', url: `${s.url}/`, follow: false })).body.toString()).toBe('open');
  });
});
