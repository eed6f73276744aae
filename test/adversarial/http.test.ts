/**
 * HTTP hygiene (issue 13): what reaches the server below the API — the Host header, the headers of every
 * answer, failed authentications, requests Node's HTTP parser refuses, slow clients, loose query
 * parameters. Raw sockets (node:net) send what fetch refuses to; node:http sets a Host fetch would not.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type WeftProcess, ADMIN_KEY, expectProblem4xx, register, spawnWeft, underAttack, workflowYaml } from './harness.js';

interface SendOptions {
  method?: string;
  body?: string;
  key?: string;
  /** The Host header (fetch sets its own); default the server's address. */
  host?: string;
  /** The client's address: another 127.x address is another client to the server. */
  from?: string;
  /** The Origin header a browser would send. */
  origin?: string;
}

/** One request through node:http, which sends the Host header and source address it is given. */
function send(server: WeftProcess, path: string, o: SendOptions = {}): Promise<Answer> {
  const { port, host } = new URL(server.url);
  return new Promise((ok, fail) => {
    const headers: Record<string, string> = { host: o.host ?? host, ...(o.key ? { authorization: `Bearer ${o.key}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.origin ? { origin: o.origin } : {}) };
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers, ...(o.from ? { localAddress: o.from } : {}) }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        ok({ status: res.statusCode ?? 0, headers: h, text, body: /json/.test(res.headers['content-type'] ?? '') && text ? JSON.parse(text) : text });
      });
    });
    req.on('error', fail);
    req.end(o.body);
  });
}

interface RawAnswer {
  /** Everything the server wrote before closing (or before its answer was complete). */
  text: string;
  /** The server closed the connection. */
  closed: boolean;
  /** A whole answer (head and Content-Length body) arrived. */
  answered: boolean;
  ms: number;
}

function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, end))?.[1];
  return end >= 0 && length !== undefined && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length);
}

/**
 * Writes `chunks` to a raw connection (`everyMs` apart when given) and collects what comes back until
 * the server closes the connection or `waitMs` pass.
 */
function raw(server: WeftProcess, chunks: string[], o: { everyMs?: number; waitMs?: number } = {}): Promise<RawAnswer> {
  const { port } = new URL(server.url);
  const t0 = Date.now();
  return new Promise((ok) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const give = (closed: boolean) => {
      clearTimeout(deadline);
      clearInterval(timer);
      socket.destroy();
      ok({ text, closed, answered: complete(text), ms: Date.now() - t0 });
    };
    const deadline = setTimeout(() => give(false), o.waitMs ?? 5_000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      // Answered and kept alive (a well-framed request refused by the API): nothing more will come.
      if (complete(text) && !/\r\nconnection: close/i.test(text)) give(false);
    });
    socket.on('close', () => give(true));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      if (!o.everyMs) return void socket.write(chunks.join(''));
      let i = 0;
      timer = setInterval(() => (i < chunks.length && !socket.destroyed ? socket.write(chunks[i++]) : clearInterval(timer)), o.everyMs);
    });
  });
}

/** The status and problem of a raw answer, asserting it is a problem+json answer. */
function rawProblem(a: RawAnswer): { status: number; body: Record<string, unknown> } {
  const [head, ...rest] = a.text.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
  expect(head, a.text).toMatch(/\r\ncontent-type: application\/problem\+json/i);
  expect(head, a.text).toMatch(/\r\nx-content-type-options: nosniff/i);
  const body = JSON.parse(rest.join('\r\n\r\n')) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code: expect.stringMatching(/^WEFT_ERR_/), type: expect.any(String), title: expect.any(String) });
  return { status, body };
}

function expectSecurityHeaders(r: Answer, page: boolean): void {
  const csp = r.headers.get('content-security-policy') ?? '';
  expect(csp, `CSP of ${r.status}`).toMatch(/frame-ancestors 'none'/);
  expect(csp).toMatch(page ? /script-src 'self'(;|$)/ : /default-src 'none'/);
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  expect(r.headers.get('x-frame-options')).toBe('DENY');
  expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
}

describe('HTTP hygiene: weft dev', () => {
  let dev: WeftProcess;
  beforeAll(async () => {
    dev = await spawnWeft({ mode: 'dev' });
  }, 30_000);
  afterAll(() => dev?.stop());

  it('refuses a DNS-rebinding Host (421 problem) before reading the body; loopback names and probes pass', async () => {
    const { port } = new URL(dev.url);
    const rebound = await send(dev, '/api/v1/keys', { host: `rebind.attacker.example:${port}`, method: 'POST', body: '{"name":"x","scopes":[{"namespace":"*","role":"admin"}]}' });
    expectProblem4xx(rebound, 'WEFT_ERR_HTTP_HOST');
    expect(rebound.status).toBe(421);
    expectProblem4xx(await send(dev, '/', { host: `rebind.attacker.example:${port}` }), 'WEFT_ERR_HTTP_HOST');
    // 0.0.0.0 reaches a loopback server from some browsers: not a name dev answers to either.
    expectProblem4xx(await send(dev, '/api/v1/workflows', { host: `0.0.0.0:${port}` }), 'WEFT_ERR_HTTP_HOST');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await send(dev, '/api/v1/workflows', { host })).status, host).toBe(200);
    }
    expect((await send(dev, '/healthz', { host: 'probe.anything.example' })).status).toBe(200);
  });

  it("refuses a cross-site page's body-less POST (a request browsers send without asking) and lets the studio's own through", async () => {
    await register(dev, workflowYaml('csrf', 'target', '  - a: { set: { ok: true } }\n'));
    const forged = await send(dev, '/api/v1/workflows/csrf/target/runs', { method: 'POST', origin: 'https://attacker.example' });
    expectProblem4xx(forged, 'WEFT_ERR_HTTP_ORIGIN');
    expectProblem4xx(await send(dev, '/api/v1/workflows/csrf/target/runs', { method: 'POST', origin: 'null' }), 'WEFT_ERR_HTTP_ORIGIN');
    expect((await dev.call('GET', '/api/v1/runs?workflow=csrf/target')).body.items).toEqual([]);
    const own = await send(dev, '/api/v1/workflows/csrf/target/runs', { method: 'POST', origin: dev.url });
    expect(own.status, own.text).toBe(202);
  });

  it('sends the security headers on the API, problems, the studio and /api/docs', async () => {
    expectSecurityHeaders(await dev.call('GET', '/api/v1/workflows'), false);
    const missing = await dev.call('GET', '/api/v1/nope');
    expectProblem4xx(missing, 'WEFT_ERR_API_ROUTE');
    expectSecurityHeaders(missing, false);
    const badUrl = await dev.call('GET', '/api/v1/runs/%E0%A4%A');
    expectProblem4xx(badUrl);
    expectSecurityHeaders(badUrl, false);
    const studio = await dev.call('GET', '/');
    expect(studio.headers.get('content-type')).toMatch(/^text\/html/);
    expectSecurityHeaders(studio, true);
    const docs = await dev.call('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expectSecurityHeaders(docs, true);
  });
});

describe('HTTP hygiene: weft serve', () => {
  let serve: WeftProcess;
  beforeAll(async () => {
    serve = await spawnWeft({
      mode: 'serve',
      env: { WEFT_ALLOWED_HOSTS: 'weft.example.com', WEFT_AUTH_FAILURE_LIMIT: '20', WEFT_HTTP_HEADERS_TIMEOUT_MS: '1000', WEFT_HTTP_REQUEST_TIMEOUT_MS: '2000' },
    });
  }, 30_000);
  afterAll(() => serve?.stop());

  it('answers the configured names and IP addresses, refuses other names, and lets probes in with any Host', async () => {
    expect((await send(serve, '/api/v1/workflows', { host: 'weft.example.com', key: ADMIN_KEY })).status).toBe(200);
    expect((await send(serve, '/api/v1/workflows', { host: '10.1.2.3:8787', key: ADMIN_KEY })).status).toBe(200);
    const other = await send(serve, '/api/v1/workflows', { host: 'evil.example', key: ADMIN_KEY });
    expectProblem4xx(other, 'WEFT_ERR_HTTP_HOST');
    expectSecurityHeaders(other, false);
    expect((await send(serve, '/readyz', { host: 'evil.example' })).status).toBe(200);
  });

  it('throttles failed authentications per client before the lookup, while keys in use keep working', async () => {
    const created = await serve.call('POST', '/api/v1/keys', { body: { name: 'ci', scopes: [{ namespace: '*', role: 'viewer' }] } });
    expect(created.status).toBe(201);
    const viewer = created.body.secret as string;
    // The attacker is 127.0.0.7; its neighbour (same address) uses the viewer key, other clients the admin key.
    const attacker = '127.0.0.7';
    expect((await send(serve, '/api/v1/workflows', { key: viewer, from: attacker })).status).toBe(200);
    const statuses = await underAttack(serve, async () => {
      const out: number[] = [];
      for (let i = 0; i < 50; i++) {
        const r = await send(serve, '/api/v1/workflows', { key: `wk_0123456789ab_${String(i).padStart(43, 'x')}`, from: attacker });
        if (r.status === 429) {
          expectProblem4xx(r, 'WEFT_ERR_API_AUTH_THROTTLED');
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        }
        out.push(r.status);
      }
      return out;
    });
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(30).fill(429));
    // Keys in use still authenticate from the throttled address; other clients are not throttled at all.
    expect((await send(serve, '/api/v1/workflows', { key: viewer, from: attacker })).status).toBe(200);
    expect((await send(serve, '/api/v1/workflows', { key: ADMIN_KEY, from: attacker })).status).toBe(200);
    expect((await send(serve, '/api/v1/workflows', { key: 'wk_0123456789ab_wrong', from: '127.0.0.8' })).status).toBe(401);
    const metrics = await serve.call('GET', '/metrics');
    expect(Number(/weft_rate_limited_total\{group="auth"\} (\d+)/.exec(metrics.text)?.[1])).toBeGreaterThanOrEqual(30);
  });

  it('answers what the HTTP parser refuses with problem+json and closes — never a hang', async () => {
    const authorized = `Host: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_KEY}\r\n`;
    const cases: [string, string, number][] = [
      ['a 40 KB header', `GET /api/v1/workflows HTTP/1.1\r\n${authorized}X-Big: ${'a'.repeat(40_000)}\r\n\r\n`, 431],
      ['200 header lines', `GET /api/v1/workflows HTTP/1.1\r\n${authorized}${Array.from({ length: 200 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`, 431],
      ['Content-Length with Transfer-Encoding', `POST /api/v1/events HTTP/1.1\r\n${authorized}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
      ['a bad chunk size', `POST /api/v1/events HTTP/1.1\r\n${authorized}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 400],
      ['a garbage request line', 'HELLO THERE\r\n\r\n', 400],
      ['a control character in the target', `GET /\u0001 HTTP/1.1\r\n${authorized}\r\n`, 400],
      ['HTTP/1.1 without Host', 'GET /api/v1/workflows HTTP/1.1\r\n\r\n', 400],
    ];
    await underAttack(serve, async () => {
      for (const [name, text, status] of cases) {
        const a = await raw(serve, [text]);
        expect(a.closed || a.answered, `${name}: neither answered nor closed`).toBe(true);
        const p = rawProblem(a);
        expect(p.status, name).toBe(status);
      }
    });
  });

  it('answers a 9 KB Authorization header with a 401 problem', async () => {
    const long = `Bearer wk_${'a'.repeat(9 * 1024)}`;
    const a = await raw(serve, [`GET /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${long}\r\nConnection: close\r\n\r\n`]);
    expect(rawProblem(a)).toMatchObject({ status: 401, body: { code: 'WEFT_ERR_AUTH_MALFORMED' } });
    const r = await serve.call('GET', '/api/v1/workflows', { key: 'b'.repeat(9 * 1024) });
    expectProblem4xx(r, 'WEFT_ERR_AUTH_MALFORMED');
  });

  it('closes a slowloris connection (headers at 5 bytes/s) at the headers deadline, and a trickled body at the request deadline', async () => {
    const head = `GET /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(200)}`;
    const slowHeaders = raw(serve, head.match(/.{1}/gs)!, { everyMs: 200, waitMs: 6_000 });
    const body = '{"specversion":"1.0","id":"1","source":"s","type":"t"}';
    const slowBody = raw(serve, [`POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, ...body.match(/.{1}/gs)!], { everyMs: 200, waitMs: 8_000 });
    const [h, b] = await underAttack(serve, () => Promise.all([slowHeaders, slowBody]));
    expect(h.closed, 'the slow headers connection is still open').toBe(true);
    expect(h.ms).toBeLessThan(3_500);
    expect(rawProblem(h)).toMatchObject({ status: 408, body: { code: 'WEFT_ERR_HTTP_TIMEOUT' } });
    expect(b.closed, 'the slow body connection is still open').toBe(true);
    expect(b.ms).toBeLessThan(4_500);
    expect(rawProblem(b)).toMatchObject({ status: 408, body: { code: 'WEFT_ERR_HTTP_TIMEOUT' } });
  });

  it('refuses negative, loose, empty and out-of-range query parameters with a 400 problem and a pointer', async () => {
    const cases: [string, string][] = [
      ['/api/v1/runs?to=-1', '/to'],
      ['/api/v1/runs?from=-1', '/from'],
      ['/api/v1/runs?to=March%207', '/to'],
      ['/api/v1/runs?to=99999999999999999', '/to'],
      ['/api/v1/runs?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z', '/to'],
      ['/api/v1/runs?limit=-5', '/limit'],
      ['/api/v1/runs?limit=abc', '/limit'],
      ['/api/v1/runs?limit=100000', '/limit'],
      ['/api/v1/runs?cursor=', '/cursor'],
      ['/api/v1/runs?cursor=not%20a%20cursor', '/cursor'],
      ['/api/v1/runs?status=', '/status'],
      ['/api/v1/audit?before=1e300', '/before'],
      ['/api/v1/audit?limit=-1', '/limit'],
    ];
    for (const [path, pointer] of cases) {
      const r = await serve.call('GET', path);
      expectProblem4xx(r, 'WEFT_ERR_API_INVALID');
      expect(r.status, path).toBe(400);
      expect(r.body.pointer, path).toBe(pointer);
    }
    expect((await serve.call('GET', '/api/v1/runs?from=0&to=2024-05-01T00:00:00Z&limit=5')).status).toBe(200);
  });
});
