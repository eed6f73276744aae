/**
 * Remote mode: the state commands against a real `weft serve` (API keys on) through its HTTP API, run as
 * users run them (bin/weft.js in a child process, the key in WEFT_API_KEY): the same answers as locally,
 * the server's problems with their codes, and the documented exit statuses.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/cli/server-command.js';

const ADMIN = 'remote-test-admin-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'weft-cli-remote-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ mode: 'serve', port: 0, db: join(dir, 'server.db'), watch: false, env: { WEFT_ADMIN_KEY: ADMIN, WEFT_LOG_LEVEL: 'silent' } }, { out: () => {}, err: () => {} });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  out: string;
  err: string;
}

/** bin/weft.js with `env` over a clean environment (no WEFT_SERVER or key from the caller's shell). */
function weft(args: string[], env: Record<string, string> = { WEFT_API_KEY: ADMIN }): Promise<Result> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/weft.js', ...args], { env: { ...base, ...env }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out: stdout.trim(), err: stderr.trim() });
    });
  });
}

/** A function folder whose entry imports a module beside it: the upload must carry both. */
function greetFolder(version: string, greeting: string): string {
  const d = join(dir, `greet-${version}`);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'words.ts'), `export const greeting = ${JSON.stringify(greeting)};\n`);
  writeFileSync(join(d, 'index.ts'), `import { greeting } from './words';\nexport default async (i: { name: string }, ctx: { log: { info(m: string): void } }) => { ctx.log.info('greeting ' + i.name); return { text: greeting + ', ' + i.name }; };\n`);
  writeFileSync(join(d, 'weft.json'), JSON.stringify({ name: 'greet', version }));
  return d;
}

const flow = (version: string, body = 'call: greet:1.0.0@default\n      with:\n        name: ${ .name }') =>
  `document: { dsl: '1.0.0', namespace: remote, name: hello, version: '${version}' }\ndo:\n  - greet:\n      ${body}\n`;

