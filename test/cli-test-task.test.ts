/**
 * `weft workflows test-task` against a running server (--server) and a local database (--db): the
 * answer as JSON or text, mocks from a file, `--real http` to a local server, the exit statuses.
 * Needs `npm run build` (bin/weft.js runs dist/).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/cli/server-command.js';
import { tempDb } from './gateway/support.js';

let server: RunningServer;
let upstream: Server;
let hits = 0;
const { db, dispose } = tempDb();

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'real' }));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  server = await startServer({ mode: 'dev', port: 0, db, watch: false, env: { WEFT_LOG_LEVEL: 'silent' } }, { out: () => {}, err: () => {} });
  const port = (upstream.address() as AddressInfo).port;
  const doc = `document: { dsl: '1.0.0', namespace: cli, name: pay, version: '1.0.0' }\ndo:\n  - charge: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/charges', body: { amount: '\${ .amount }' } }, output: { as: '\${ .id }' } }\n`;
  expect((await fetch(`${server.url}/api/v1/workflows`, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  await new Promise((r) => upstream.close(r));
  dispose();
});

function weft(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/weft.js', ...args], { env: base, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out: stdout.trim(), err: stderr.trim() });
    });
  });
}

describe('weft workflows test-task', () => {
  it('mocks the call (from a file too), lists a pending effect, performs it for real with --real http', async () => {
    const remote = ['--server', server.url];
    const mocked = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge', '--input', '{"amount": 3}', '--mocks', '{"/do/0/charge": {"id": "ch_1"}}', '--json', ...remote]);
    expect(mocked.code, mocked.err).toBe(0);
    expect(JSON.parse(mocked.out)).toMatchObject({ status: 'completed', output: 'ch_1', effects: [{ kind: 'http', mocked: true, request: { method: 'POST', body: { amount: 3 } } }] });

    const file = join(dirname(db), 'mocks.json');
    writeFileSync(file, JSON.stringify({ '/do/0/charge': { error: { detail: 'declined', status: 402 } } }));
    const failed = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge', '--mocks-file', file, ...remote]);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('faulted');
    expect(failed.out).toContain('declined');

    const pending = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge', ...remote]);
    expect(pending.code).toBe(1);
    expect(pending.out).toMatch(/http POST http:\/\/127\.0\.0\.1:\d+\/charges at \/do\/0\/charge .*PENDING/);
    expect(hits).toBe(0);

    const real = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge', '--real', 'http', '--json', ...remote]);
    expect(JSON.parse(real.out)).toMatchObject({ status: 'completed', output: 'real', effects: [{ real: true }] });
    expect(hits).toBe(1);
  });

  it('refuses a bad pointer, a bad --real kind and bad JSON with exit 2', async () => {
    const bad = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge/with', '--json', '--server', server.url]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err)).toMatchObject({ code: 'WEFT_ERR_TEST_NOT_A_TASK' });
    const kind = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge', '--real', 'subflow', '--json', '--server', server.url]);
    expect(kind.code).toBe(2);
    expect(JSON.parse(kind.err)).toMatchObject({ code: 'WEFT_ERR_CLI_ARG' });
    const json = await weft(['workflows', 'test-task', 'cli/pay', '--task', '/do/0/charge', '--input', '{x', '--server', server.url]);
    expect(json.code).toBe(2);
  });

  it('works on a local database too (--db)', async () => {
    const local = tempDb();
    try {
      const reg = await weft(['workflows', 'test-task', 'cli/none', '--task', '/do/0/a', '--db', local.db, '--json']);
      expect(reg.code).toBe(2);
      expect(JSON.parse(reg.err)).toMatchObject({ code: 'WEFT_ERR_API_NOT_FOUND' });
    } finally {
      local.dispose();
    }
  });
});
