/**
 * "Never in any history": a workflow and a function use vault secrets through every path — a `set` that
 * copies them, HTTP headers and a bearer policy (the echo server answers them back into the run), a
 * function that logs, returns and throws them, an emitted event delivered to a subscriber, a
 * sub-workflow's input, fork branches, a raised error — and afterwards neither value is found in the
 * database (SQLite's files with their WAL; every PostgreSQL table as text), the server's log lines, the
 * exported spans, /metrics, or any API answer. The runs still behaved as if they held the real values:
 * the assertions compare inside the runs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_URL, TestSchemas } from '../src/store/postgres/test-database.js';
import { ADMIN_KEY, TEST_MASTER_KEY, type TestServer, caller, deployFunction, registerWorkflow, tempDb, until, workflowYaml } from './gateway/support.js';
import { startServer } from '../src/cli/server-command.js';

const TOKEN = 'tok_9fQ2xLr7VbN4kZp1';
const PASSWORD = 'pw-Hunter2-Orchid-5581';
const VALUES = [TOKEN, PASSWORD];

let echo: Server;
let receiver: Server;
const exported: string[] = [];
const logged: string[] = [];
let echoUrl = '';
let otlpUrl = '';

beforeAll(async () => {
  // An HTTP service that answers what it was sent: the secret comes back into the run's task output.
  echo = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })));
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      exported.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await Promise.all([echo, receiver].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`;
  otlpUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([echo, receiver].map((s) => new Promise((r) => s.close(r))));
});

const parent = (url: string) =>
  workflowYaml(
    'red',
    'parent',
    `  - copy: { set: { token: '\${ $secrets.TOKEN }', line: '\${ "pw=" + $secrets.DB.password }' } }
  - fn:
      call: leak:1.0.0@default
      with: { fail: false }
  - tell:
      emit:
        event:
          with: { source: 'https://red.test/parent', type: red.leaked, data: { token: '\${ $secrets.TOKEN }', pw: '\${ $secrets.DB.password }' } }
  - sub:
      run:
        workflow: { namespace: red, name: child, version: '1.0.0', input: { token: '\${ $secrets.TOKEN }' } }
  - both:
      fork:
        branches:
          - a: { set: { a: '\${ $secrets.TOKEN }' } }
          - b: { set: { b: '\${ $secrets.DB.password }' } }
  - echo:
      call: http
      with:
        method: post
        endpoint: { uri: '${url}', authentication: { use: bearerAuth } }
        headers: { x-password: '\${ $secrets.DB.password }' }
        body: { token: '\${ $secrets.TOKEN }' }
  - verify:
      set:
        bearer: '\${ .headers.authorization == "Bearer " + $secrets.TOKEN }'
        password: '\${ .headers["x-password"] == $secrets.DB.password }'
`,
    '1.0.0',
    "use:\n  secrets: [TOKEN, DB]\n  authentications:\n    bearerAuth: { bearer: { use: TOKEN } }\n",
  );
const child = workflowYaml('red', 'child', "  - keep: { set: { seen: '${ .token }', ok: '${ .token | length > 10 }' } }\n");
const listener = workflowYaml('red', 'listener', "  - keep: { set: { got: '${ .data.token }' } }\n");
const raises = workflowYaml('red', 'raises', "  - boom:\n      raise:\n        error: { type: 'https://red.test/refused', status: 403, detail: '${ \"refused \" + $secrets.TOKEN }' }\n", '1.0.0', 'use:\n  secrets: [TOKEN]\n');
const failsInFunction = workflowYaml('red', 'fn-fails', '  - fn:\n      call: leak:1.0.0@default\n      with: { fail: true }\n');
const LEAK = `export default async (i: { fail: boolean }, ctx: any) => {
  const t = ctx.secrets.get('red/TOKEN');
  console.log('token is ' + t);
  ctx.log.info('using ' + t, { t });
  if (i.fail) throw new Error('refused with ' + t);
  return { t, len: t.length };
};`;

/** Runs everything through one server; returns every answer's text. */
async function exercise(s: TestServer): Promise<string[]> {
  const texts: string[] = [];
  const keep = async (p: Promise<{ status: number; text: string }>, ok = true) => {
    const r = await p;
    if (ok) expect(r.status, r.text).toBeLessThan(300);
    texts.push(r.text);
    return r;
  };
  await keep(s.call('PUT', '/api/v1/namespaces/red/secrets/TOKEN', { body: { value: TOKEN } }));
  await keep(s.call('PUT', '/api/v1/namespaces/red/secrets/DB', { body: { value: { username: 'app', password: PASSWORD } } }));
  await keep(s.call('POST', '/api/v1/namespaces/red/secrets/TOKEN/grants', { body: { functions: ['leak'] } }));
  texts.push((await deployFunction(s, 'leak', LEAK, { secrets: ['red/TOKEN'] })).text);
  for (const doc of [parent(echoUrl), child, listener, raises, failsInFunction]) texts.push((await registerWorkflow(s, doc)).text);
  await keep(s.call('PUT', '/api/v1/subscriptions/red-leaked', { body: { filter: { type: 'red.leaked' }, target: { workflow: { namespace: 'red', name: 'listener' } } } }));

  const run = await keep(s.call('POST', '/api/v1/workflows/red/parent/runs', { body: {}, headers: { prefer: 'wait=20' } }));
  const body = JSON.parse(run.text);
  expect(body).toMatchObject({ status: 'completed', output: { bearer: true, password: true } });
  const raised = JSON.parse((await keep(s.call('POST', '/api/v1/workflows/red/raises/runs', { body: {}, headers: { prefer: 'wait=10' } }), false)).text);
  expect(raised).toMatchObject({ status: 'faulted', error: { status: 403, detail: 'refused ***' } });
  const fnFailed = JSON.parse((await keep(s.call('POST', '/api/v1/workflows/red/fn-fails/runs', { body: {}, headers: { prefer: 'wait=10' } }), false)).text);
  expect(fnFailed.status).toBe('faulted');
  // The subscriber got the real value (it compares inside its run) and shows it masked.
  const heard = await until(async () => {
    const items = JSON.parse((await keep(s.get('/api/v1/runs?workflow=red/listener'))).text).items;
    return items[0]?.status === 'completed' ? items[0] : undefined;
  }, 10_000);
  texts.push((await s.get(`/api/v1/runs/${heard.id}`)).text);
  expect(JSON.parse(texts.at(-1)!).output).toEqual({ got: '***' });

  for (const r of [body, raised, fnFailed]) {
    await keep(s.get(`/api/v1/runs/${r.id}`));
    await keep(s.get(`/api/v1/runs/${r.id}/events`));
  }
  for (const path of ['/api/v1/runs?namespace=red', '/api/v1/events?limit=100', '/api/v1/functions/leak/logs', '/api/v1/secrets', '/api/v1/namespaces/red/secrets/TOKEN/versions', '/api/v1/audit?limit=200', '/api/v1/dead-letters', '/metrics']) {
    texts.push((await s.get(path)).text);
  }
  expect(texts.some((t) => t.includes('***'))).toBe(true);
  return texts;
}

