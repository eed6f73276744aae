/**
 * `weft runs redrive|rerun` against a running server (bin/weft.js in a child process, WEFT_SERVER or
 * --server): the run as JSON, the server's problems with their codes, the documented exit statuses.
 * Needs `npm run build` (bin/weft.js runs dist/).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/cli/server-command.js';
import { tempDb } from './gateway/support.js';

let server: RunningServer;
let upstream: Server;
let down = true;
const sent: string[] = [];
const { db, dispose } = tempDb();

beforeAll(async () => {
  upstream = createServer((req, res) => {
    sent.push(req.url ?? '');
    const fail = down && req.url === '/b';
    res.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: req.url }));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  server = await startServer({ mode: 'dev', port: 0, db, watch: false, env: { WEFT_LOG_LEVEL: 'silent' } }, { out: () => {}, err: () => {} });
});
afterAll(async () => {
  await server?.stop();
  await new Promise((r) => upstream.close(r));
  dispose();
});

function weft(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/weft.js', ...args], { env: { ...base, ...env }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out: stdout.trim(), err: stderr.trim() });
    });
  });
}

async function ended(id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 200; i++) {
    const r = (await (await fetch(`${server.url}/api/v1/runs/${id}`)).json()) as Record<string, any>;
    if (r.status !== 'running') return r;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('did not end');
}

describe('weft runs redrive|rerun', () => {
  it('redrives a faulted run (same id, patched input) and reruns it from a task, over --server / WEFT_SERVER', async () => {
    const a = upstream.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    const doc = `document: { dsl: '1.0.0', namespace: cli, name: two, version: '1.0.0' }\ndo:\n  - a: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/a' } }\n  - b: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/b' } }\n`;
    expect((await fetch(`${server.url}/api/v1/workflows`, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
    const run = (await (await fetch(`${server.url}/api/v1/workflows/cli/two/runs`, { method: 'POST', headers: { 'content-type': 'application/json', prefer: 'wait=10' }, body: '{"n":1}' })).json()) as Record<string, any>;
    expect(run.status).toBe('faulted');

    const bad = await weft(['runs', 'redrive', run.id, '--patch', '{not json', '--json'], { WEFT_SERVER: server.url });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err)).toMatchObject({ code: 'WEFT_ERR_CLI_ARG' });

    down = false;
    const r = await weft(['runs', 'redrive', run.id, '--patch', '{"n":2}', '--json'], { WEFT_SERVER: server.url });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: run.id, input: { n: 2 } });
    expect(await ended(run.id)).toMatchObject({ status: 'completed', redrives: [{ patched: true }] });
    expect(sent).toEqual(['/a', '/b', '/b']);

    const again = await weft(['runs', 'rerun', run.id, '--from', '/do/1/b', '--server', server.url, '--json']);
    expect(again.code, again.err).toBe(0);
    const rerun = JSON.parse(again.out) as Record<string, any>;
    expect(rerun.origin).toEqual({ run: run.id, from: '/do/1/b' });
    expect(await ended(rerun.id)).toMatchObject({ status: 'completed' });
    expect(sent).toEqual(['/a', '/b', '/b', '/b']);

    const human = await weft(['runs', 'redrive', run.id, '--server', server.url]);
    expect(human.code).toBe(2);
    expect(human.err).toMatch(/WEFT_ERR_RUN_NOT_REPAIRABLE/);
    const pointer = await weft(['runs', 'rerun', run.id, '--from', '/do/7/zz', '--server', server.url, '--json']);
    expect(pointer.code).toBe(2);
    expect(JSON.parse(pointer.err)).toMatchObject({ code: 'WEFT_ERR_RUN_BAD_TASK_POINTER' });
  });

  it('with a local database the command drives the run itself and prints it ended', async () => {
    const a = upstream.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    const local = join(dirname(db), 'local.db');
    const file = join(dirname(db), 'local.yaml');
    writeFileSync(file, `document: { dsl: '1.0.0', namespace: cli, name: local, version: '1.0.0' }\ndo:\n  - a: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/a' } }\n  - b: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/b' } }\n`);
    down = true;
    const first = await weft(['run', file, '--db', local, '--json']);
    const run = JSON.parse(first.out) as { id: string; status: string };
    expect(run.status).toBe('faulted');
    down = false;
    const before = sent.length;
    const r = await weft(['runs', 'redrive', run.id, '--db', local, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: run.id, status: 'completed', output: { at: '/b' } });
    expect(sent.slice(before)).toEqual(['/b']);
  });

  it('redrives by filter: --dry-run lists the faulted runs, then a server redrives them all; a local database waits for them', async () => {
    const a = upstream.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    const doc = `document: { dsl: '1.0.0', namespace: clibulk, name: two, version: '1.0.0' }\ndo:\n  - a: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/a' } }\n  - b: { call: http, with: { method: post, endpoint: 'http://127.0.0.1:${port}/b' } }\n`;
    expect((await fetch(`${server.url}/api/v1/workflows`, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
    down = true;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const run = (await (await fetch(`${server.url}/api/v1/workflows/clibulk/two/runs`, { method: 'POST', headers: { 'content-type': 'application/json', prefer: 'wait=10' }, body: '{}' })).json()) as Record<string, any>;
      expect(run.status).toBe('faulted');
      ids.push(run.id);
    }
    const dry = await weft(['runs', 'redrive', '--workflow', 'clibulk/two', '--error-type', 'communication', '--dry-run', '--json'], { WEFT_SERVER: server.url });
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ dryRun: true, accepted: 0 });
    expect((JSON.parse(dry.out).items as { id: string }[]).map((i) => i.id).sort()).toEqual([...ids].sort());
    const human = await weft(['runs', 'redrive', '--workflow', 'clibulk/two', '--dry-run', '--server', server.url]);
    expect(human.out).toMatch(/^would redrive 2 run\(s\):/);

    // Filters and a run id, or a patch, do not mix.
    expect((await weft(['runs', 'redrive', ids[0], '--workflow', 'clibulk/two', '--server', server.url])).code).toBe(2);
    expect((await weft(['runs', 'redrive', '--workflow', 'clibulk/two', '--patch', '{}', '--server', server.url])).code).toBe(2);
    expect((await weft(['runs', 'redrive', '--server', server.url])).code).toBe(2);
    expect((await weft(['runs', 'redrive', '--workflow', 'clibulk/two', '--namespace', 'other', '--server', server.url])).code).toBe(2);
    const status = await weft(['runs', 'redrive', '--workflow', 'clibulk/two', '--status', 'completed', '--server', server.url, '--json']);
    expect(status.code).toBe(2);
    expect(JSON.parse(status.err)).toMatchObject({ code: 'WEFT_ERR_CLI_ARG' });

    down = false;
    const r = await weft(['runs', 'redrive', '--workflow', 'clibulk/two', '--server', server.url, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ dryRun: false, accepted: 2 });
    // Paced in the background: a run may still be faulted (not redriven yet) when first read.
    for (const id of ids) {
      let v = await ended(id);
      for (let i = 0; i < 100 && !v.redrives; i++) v = await new Promise((res) => setTimeout(res, 25)).then(() => ended(id));
      expect(v).toMatchObject({ status: 'completed', redrives: [{}] });
    }

    // A local database: this process redrives them and prints them ended.
    const local = join(dirname(db), 'bulk.db');
    const file = join(dirname(db), 'bulk.yaml');
    writeFileSync(file, doc.replace('clibulk', 'clilocal'));
    down = true;
    const faulted = JSON.parse((await weft(['run', file, '--db', local, '--json'])).out) as { id: string; status: string };
    expect(faulted.status).toBe('faulted');
    down = false;
    const l = await weft(['runs', 'redrive', '--namespace', 'clilocal', '--db', local, '--json']);
    expect(l.code, l.err).toBe(0);
    expect(JSON.parse(l.out)).toMatchObject({ accepted: 1, items: [{ id: faulted.id, status: 'completed' }] });
  });
});