describe('weft fn --server', () => {
  it('deploys a folder (its imported modules too), lists it, points an alias, invokes and reads the logs', async () => {
    const v1 = greetFolder('1.0.0', 'Hello');
    const deployed = await weft(['fn', 'deploy', v1, '--server', server.url, '--json']);
    expect(deployed.code, deployed.err).toBe(0);
    expect(JSON.parse(deployed.out)).toMatchObject({ name: 'greet', version: '1.0.0', created: true });
    expect((await weft(['fn', 'deploy', v1, '--server', server.url])).out).toMatch(/^greet@1\.0\.0 unchanged/);
    // What the server keeps is the two modules, as uploaded.
    const source = (await (await fetch(`${server.url}/api/v1/functions/greet/versions/1.0.0/source`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { files: Record<string, string> };
    expect(Object.keys(source.files).sort()).toEqual(['index.ts', 'words.ts']);

    expect((await weft(['fn', 'deploy', greetFolder('1.1.0', 'Hi'), '--server', server.url])).code).toBe(0);
    expect((await weft(['fn', 'alias', 'greet', 'live', '1.0.0', '--server', server.url])).out).toBe('greet:live → 1.0.0 (100%)');
    expect(JSON.parse((await weft(['fn', 'list', '--server', server.url, '--json'])).out)).toEqual([
      { name: 'greet', latest: '1.1.0', versions: ['1.1.0', '1.0.0'], aliases: [{ alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] }], description: '' },
    ]);
    expect(await weft(['fn', 'invoke', 'greet:1.1.0', '--input', '{"name":"Ada"}', '--server', server.url])).toEqual({ code: 0, out: '{"text":"Hi, Ada"}', err: '' });
    expect((await weft(['fn', 'invoke', 'greet', '--input', '{"name":"Bo"}', '--server', server.url])).out).toBe('{"text":"Hello, Bo"}');
    const logs = JSON.parse((await weft(['fn', 'logs', 'greet', '--limit', '1', '--server', server.url, '--json'])).out) as { version: string; at: number; logs: { message: string }[] }[];
    expect(logs).toMatchObject([{ version: '1.0.0', ok: true, logs: [{ message: 'greeting Bo' }] }]);
    expect(typeof logs[0].at).toBe('number');
    expect((await weft(['fn', 'logs', 'greet', '--limit', '1', '--server', server.url])).out).toMatch(/greet@1\.0\.0 .* ok\n {2}info {2}greeting Bo$/);
  });

  it('says the server\'s problems with their codes and exits 2 for what the command can fix', async () => {
    const taken = await weft(['fn', 'deploy', greetFolder('1.0.0', 'Changed'), '--server', server.url]);
    expect(taken.code).toBe(2);
    expect(taken.err).toMatch(/^weft: greet@1\.0\.0 is already deployed with different code .* \[WEFT_ERR_FN_VERSION_EXISTS\]/);
    const unknown = await weft(['fn', 'invoke', 'nope', '--server', server.url, '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.err)).toMatchObject({ status: 404 });
    const compile = join(dir, 'broken');
    mkdirSync(compile);
    writeFileSync(join(compile, 'index.ts'), 'export default async ( => 1;');
    writeFileSync(join(compile, 'weft.json'), JSON.stringify({ name: 'broken', version: '1.0.0' }));
    const built = await weft(['fn', 'deploy', compile, '--server', server.url, '--json']);
    expect(built.code).toBe(2);
    expect(JSON.parse(built.err)).toMatchObject({ code: 'WEFT_ERR_FN_BUILD' });
  });

  it('exits 1 when the invoked function itself fails', async () => {
    const d = join(dir, 'thrower');
    mkdirSync(d);
    writeFileSync(join(d, 'index.ts'), 'export default async () => { throw new Error("out of tea"); };');
    writeFileSync(join(d, 'weft.json'), JSON.stringify({ name: 'thrower', version: '1.0.0' }));
    expect((await weft(['fn', 'deploy', d, '--server', server.url])).code).toBe(0);
    const r = await weft(['fn', 'invoke', 'thrower', '--server', server.url]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/out of tea.*\[WEFT_ERR_FN_RUNTIME\]/);
  });
});

describe('weft run --server', () => {
  it('registers the document, runs it on the server and prints the output; a faulted run exits 1', async () => {
    const file = join(dir, 'hello.yaml');
    writeFileSync(file, flow('1.0.0'));
    const r = await weft(['run', file, '--input', '{"name":"Cy"}', '--server', server.url]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ text: 'Hello, Cy' });
    expect(r.err).toMatch(new RegExp(`^weft: workflow remote/hello@1\\.0\\.0 registered on ${server.url}\\nweft: run \\S+ completed$`));
    const again = await weft(['run', file, '--input', '{"name":"Di"}', '--server', server.url, '--json']);
    const answer = JSON.parse(again.out) as { id: string; status: string; output: unknown };
    expect(answer).toMatchObject({ status: 'completed', output: { text: 'Hello, Di' } });
    // The run is the server's: its API has it.
    expect(await (await fetch(`${server.url}/api/v1/runs/${answer.id}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()).toMatchObject({ namespace: 'remote', name: 'hello', status: 'completed' });

    const faulty = join(dir, 'faulty.yaml');
    writeFileSync(faulty, flow('2.0.0', 'call: thrower:1.0.0@default'));
    const faulted = await weft(['run', faulty, '--server', server.url, '--json']);
    expect(faulted.code).toBe(1);
    expect(JSON.parse(faulted.out)).toMatchObject({ status: 'faulted', error: { status: 500 } });
  });

  it('deploys --functions on the server first, and refuses an edited document that keeps its version (exit 2)', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'fns'), { recursive: true });
    const fn = greetFolder('2.0.0', 'Howdy');
    writeFileSync(join(project, 'hello.yaml'), flow('3.0.0', 'call: greet:2.0.0@default\n      with:\n        name: ${ .name }'));
    const r = await weft(['run', join(project, 'hello.yaml'), '--functions', fn, '--input', '{"name":"Ed"}', '--server', server.url, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ output: { text: 'Howdy, Ed' } });
    expect(r.err).toContain('weft: function greet@2.0.0 deployed');
    writeFileSync(join(project, 'hello.yaml'), flow('3.0.0', 'set:\n        edited: true'));
    const edited = await weft(['run', join(project, 'hello.yaml'), '--server', server.url, '--json']);
    expect(edited.code).toBe(2);
    expect(JSON.parse(edited.err)).toMatchObject({ status: 409 });
  });
});

describe('weft nodes and weft events tail --server', () => {
  it('lists the server\'s node', async () => {
    const r = await weft(['nodes', '--server', server.url, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ live: true, pid: process.pid, startedAt: expect.stringMatching(/Z$/) })]);
  });

  it('follows the server\'s event log (WEFT_SERVER instead of --server) until interrupted', async () => {
    const publish = (id: string) =>
      fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ specversion: '1.0', id, source: '/remote-test', type: 'com.example.remote.Ping', data: { id } }) });
    expect((await publish('e-1')).status).toBe(202);
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_')));
    const tail: ChildProcess = spawn(process.execPath, ['bin/weft.js', 'events', 'tail', '--from-start', '--type', 'com.example.remote.Ping'], { env: { ...base, WEFT_SERVER: server.url, WEFT_API_KEY: ADMIN } });
    let out = '';
    tail.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const lines = async (n: number) => {
      for (let i = 0; i < 200 && out.trim().split('\n').filter(Boolean).length < n; i++) await new Promise((r) => setTimeout(r, 50));
      return out.trim().split('\n').map((l) => JSON.parse(l) as { event: { id: string }; receivedAt: string });
    };
    expect((await lines(1)).map((l) => l.event.id)).toEqual(['e-1']);
    await publish('e-2');
    const seen = await lines(2);
    expect(seen.map((l) => l.event.id)).toEqual(['e-1', 'e-2']);
    expect(seen[1].receivedAt).toMatch(/Z$/);
    const code = await new Promise<number | null>((resolve) => {
      tail.on('exit', resolve);
      tail.kill('SIGINT');
    });
    expect(code).toBe(0);
  });
});

describe('remote mode problems', () => {
  it('needs the API key: without one or with a wrong one the server refuses (exit 2)', async () => {
    const none = await weft(['fn', 'list', '--server', server.url], {});
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/Authorization: Bearer.*\[WEFT_ERR_AUTH_/);
    const wrong = await weft(['fn', 'list', '--server', server.url, '--json'], { WEFT_API_KEY: 'wk_000000000000_nope' });
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.err)).toMatchObject({ status: 401 });
  });

  it('says why a server cannot be reached (exit 3)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await weft(['fn', 'list', '--server', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expect(r.err.split('\n')[0]).toBe(`weft: cannot reach the Weft server at http://127.0.0.1:${port} (GET /api/v1/functions): connection refused (ECONNREFUSED) [WEFT_ERR_CLI_SERVER_UNREACHABLE]`);
    expect(r.err.split('\n')[1]).toMatch(/^ {2}→ Check that `weft serve` runs there/);
  });

  it('tells a database file the command can fix (exit 2) from a PostgreSQL server that cannot be reached (exit 3)', async () => {
    const file = await weft(['fn', 'list', '--db', '/dev/null/nope/weft.db']);
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/^weft: cannot open the database \/dev\/null\/nope\/weft\.db: .* \(check --db\) \[WEFT_ERR_CLI_DB\]\n {2}→ /);
    const pg = await weft(['nodes', '--db', 'postgres://postgres@127.0.0.1:1/test', '--json']);
    expect(pg.code).toBe(3);
    expect(JSON.parse(pg.err)).toMatchObject({ code: 'WEFT_ERR_STORE_FAILED', status: 500, detail: expect.stringContaining('ECONNREFUSED') });
  });

  it('refuses --server with --db, and a --server that is not a URL (exit 2)', async () => {
    const both = await weft(['fn', 'list', '--server', server.url, '--db', join(dir, 'x.db'), '--json']);
    expect([both.code, JSON.parse(both.err).code]).toEqual([2, 'WEFT_ERR_CLI_ARG']);
    const bad = await weft(['nodes', '--server', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--server expects a URL/);
  });
});