function expectNowhere(where: string, haystacks: (string | Buffer)[]): void {
  for (const h of haystacks) for (const v of VALUES) expect(h.includes(v), `${where} holds ${v === TOKEN ? 'the token' : 'the password'}`).toBe(false);
}

describe('no secret in any history', () => {
  it('SQLite: nothing in the database files, logs, spans, metrics or answers', async () => {
    const { db, dispose } = tempDb();
    const env = { WEFT_ADMIN_KEY: ADMIN_KEY, WEFT_MASTER_KEY: TEST_MASTER_KEY, WEFT_EGRESS: 'open', WEFT_LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl, OTEL_BSP_SCHEDULE_DELAY: '20' };
    const server = await startServer({ mode: 'serve', port: 0, db, env, watch: false }, { out: (l) => logged.push(l), err: (l) => logged.push(l) });
    try {
      const s = { url: server.url, server, lines: [], call: caller(server.url, ADMIN_KEY), get: (p: string) => caller(server.url, ADMIN_KEY)('GET', p), stop: () => server.stop() } as unknown as TestServer;
      const texts = await exercise(s);
      expect(exported.join('')).toContain('red/parent');
      // The log lines were captured (debug: every request among them).
      expect(logged.join('')).toContain('"msg":"request"');
      expectNowhere('an API answer', texts);
      expectNowhere('a log line', logged);
      expectNowhere('an exported span', exported);
      // The runs' copies are sealed, not dropped: the journal holds sealed entries.
      const journal = await server.app.store.journal(JSON.parse(texts.find((t) => t.includes('"name":"parent"') && t.includes('"status":"completed"'))!).id);
      expect(JSON.stringify(journal)).toContain('$weft:sealed');
    } finally {
      await server.stop();
    }
    const dir = dirname(db);
    const files = readdirSync(dir).filter((f) => f.startsWith('weft.db')).map((f) => readFileSync(join(dir, f)));
    expect(files.length).toBeGreaterThan(0);
    expectNowhere('the SQLite files', files);
    dispose();
  }, 60_000);

  it('PostgreSQL: nothing in any table', async () => {
    const schemas = new TestSchemas();
    const schema = schemas.fresh();
    const env = { WEFT_ADMIN_KEY: ADMIN_KEY, WEFT_MASTER_KEY: TEST_MASTER_KEY, WEFT_EGRESS: 'open', WEFT_LOG_LEVEL: 'silent' };
    const server = await startServer({ mode: 'serve', port: 0, db: `${TEST_URL}?schema=${schema}`, env, watch: false }, { out: () => {}, err: () => {} });
    try {
      const s = { url: server.url, call: caller(server.url, ADMIN_KEY), get: (p: string) => caller(server.url, ADMIN_KEY)('GET', p) } as unknown as TestServer;
      expectNowhere('an API answer', await exercise(s));
    } finally {
      await server.stop();
    }
    const client = new pg.Client({ connectionString: TEST_URL });
    await client.connect();
    try {
      const tables = (await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])).rows.map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['runs', 'journal']));
      for (const t of tables) {
        const rows = (await client.query<{ row: string }>(`SELECT t::text AS row FROM ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(t)} t`)).rows.map((r) => r.row);
        expectNowhere(`table ${t}`, rows);
      }
    } finally {
      await client.end();
      await schemas.dropAll();
    }
  }, 60_000);
});
