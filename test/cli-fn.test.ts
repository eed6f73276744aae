/** `weft fn deploy|list|alias` through the bin on a temporary database. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-cli-fn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'weft.db');

function fnFolder(name: string, version: string, body: string): string {
  const d = join(dir, `${name}-${version}`);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'index.ts'), body);
  writeFileSync(join(d, 'weft.json'), JSON.stringify({ name, version }));
  return d;
}

function weft(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/weft.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('weft fn', () => {
  const v1 = fnFolder('price', '1.0.0', 'export default async (i: { n: number }) => ({ price: i.n * 2 });');
  const v2 = fnFolder('price', '1.1.0', 'export default async (i: { n: number }) => ({ price: i.n * 3 });');

  it('deploys versions once; a redeploy of the same content is a no-op', () => {
    expect(JSON.parse(weft('fn', 'deploy', v1, '--db', db, '--json').out)).toMatchObject({ name: 'price', version: '1.0.0', created: true });
    expect(JSON.parse(weft('fn', 'deploy', v1, '--db', db, '--json').out)).toMatchObject({ created: false });
    expect(weft('fn', 'deploy', v2, '--db', db).out).toMatch(/^price@1\.1\.0 deployed/);
  });

  it('keeps the deployed folder\'s source with the version (weft.json left out)', async () => {
    const store = SqliteStore.open(db);
    try {
      expect((await store.functions.getVersion('price', '1.0.0'))?.source).toEqual({ entry: 'index.ts', files: { 'index.ts': 'export default async (i: { n: number }) => ({ price: i.n * 2 });' } });
    } finally {
      await store.close();
    }
  });

  it('refuses a changed version and a bad manifest with a problem', () => {
    const changed = fnFolder('price', '1.0.0', 'export default async () => 0;');
    const r = weft('fn', 'deploy', changed, '--db', db, '--json');
    // Refused (exit 2): the command can be fixed by bumping the version.
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err)).toMatchObject({ code: 'WEFT_ERR_FN_VERSION_EXISTS', status: 409 });
    // Without --json: one line that says what failed, then what to do.
    expect(weft('fn', 'deploy', changed, '--db', db).err.split('\n')).toEqual([
      'weft: price@1.0.0 is already deployed with different code or manifest; versions are immutable, so bump "version" in weft.json [WEFT_ERR_FN_VERSION_EXISTS]',
      '  → Bump `version` in `weft.json` and deploy again (deploying the very same code and manifest again is accepted).',
    ]);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'index.js'), 'export default () => 1;');
    writeFileSync(join(bad, 'weft.json'), JSON.stringify({ name: 'Bad Name', version: 'x' }));
    expect(JSON.parse(weft('fn', 'deploy', bad, '--db', db, '--json').err)).toMatchObject({ code: 'WEFT_ERR_FN_MANIFEST' });
  });

  it('points aliases at versions, splits traffic by weight, and lists it all', () => {
    expect(weft('fn', 'alias', 'price', 'live', '1.0.0', '--weight', '1.1.0=10', '--db', db).code).toBe(0);
    const list = JSON.parse(weft('fn', 'list', '--db', db, '--json').out);
    expect(list).toEqual([
      { name: 'price', latest: '1.1.0', versions: ['1.1.0', '1.0.0'], aliases: [{ alias: 'live', routes: [{ version: '1.0.0', weight: 90 }, { version: '1.1.0', weight: 10 }] }], description: '' },
    ]);
    expect(weft('fn', 'alias', 'price', 'live', '3.0.0', '--db', db).code).toBe(2);
    expect(weft('fn', 'alias', 'price', 'live', '1.0.0', '--weight', 'nonsense', '--db', db).code).toBe(2);
  });
});

describe('weft fn invoke and logs', () => {
  it('invokes a deployed function and keeps its invocation with the logs', () => {
    const d = fnFolder('hello', '1.0.0', 'export default async (i: { who: string }, ctx: any) => { console.log(`hello ${i.who}`); ctx.log.warn("careful"); return { greeting: `hi ${i.who}` }; };');
    expect(weft('fn', 'deploy', d, '--db', db).code).toBe(0);
    expect(weft('fn', 'invoke', 'hello:1.0.0', '--input', '{"who":"ada"}', '--db', db)).toEqual({ code: 0, out: '{"greeting":"hi ada"}', err: '' });
    const records = JSON.parse(weft('fn', 'logs', 'hello', '--json', '--db', db).out);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: 'hello', version: '1.0.0', ok: true, cold: true, logs: [{ level: 'info', message: 'hello ada' }, { level: 'warn', message: 'careful' }] });
    const text = weft('fn', 'logs', 'hello', '--db', db).out;
    expect(text).toMatch(/hello@1\.0\.0 .* cold .* ok\n {2}info {2}hello ada/);
    // Timings are said to a tenth of a millisecond, not as the clock's raw fractions.
    expect(text).toMatch(/ queue \d+(\.\d)?ms run \d+(\.\d)?ms ok\n/);
    const missing = weft('fn', 'invoke', 'nope', '--db', db, '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.err)).toMatchObject({ status: 404 });
    // The function ran and failed: exit 1, like a faulted run.
    const throws = fnFolder('throws', '1.0.0', 'export default async () => { throw new Error("boom"); };');
    expect(weft('fn', 'deploy', throws, '--db', db).code).toBe(0);
    const failed = weft('fn', 'invoke', 'throws', '--db', db);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/^weft: .*boom.* \[WEFT_ERR_FN_RUNTIME\]/);
  });
});
