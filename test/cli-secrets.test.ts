/**
 * `weft secrets` as users run it (bin/weft.js in a child process): values from stdin, a file or a
 * variable and never printed; the development key file; rekey from one master key to another; a server
 * refusing to start under the wrong key; and the same commands against a server (`--server`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/cli/server-command.js';
import { generateMasterKey, parseMasterKey } from '../src/security/index.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-cli-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const K1 = generateMasterKey();
const K2 = generateMasterKey();
const VALUE = 'tok_9f8e7d6c5b4a39281706';

interface Result {
  code: number | null;
  out: string;
  err: string;
}

/** bin/weft.js with `env` over an environment without WEFT_* variables, `stdin` piped in. */
function weft(args: string[], o: { env?: Record<string, string>; stdin?: string } = {}): Promise<Result> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/weft.js', ...args], { env: { ...base, ...o.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => resolve({ code, out: out.trim(), err: err.trim() }));
    child.stdin.end(o.stdin ?? '');
  });
}

describe('weft secrets on a local database', () => {
  const db = join(dir, 'local', 'weft.db');
  const env = { WEFT_MASTER_KEY: K1 };

  it('sets versions from stdin, a file or a variable; lists and shows metadata, never the value', async () => {
    const set = await weft(['secrets', 'set', 'shop/TOKEN', '--db', db, '--description', 'the api token'], { env, stdin: `${VALUE}\n` });
    expect(set, set.err).toMatchObject({ code: 0, out: 'shop/TOKEN version 1 created' });
    writeFileSync(join(dir, 'db.json'), JSON.stringify({ username: 'app', password: 'pw-in-a-file-123' }));
    expect((await weft(['secrets', 'set', 'shop/DB', '--from-file', join(dir, 'db.json'), '--json-value', '--db', db], { env })).code).toBe(0);
    const next = await weft(['secrets', 'set', 'shop/TOKEN', '--from-env', 'NEW_TOKEN', '--overlap', '15m', '--db', db, '--json'], { env: { ...env, NEW_TOKEN: `${VALUE}-2` } });
    expect(JSON.parse(next.out)).toMatchObject({ name: 'TOKEN', version: 2, previous: { version: 1 } });
    const list = await weft(['secrets', 'list', 'shop', '--db', db]);
    expect(list.out.split('\n')).toEqual([expect.stringMatching(/^shop\/DB {2}version 1 {2}updated \S+Z$/), expect.stringMatching(/^shop\/TOKEN {2}version 2 \(previous 1 until \S+Z\) {2}updated \S+Z {2}— the api token$/)]);
    const show = JSON.parse((await weft(['secrets', 'show', 'shop/TOKEN', '--db', db, '--json'])).out) as { versions: { version: number; createdBy: string }[] };
    expect(show.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(show.versions[0].createdBy).toMatch(/^cli:/);
    expect((await weft(['secrets', 'show', 'shop/TOKEN', '--db', db], { env })).out.split('\n').at(-1)).toBe('used by: nobody yet');
    for (const r of [set, next, list]) expect(r.out + r.err).not.toContain(VALUE);
    // The file holds only sealed values.
    expect(readFileSync(db).includes(Buffer.from(VALUE))).toBe(false);
  });

  it('grants, runs a workflow that reads a granted secret, and deletes', async () => {
    const grant = await weft(['secrets', 'grant', 'shop/TOKEN', '--namespace', 'billing', '--function', 'charge', '--db', db, '--json']);
    expect(JSON.parse(grant.out).grants).toEqual({ namespaces: ['billing'], functions: ['charge'] });
    const flow = join(dir, 'bill.yaml');
    writeFileSync(flow, "document: { dsl: '1.0.0', namespace: billing, name: bill, version: '1.0.0' }\nuse:\n  secrets: [TOKEN]\ndo:\n  - read: { set: { length: '${ $secrets.TOKEN | length }' } }\n");
    const run = await weft(['run', flow, '--db', db, '--json'], { env });
    expect(JSON.parse(run.out), run.err).toMatchObject({ status: 'completed', output: { length: VALUE.length + 2 } });
    // The run's read was written when `weft run` closed: `show` says who used which version, never the value.
    const shown = await weft(['secrets', 'show', 'shop/TOKEN', '--db', db], { env });
    expect(shown.out.split('\n').slice(-2), shown.err).toEqual(['used by:', expect.stringMatching(/^ {2}version 2 {2}workflow billing\/bill:1\.0\.0 {2}1 read {2}last \S+Z {2}first \S+Z$/)]);
    expect(shown.out).not.toContain(VALUE);
    const usedBy = JSON.parse((await weft(['secrets', 'show', 'shop/TOKEN', '--db', db, '--json'], { env })).out) as { usedBy: unknown[] };
    expect(usedBy.usedBy).toEqual([{ version: 2, kind: 'workflow', reader: 'billing/bill:1.0.0', firstAt: expect.stringMatching(/Z$/), lastAt: expect.stringMatching(/Z$/), count: 1 }]);
    expect((await weft(['secrets', 'grant', 'shop/TOKEN', '--db', db])).code).toBe(2);
    expect(await weft(['secrets', 'delete', 'shop/DB', '--db', db])).toMatchObject({ code: 0, out: 'shop/DB deleted' });
    const gone = await weft(['secrets', 'show', 'shop/DB', '--db', db, '--json']);
    expect([gone.code, JSON.parse(gone.err).code]).toEqual([2, 'WEFT_ERR_VAULT_NOT_FOUND']);
  });

  it('refuses a missing value, and never takes one as an argument', async () => {
    const none = await weft(['secrets', 'set', 'shop/X', '--db', db], { env });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^weft: no value: pipe it in/);
    expect((await weft(['secrets', 'set', 'shop/X', VALUE, '--db', db], { env, stdin: 'v' })).code).not.toBe(0);
    const badJson = await weft(['secrets', 'set', 'shop/X', '--json-value', '--db', db], { env, stdin: `{"password": "${VALUE}"` });
    expect(badJson.code).toBe(2);
    expect(badJson.err).not.toContain(VALUE);
  });

  it('rekeys to a new master key with the old one as previous; the old key alone is then refused', async () => {
    const switching = { WEFT_MASTER_KEY: K2, WEFT_MASTER_KEY_PREVIOUS: K1 };
    const r = await weft(['secrets', 'rekey', '--db', db], { env: switching });
    // The two secret versions' data keys, and the one run data holding a secret is sealed with (security/data-keys.ts).
    expect(r, r.err).toMatchObject({ code: 0, out: `3 data keys re-wrapped under master key ${parseMasterKey(K2, 'k').id}; WEFT_MASTER_KEY_PREVIOUS can go` });
    const flow = join(dir, 'bill.yaml');
    expect(JSON.parse((await weft(['run', flow, '--db', db, '--json'], { env: { WEFT_MASTER_KEY: K2 } })).out)).toMatchObject({ status: 'completed' });
    const old = await weft(['run', flow, '--db', db, '--json'], { env: { WEFT_MASTER_KEY: K1 } });
    expect(old.code).toBe(3);
    expect(JSON.parse(old.err)).toMatchObject({ code: 'WEFT_ERR_VAULT_WRONG_MASTER_KEY', detail: expect.stringContaining(parseMasterKey(K2, 'k').id) });
  });

  it('a server under the wrong master key does not start (exit 2) and names the key the database needs', async () => {
    const r = await weft(['serve', '--db', db, '--port', '0'], { env: { WEFT_MASTER_KEY: K1, WEFT_ADMIN_KEY: 'admin-key-for-this-test-0123456789' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`weft: cannot start: the database holds secrets sealed under master key ${parseMasterKey(K2, 'k').id}`);
    expect(r.err).toContain('[WEFT_ERR_VAULT_WRONG_MASTER_KEY]');
  });

  it('prints a new master key', async () => {
    const r = await weft(['secrets', 'keygen']);
    expect(parseMasterKey(r.out, 'out').id).toMatch(/^mk_/);
    expect((await weft(['secrets', 'keygen'])).out).not.toBe(r.out);
  });
});

describe('the development key file', () => {
  it('is made beside a SQLite database when there is no WEFT_MASTER_KEY, readable by its owner only', async () => {
    const db = join(dir, 'dev', 'weft.db');
    const r = await weft(['secrets', 'set', 'TOKEN', '--db', db], { stdin: 'dev-value' });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`weft: made a development master key in ${join(dir, 'dev', 'master.key')} (set WEFT_MASTER_KEY in production)`);
    expect(statSync(join(dir, 'dev', 'master.key')).mode & 0o777).toBe(0o600);
    // Used from then on, and not made again.
    const again = await weft(['secrets', 'set', 'TOKEN', '--db', db], { stdin: 'dev-value-2' });
    expect([again.code, again.err]).toEqual([0, '']);
    expect(existsSync(join(dir, 'dev', 'weft.db'))).toBe(true);
  });
});

describe('weft secrets --server', () => {
  it('sets, lists and rotates on a running server with an API key', async () => {
    const admin = 'admin-key-for-the-remote-test-012345';
    const server = await startServer({ mode: 'serve', port: 0, db: join(dir, 'remote.db'), watch: false, env: { WEFT_ADMIN_KEY: admin, WEFT_MASTER_KEY: K1, WEFT_LOG_LEVEL: 'silent', WEFT_SECRET_USAGE_FLUSH_MS: '50' } }, { out: () => {}, err: () => {} });
    try {
      const env = { WEFT_API_KEY: admin, WEFT_SERVER: server.url };
      expect(await weft(['secrets', 'set', 'shop/REMOTE'], { env, stdin: VALUE })).toMatchObject({ code: 0, out: 'shop/REMOTE version 1 created' });
      expect(server.app.vault.read('shop', 'REMOTE')).toBe(VALUE);
      const fn = join(dir, 'mint');
      mkdirSync(fn);
      writeFileSync(join(fn, 'index.ts'), 'export default async (i: { version: number }) => ({ value: "minted-" + i.version });');
      writeFileSync(join(fn, 'weft.json'), JSON.stringify({ name: 'mint', version: '1.0.0' }));
      expect((await weft(['fn', 'deploy', fn], { env })).code).toBe(0);
      expect(await weft(['secrets', 'rotate', 'shop/REMOTE', '--function', 'mint'], { env })).toMatchObject({ code: 0, out: 'shop/REMOTE rotated to version 2 by mint' });
      expect(server.app.vault.read('shop', 'REMOTE')).toBe('minted-1');
      const scheduled = await weft(['secrets', 'schedule', 'shop/REMOTE', '--function', 'mint', '--every', '30d'], { env });
      expect(scheduled.out, scheduled.err).toMatch(/^shop\/REMOTE rotates every 30d by mint; next at \S+Z$/);
      expect((await weft(['secrets', 'schedule', 'shop/REMOTE', '--every', '30d'], { env })).code).toBe(2);
      // A rotation function that is not deployed is refused now, not on the first due slot.
      const unknown = await weft(['secrets', 'schedule', 'shop/REMOTE', '--function', 'mint:9.9.9', '--every', '30d', '--json'], { env });
      expect([unknown.code, JSON.parse(unknown.err).code]).toEqual([2, 'WEFT_ERR_VAULT_ROTATION_FUNCTION']);
      expect((await weft(['secrets', 'schedule', 'shop/REMOTE', '--off'], { env })).out).toBe('shop/REMOTE: no scheduled rotation');
      const list = await weft(['secrets', 'list', '--json'], { env });
      expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ namespace: 'shop', name: 'REMOTE', version: 2, previous: expect.objectContaining({ version: 1 }) })]);
      // A run's read of version 2, written by the server within WEFT_SECRET_USAGE_FLUSH_MS, shown remotely.
      server.app.vault.forRun('shop', ['REMOTE'], 'shop/remote-reader:1.0.0');
      await new Promise((r) => setTimeout(r, 300));
      const shown = JSON.parse((await weft(['secrets', 'show', 'shop/REMOTE', '--json'], { env })).out) as { usedBy: unknown[] };
      expect(shown.usedBy).toEqual([expect.objectContaining({ version: 2, kind: 'workflow', reader: 'shop/remote-reader:1.0.0', count: 1 })]);
      const denied = await weft(['secrets', 'list'], { env: { WEFT_SERVER: server.url } });
      expect(denied.code).toBe(2);
    } finally {
      await server.stop();
    }
  });
});
