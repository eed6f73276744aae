/**
 * Multi-node test helpers: `weft serve` processes (the built bin) on loopback against one PostgreSQL
 * schema, and a counting HTTP server that records every request's Idempotency-Key and time.
 * WEFT_TEST_NODE_LOGS=<dir> keeps each node's output in <dir>/node-<pid>.log (for a failure's post-mortem).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ADMIN = 'a-long-enough-admin-key-for-cluster-tests';
export const auth = { authorization: `Bearer ${ADMIN}` };

export interface Node {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no drain, no lease release. */
  kill(): Promise<void>;
  /** SIGTERM: graceful (finishes requests, releases leases). */
  stop(): Promise<void>;
}

export async function startNode(db: string, o: { roles?: string; leaseMs?: number } = {}): Promise<Node> {
  const args = ['bin/weft.js', 'serve', '--port', '0', '--db', db, ...(o.roles ? ['--roles', o.roles] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, WEFT_ADMIN_KEY: ADMIN, WEFT_LOG_LEVEL: 'warn', WEFT_EGRESS_ALLOW: '127.0.0.1', WEFT_LEASE_MS: String(o.leaseMs ?? 3_000), WEFT_RATE_LIMITS: 'read=1000000,write=1000000,run=1000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    if (process.env.WEFT_TEST_NODE_LOGS) {
      child.stdout!.on('data', (b: Buffer) => appendFileSync(`${process.env.WEFT_TEST_NODE_LOGS}/node-${child.pid}.log`, b));
      child.stderr!.on('data', (b: Buffer) => appendFileSync(`${process.env.WEFT_TEST_NODE_LOGS}/node-${child.pid}.log`, b));
    }
    child.once('exit', (code) => reject(new Error(`weft serve exited (${code}) before listening:\n${out}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function api(node: Node, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const yaml = typeof body === 'string';
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': yaml ? 'application/yaml' : 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: yaml ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export interface Hit {
  path: string;
  key: string;
  at: number;
}

/** Answers POST /a with {n: n + 1} and POST /b with {n: n * 10} after `delayMs`, recording every request. */
export async function countingServer(delayMs = 20): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', key: String(req.headers['idempotency-key'] ?? ''), at: Date.now() });
      const n = Number((JSON.parse(body || '{}') as { n?: number }).n);
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ n: req.url === '/a' ? n + 1 : n * 10 }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Polls until `f` returns a value (not undefined) or `ms` pass. */
export async function until<T>(f: () => Promise<T | undefined>, ms: number, step = 200): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, step));
  }
}

/** A workflow: POST /a, wait, POST /b — output {n: (n + 1) * 10}. */
export function waitAndCallWorkflow(counter: string, name = 'hops', waitMs = 1_000): string {
  return `document: { dsl: '1.0.0', namespace: cluster, name: ${name}, version: '1.0.0' }
do:
  - a:
      call: http
      with: { method: post, endpoint: '${counter}/a', body: { n: '\${ .n }' } }
  - pause:
      wait: { milliseconds: ${waitMs} }
  - b:
      call: http
      with: { method: post, endpoint: '${counter}/b', body: { n: '\${ .n }' } }
`;
}
