/**
 * Shared helpers of the gateway suite: a real listening server (`startServer`, as `weft dev` / `weft serve`
 * run it) over a temporary SQLite file, a fetch that parses answers, and one-liners to deploy functions and
 * register workflows through the HTTP API itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type RunningServer, startServer } from '../../src/cli/server-command.js';

/** The WEFT_ADMIN_KEY of serve-mode test servers. */
export const ADMIN_KEY = 'test-admin-key-0123456789abcdefghijklmnop';

/** A WEFT_MASTER_KEY for servers that use the secret vault (32 bytes, base64). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON (or problem+json), else the text. */
  body: T;
  text: string;
}

export interface CallOptions {
  /** A JS value (sent as JSON), or a string / Buffer sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The API key to send as a Bearer token; `null` sends none. Default: the server's admin key (serve mode). */
  key?: string | null;
  signal?: AbortSignal;
}

/**
 * A `call` against the server at `url`: sends `defaultKey` unless told otherwise, JSON bodies as JSON,
 * and answers with the body parsed when it is JSON (the text when it does not parse).
 */
export function caller(url: string, defaultKey: string | null): <T = any>(method: string, path: string, o?: CallOptions) => Promise<Answer<T>> {
  return async <T>(method: string, path: string, c: CallOptions = {}): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...c.headers };
    const key = c.key === undefined ? defaultKey : c.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | Buffer | undefined;
    if (typeof c.body === 'string' || Buffer.isBuffer(c.body)) body = c.body;
    else if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...(c.signal ? { signal: c.signal } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, text, body: parsed as T };
  };
}

export interface TestServer {
  url: string;
  server: RunningServer;
  /** What the server wrote to stderr through its Io. */
  lines: string[];
  call<T = any>(method: string, path: string, o?: CallOptions): Promise<Answer<T>>;
  get<T = any>(path: string, o?: CallOptions): Promise<Answer<T>>;
  stop(): Promise<void>;
}

export interface StartOptions {
  mode?: 'dev' | 'serve';
  /** Environment of the server; serve mode gets WEFT_ADMIN_KEY = ADMIN_KEY unless `env` sets it (or sets it to undefined). */
  env?: Record<string, string | undefined>;
}

export function tempDb(): { db: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'weft-gateway-'));
  return { db: join(dir, 'weft.db'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestServer(o: StartOptions = {}): Promise<TestServer> {
  const mode = o.mode ?? 'dev';
  const env: Record<string, string | undefined> = { WEFT_LOG_LEVEL: 'silent', ...(mode === 'serve' ? { WEFT_ADMIN_KEY: ADMIN_KEY } : {}), ...o.env };
  const { db, dispose } = tempDb();
  const lines: string[] = [];
  let server: RunningServer;
  try {
    server = await startServer({ mode, port: 0, db, env, watch: false }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  } catch (err) {
    dispose();
    throw err;
  }
  const defaultKey = mode === 'serve' ? (env.WEFT_ADMIN_KEY ?? null) : null;
  const call = caller(server.url, defaultKey);
  return {
    url: server.url,
    server,
    lines,
    call,
    get: (path, c) => call('GET', path, c),
    async stop() {
      await server.stop();
      dispose();
    },
  };
}

/** A DSL document (YAML) for namespace/name@version with the given `do:` list (YAML flow or block text). */
export function workflowYaml(namespace: string, name: string, tasks: string, version = '1.0.0', extra = ''): string {
  return `document: { dsl: '1.0.0', namespace: ${namespace}, name: ${name}, version: '${version}' }\n${extra}do:\n${tasks}`;
}

/** Registers a workflow (YAML text) and expects 201 or 200. */
export async function registerWorkflow(s: Pick<TestServer, 'call'>, yaml: string, key?: string | null): Promise<Answer> {
  const r = await s.call('PUT', '/api/v1/workflows', { body: yaml, headers: { 'content-type': 'application/yaml' }, ...(key !== undefined ? { key } : {}) });
  expect([200, 201], r.text).toContain(r.status);
  return r;
}

/** Deploys a one-module function and expects 201 or 200. */
export async function deployFunction(s: TestServer, name: string, source: string, manifest: Record<string, unknown> = {}, key?: string | null): Promise<Answer> {
  const r = await s.call('PUT', `/api/v1/functions/${name}`, { body: { manifest: { name, version: '1.0.0', ...manifest }, source }, ...(key !== undefined ? { key } : {}) });
  expect([200, 201], r.text).toContain(r.status);
  return r;
}

/** Creates an API key with the given scopes as the admin and returns its secret and id. */
export async function createKey(s: Pick<TestServer, 'call'>, scopes: { namespace: string; role: string }[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const r = await s.call('POST', '/api/v1/keys', { body: { name: `k-${scopes.map((x) => `${x.role}@${x.namespace}`).join('+')}`, scopes, ...extra } });
  expect(r.status, r.text).toBe(201);
  return { id: r.body.key.id, secret: r.body.secret };
}

/** Asserts an RFC 9457 problem answer with this status (and code, when given). */
export function expectProblem(r: Answer, status: number, code?: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code: code ?? expect.stringMatching(/^WEFT_ERR_/) });
  expect(r.body.type.length).toBeGreaterThan(0);
}

/** Polls until `check` returns a value (not undefined) or `ms` pass. */
export async function until<T>(check: () => Promise<T | undefined>, ms = 5_000, every = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
