/**
 * `weft dev` and `weft serve` as users run them: the demo project under examples/, reload on change, the
 * runtime note at start, graceful SIGTERM with unfinished runs resumed by the next start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../src/ports/index.js';
import { type RunningServer, startServer } from '../src/cli/server-command.js';
import { loadProject } from '../src/cli/project-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-cli-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { out: () => {}, err: () => {} };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('weft dev with the demo project', () => {
  it('loads examples/ and runs the order flow: functions, branch, retried flaky HTTP call, OrderPlaced event', async () => {
    const server = await startServer({ mode: 'dev', port: 0, db: join(dir, 'demo.db'), dir: 'examples', watch: false, env: { WEFT_LOG_LEVEL: 'warn' } }, quiet);
    const events: CloudEvent[] = [];
    server.app.bus.subscribe((e) => events.push(e));
    try {
      // No inventoryUrl: the flow calls the server it runs on ($runtime.metadata.baseUrl), here on a random port.
      const order = { orderId: 'o-1', customer: { id: 'c-7', country: 'NL' }, items: [{ sku: 'tea', qty: 2, price: 4.5 }] };
      const placed = await post(`${server.url}/api/v1/workflows/shop/place-order/runs`, order, { prefer: 'wait=10' });
      expect(placed).toMatchObject({ status: 200, body: { status: 'completed', output: { orderId: 'o-1', status: 'placed', total: 10.89, currency: 'EUR' } } });
      expect(events.find((e) => e.type === 'com.example.shop.OrderPlaced')).toMatchObject({ data: { orderId: 'o-1', total: 10.89 } });
      // The notify function is subscribed to OrderPlaced (examples/notify-on-order.subscription.yaml).
      let logs: { logs: { message: string }[] }[] = [];
      for (let i = 0; i < 50 && !logs.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        logs = ((await (await fetch(`${server.url}/api/v1/functions/notify/logs`)).json()) as { items: typeof logs }).items;
      }
      expect(logs[0].logs[0].message).toBe('Order o-1 placed: 10.89 EUR');
      const lifecycle = (await (await fetch(`${server.url}/api/v1/runs/${String(placed.body.id)}/events`)).json()) as { items: CloudEvent[] };
      expect(lifecycle.items.filter((e) => e.type === 'io.serverlessworkflow.task.retried.v1')).toHaveLength(2);

      const risky = { orderId: 'o-2', customer: { id: 'new-1', country: 'NL' }, items: [{ sku: 'gold', qty: 1, price: 3000 }] };
      expect(await post(`${server.url}/api/v1/workflows/shop/place-order/runs`, risky, { prefer: 'wait=10' })).toMatchObject({ body: { status: 'completed', output: { status: 'review' } } });
      const invalid = await post(`${server.url}/api/v1/workflows/shop/place-order/runs`, { orderId: '' }, { prefer: 'wait=10' });
      expect(invalid.body).toMatchObject({ status: 'faulted', error: { status: 400, type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation' } });
    } finally {
      await server.stop();
    }
  });

  it('registers an edit that keeps its version as the next free patch version, and says so once', async () => {
    const project = join(dir, 'bump');
    cpSync('examples/functions/risk', join(project, 'risk'), { recursive: true });
    const hello = (greeting: string) => `# a comment that stays\ndocument: { dsl: '1.0.0', namespace: demo, name: bump, version: '1.0.0' }\ndo:\n  - hi:\n      set:\n        greeting: ${greeting}\n`;
    writeFileSync(join(project, 'hello.yaml'), hello('hi'));
    let server: RunningServer | undefined;
    try {
      server = await startServer({ mode: 'dev', port: 0, db: join(dir, 'bump.db'), dir: project, watch: false, env: { WEFT_LOG_LEVEL: 'warn' } }, quiet);
      const platform = server.app.platform;
      const note = (v: string, field: string) => `1.0.0 is registered with other content, so this edit is ${v}; set ${field} to choose the version`;

      writeFileSync(join(project, 'hello.yaml'), hello('hello'));
      const source = readFileSync(join(project, 'risk', 'index.ts'), 'utf8');
      writeFileSync(join(project, 'risk', 'index.ts'), source.replace('/ 2000', '/ 3000'));
      const first = await loadProject(platform, project);
      expect(first.find((r) => r.kind === 'workflow')).toEqual({ path: 'hello.yaml', kind: 'workflow', outcome: 'registered', what: 'demo/bump@1.0.1', note: note('1.0.1', 'document.version') });
      expect(first.find((r) => r.kind === 'function')).toEqual({ path: 'risk', kind: 'function', outcome: 'registered', what: 'risk@1.0.1', note: note('1.0.1', '"version" in weft.json') });
      const stored = (await (await fetch(`${server.url}/api/v1/workflows/demo/bump/versions/1.0.1`)).json()) as { source: string };
      expect(stored.source).toContain('# a comment that stays');

      // Nothing changed since: found again, not registered twice.
      expect((await loadProject(platform, project)).map((r) => [r.outcome, r.what])).toEqual([['unchanged', 'risk@1.0.1'], ['unchanged', 'demo/bump@1.0.1']]);
      writeFileSync(join(project, 'hello.yaml'), hello('hey'));
      expect((await loadProject(platform, project)).find((r) => r.kind === 'workflow')).toMatchObject({ outcome: 'registered', what: 'demo/bump@1.0.2' });
      // The original content is still 1.0.0.
      writeFileSync(join(project, 'hello.yaml'), hello('hi'));
      expect((await loadProject(platform, project)).find((r) => r.kind === 'workflow')).toEqual({ path: 'hello.yaml', kind: 'workflow', outcome: 'unchanged', what: 'demo/bump@1.0.0' });
    } finally {
      await server?.stop();
    }
  });

  it('reloads workflows and functions that change in the project folder', async () => {
    const project = join(dir, 'project');
    cpSync('examples/functions/risk', join(project, 'risk'), { recursive: true });
    let server: RunningServer | undefined;
    try {
      server = await startServer({ mode: 'dev', port: 0, db: join(dir, 'reload.db'), dir: project, env: { WEFT_LOG_LEVEL: 'warn' } }, quiet);
      writeFileSync(join(project, 'hello.yaml'), "document: { dsl: '1.0.0', namespace: demo, name: hello, version: '1.0.0' }\ndo:\n  - hi:\n      set:\n        greeting: hi\n");
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await fetch(`${server.url}/api/v1/workflows/demo/hello`)).status;
      }
      expect(status).toBe(200);
      expect(await post(`${server.url}/fn/risk`, { customer: { id: 'c' }, total: 0 })).toMatchObject({ status: 200, body: { score: 0 } });
    } finally {
      await server?.stop();
    }
  });
});

/** Spawns the bin and resolves once it printed its URL. */
function serve(db: string, lines: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/weft.js', 'serve', '--port', '0', '--db', db], { env: { ...process.env, WEFT_ADMIN_KEY: 'a-long-enough-admin-key-for-tests', WEFT_LOG_LEVEL: 'warn' } });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (d: Buffer) => {
      buffered += d.toString();
      lines.push(...d.toString().split('\n').filter(Boolean));
      const m = /listening on (http:\/\/\S+)/.exec(buffered);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`weft serve exited ${code}: ${buffered}`)));
  });
}

