/**
 * Egress that cannot be tricked, against a real `weft serve` (and `weft dev`) process. Every target is a
 * local server on 127.0.0.1/127.0.0.2; the private and special addresses of the list are refused before
 * any connection, so no traffic leaves the loopback interface.
 */
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WeftProcess, register, spawnWeft, underAttack, workflowYaml } from './harness.js';

const HUGE = 400 * 1024 * 1024;
let sentHuge = 0;
let target: Server;
let privateTarget: Server;
const privateSockets: Socket[] = [];
let port: number;
let privatePort: number;
/** weft serve with the default policy, weft serve allowing 127.0.0.1, weft dev: started together. */
let strict: WeftProcess;
let allowing: WeftProcess;
let dev: WeftProcess;

/** The calling workflow: GET (following redirects) whatever URL the input names. */
const CALLER = workflowYaml('egress', 'call', `  - get:\n      call: http\n      with:\n        method: get\n        endpoint: \${ .url }\n        redirect: true\n`);

async function call(s: WeftProcess, url: string): Promise<{ status: string; error?: { type: string; code?: string; detail?: string }; output?: unknown }> {
  const r = await s.call('POST', '/api/v1/workflows/egress/call/runs', { body: { url }, headers: { prefer: 'wait=20' } });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url === '/ok') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"reached":true}');
    if (req.url === '/to-v4') return res.writeHead(302, { location: `http://127.0.0.2:${privatePort}/secret` }).end();
    if (req.url === '/to-v6') return res.writeHead(302, { location: `http://[::1]:${port}/ok` }).end();
    if (req.url === '/to-mapped') return res.writeHead(307, { location: `http://[::ffff:7f00:2]:${privatePort}/secret` }).end();
    if (req.url === '/silent') return; // never answers
    if (req.url === '/huge') {
      // 400 MB, produced only as fast as the client reads it.
      const chunk = Buffer.alloc(256 * 1024, 'a');
      let left = HUGE;
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          left -= chunk.length;
          sentHuge += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  port = (target.address() as AddressInfo).port;
  privateTarget = createServer((_, res) => res.end('secret'));
  privateTarget.on('connection', (s) => privateSockets.push(s));
  await new Promise<void>((r) => privateTarget.listen(0, '127.0.0.2', r));
  privatePort = (privateTarget.address() as AddressInfo).port;
  [strict, allowing, dev] = await Promise.all([
    spawnWeft({ mode: 'serve', env: { WEFT_EGRESS_ALLOW: undefined, WEFT_EGRESS: undefined } }),
    spawnWeft({ mode: 'serve', env: { WEFT_EGRESS_ALLOW: '127.0.0.1', WEFT_EGRESS_TIMEOUT_MS: '1500' } }),
    spawnWeft({ mode: 'dev', env: { WEFT_EGRESS: undefined } }),
  ]);
  await Promise.all([register(strict, CALLER), register(allowing, CALLER), register(dev, CALLER)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([strict?.stop(), allowing?.stop(), dev?.stop()]);
  for (const s of [target, privateTarget]) {
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
  }
});

describe('weft serve: egress restricted by default', () => {
  let s: WeftProcess;
  beforeAll(() => void (s = strict));

  it('says so at start', () => {
    expect(s.lines.join('\n')).toMatch(/egress is restricted.*WEFT_EGRESS_ALLOW \(allowed: nothing\)/);
  });

  it.each([
    [`http://127.0.0.1:PORT/ok`, /loopback/],
    [`http://localhost:PORT/ok`, /localhost \(.*\).*loopback/],
    [`http://[::1]:PORT/ok`, /loopback \(::1\)/],
    [`http://[::ffff:127.0.0.1]:PORT/ok`, /IPv4-mapped 127\.0\.0\.1/],
    [`http://[0:0:0:0:0:ffff:7f00:1]:PORT/ok`, /IPv4-mapped 127\.0\.0\.1/],
    [`http://[64:ff9b::7f00:1]:PORT/ok`, /NAT64 127\.0\.0\.1/],
    [`http://[::127.0.0.1]:PORT/ok`, /IPv4-compatible/],
    [`http://0x7f000001:PORT/ok`, /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://10.20.30.40/', /private \(10\.0\.0\.0\/8\)/],
    ['http://[fd00::1]/', /unique-local/],
  ])('call: http to %s faults with WEFT_ERR_EGRESS_DENIED', async (url, why) => {
    const run = await underAttack(s, () => call(s, url.replace('PORT', String(port))));
    expect(run.status).toBe('faulted');
    expect(run.error).toMatchObject({ type: expect.stringMatching(/communication$/), code: 'WEFT_ERR_EGRESS_DENIED', detail: expect.stringMatching(why) });
  });
});

describe('weft serve with WEFT_EGRESS_ALLOW=127.0.0.1', () => {
  let s: WeftProcess;
  beforeAll(async () => {
    s = allowing;
    const fn = await s.call('PUT', '/api/v1/functions/fetcher', {
      body: { manifest: { version: '1.0.0', egress: ['127.0.0.1'], timeoutMs: 20_000 }, source: 'export default async (input, ctx) => (await ctx.fetch(input.url)).body.length;' },
    });
    expect([200, 201], fn.text).toContain(fn.status);
  }, 60_000);

  it('reaches the allowed address', async () => {
    expect(await call(s, `http://127.0.0.1:${port}/ok`)).toMatchObject({ status: 'completed', output: { reached: true } });
  });

  it.each(['/to-v4', '/to-v6', '/to-mapped'])('re-checks a redirect from the allowed server (%s) and refuses it before connecting', async (path) => {
    const run = await underAttack(s, () => call(s, `http://127.0.0.1:${port}${path}`));
    expect(run.error).toMatchObject({ code: 'WEFT_ERR_EGRESS_DENIED', detail: expect.stringMatching(/loopback/) });
    expect(privateSockets).toHaveLength(0);
  });

  it('stops a 400 MB response to call: http at the size cap; the server stays small and responsive', async () => {
    const pid = s.child.pid!;
    const before = rssMb(pid);
    sentHuge = 0;
    const run = await underAttack(s, () => call(s, `http://127.0.0.1:${port}/huge`));
    expect(run.error).toMatchObject({ type: expect.stringMatching(/communication$/), code: 'WEFT_ERR_EGRESS_TOO_LARGE', detail: expect.stringMatching(/10485760-byte limit/) });
    expect(sentHuge).toBeLessThan(64 * 1024 * 1024);
    expect(rssMb(pid) - before).toBeLessThan(200);
  });

  it("stops a 400 MB response to a function's ctx.fetch the same way", async () => {
    const pid = s.child.pid!;
    const before = rssMb(pid);
    sentHuge = 0;
    const r = await underAttack(s, () => s.call('POST', '/api/v1/functions/fetcher/invoke', { body: { url: `http://127.0.0.1:${port}/huge` } }));
    expect(r.body, r.text).toMatchObject({ code: 'WEFT_ERR_FN_EGRESS', detail: expect.stringMatching(/WEFT_ERR_EGRESS_TOO_LARGE/) });
    expect(sentHuge).toBeLessThan(64 * 1024 * 1024);
    expect(rssMb(pid) - before).toBeLessThan(200);
    // Functions are held to their manifest's host list and the operator's list alike.
    const off = await s.call('POST', '/api/v1/functions/fetcher/invoke', { body: { url: `http://127.0.0.2:${privatePort}/secret` } });
    expect(off.body, off.text).toMatchObject({ code: 'WEFT_ERR_FN_EGRESS', detail: expect.stringMatching(/not in the function's egress list/) });
    expect(privateSockets).toHaveLength(0);
  });

  it('bounds a request that never answers by WEFT_EGRESS_TIMEOUT_MS', async () => {
    const t0 = Date.now();
    const run = await underAttack(s, () => call(s, `http://127.0.0.1:${port}/silent`));
    expect(run.error).toMatchObject({ code: 'WEFT_ERR_EGRESS_TIMEOUT', detail: expect.stringMatching(/1500 ms/) });
    expect(Date.now() - t0).toBeLessThan(8_000);
  });
});

describe('weft dev: egress open, and said at start', () => {
  let s: WeftProcess;
  beforeAll(() => void (s = dev));

  it('calls a local server', async () => {
    expect(s.lines.join('\n')).toMatch(/egress is open \(weft dev\).*weft serve restricts it/);
    expect(await call(s, `http://127.0.0.1:${port}/ok`)).toMatchObject({ status: 'completed', output: { reached: true } });
  });
});
