/**
 * Helpers of the events suite, on top of the gateway suite's (test/gateway/support.ts): a server that can
 * be stopped and started again on the same database (a restart), CloudEvents to send, and metric reads.
 */
import { type RunningServer, startServer } from '../../src/cli/server-command.js';
import { type Answer, type CallOptions, type TestServer, tempDb, until } from '../gateway/support.js';

export { type Answer, type TestServer, deployFunction, expectProblem, registerWorkflow, startTestServer, until, workflowYaml } from '../gateway/support.js';

let n = 0;
/** A structured CloudEvent with a fresh id (unless given). */
export function ce(type: string, data?: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { specversion: '1.0', id: `ev-${process.pid}-${++n}`, source: '/test', type, ...(data !== undefined ? { data } : {}), ...extra };
}

/** Calls the API of a running server (dev mode: no key). */
export function caller(server: RunningServer): TestServer['call'] {
  return async <T>(method: string, path: string, c: CallOptions = {}): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.key) headers.authorization = `Bearer ${c.key}`;
    let body: string | Buffer | undefined;
    if (typeof c.body === 'string' || Buffer.isBuffer(c.body)) body = c.body;
    else if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, text, body: (/json/.test(type) && text ? JSON.parse(text) : text) as T };
  };
}

/** A dev server over a database that outlives it: `restart()` stops it and starts another on the same file. */
export async function restartableServer(env: Record<string, string | undefined> = {}) {
  const { db, dispose } = tempDb();
  const start = () => startServer({ mode: 'dev', port: 0, db, watch: false, env: { WEFT_LOG_LEVEL: 'silent', ...env } }, { out: () => {}, err: () => {} });
  let server = await start();
  const self = {
    db,
    get server() {
      return server;
    },
    call: <T = any>(method: string, path: string, c?: CallOptions) => caller(server)<T>(method, path, c),
    async restart() {
      await server.stop();
      server = await start();
    },
    async stop() {
      await server.stop();
      dispose();
    },
  };
  return self;
}

/** Publishes structured events (one or a batch) and expects them accepted (202). */
export async function publish(call: TestServer['call'], body: unknown): Promise<Answer> {
  const r = await call('POST', '/api/v1/events', { body });
  if (r.status !== 202) throw new Error(`publish: ${r.status} ${r.text}`);
  return r;
}

/** The runs of a workflow, oldest first. */
export async function runsOf(call: TestServer['call'], namespace: string, name: string): Promise<any[]> {
  const r = await call('GET', `/api/v1/runs?workflow=${namespace}/${name}&limit=500`);
  if (r.status !== 200) throw new Error(`runs: ${r.status} ${r.text}`);
  return [...r.body.items].reverse();
}

/** Waits until `namespace/name` has `count` runs in a terminal or given status, and returns them. */
export function runsUntil(call: TestServer['call'], namespace: string, name: string, count: number, status = 'completed', ms = 5_000): Promise<any[]> {
  return until(async () => {
    const runs = await runsOf(call, namespace, name);
    return runs.filter((r) => r.status === status).length >= count ? runs : undefined;
  }, ms);
}

/** The value of a Prometheus sample (`name{labels}`) in /metrics, 0 when absent. */
export async function metric(call: TestServer['call'], name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await call('GET', '/metrics')).text;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