describe('weft serve', () => {
  it('says where functions run, stops gracefully on SIGTERM, and the next start resumes unfinished runs', async () => {
    const db = join(dir, 'serve.db');
    const auth = { authorization: 'Bearer a-long-enough-admin-key-for-tests' };
    const lines: string[] = [];
    const first = await serve(db, lines);
    expect(lines.join('\n')).toMatch(/functions run in (V8 isolates|worker threads)/);
    // The studio's address comes first in the banner.
    expect(lines.filter((l) => /^(Studio|Weft server listening)/.test(l))).toEqual([`Studio: ${first.url}/`, `Weft server listening on ${first.url} (API docs: ${first.url}/api/docs)`]);
    const put = await fetch(`${first.url}/api/v1/workflows`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/yaml' }, body: "document: { dsl: '1.0.0', namespace: ops, name: slow, version: '1.0.0' }\ndo:\n  - w:\n      wait: PT1H\n" });
    expect(put.status).toBe(201);
    const started = await post(`${first.url}/api/v1/workflows/ops/slow/runs`, {}, auth);
    expect(started.status).toBe(202);
    const exited = new Promise<number | null>((r) => first.child.on('exit', (code) => r(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const again: string[] = [];
    const second = await serve(db, again);
    try {
      expect(again.join('\n')).toMatch(/resumed 1 unfinished run/);
      const run = await fetch(`${second.url}/api/v1/runs/${String(started.body.id)}`, { headers: auth });
      expect(await run.json()).toMatchObject({ status: 'waiting' });
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});

describe('weft dev on a port that is taken', () => {
  it('says so in one line with what to do, and exits 2', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as AddressInfo;
    try {
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/weft.js', 'dev', '--port', String(port), '--db', join(dir, 'taken.db')], { env: { ...process.env, WEFT_LOG_LEVEL: 'warn' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`weft: cannot start: port ${port} is in use on 127.0.0.1 (try --port <another port>, or --port 0 for any free one) [WEFT_ERR_CLI_PORT_IN_USE]\n`);
      expect(r.stderr).toContain('[WEFT_ERR_CLI_PORT_IN_USE]\n  → Pass `--port <another port>` (or `--port 0` for any free one), or stop the other process.\n');
      expect(r.stderr).not.toMatch(/Internal error|"status":500/);
    } finally {
      taken.close();
    }
  });
});

