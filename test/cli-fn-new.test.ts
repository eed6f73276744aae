/**
 * `weft fn new`: each template's folder deploys as it is, passes its own unit test under `node --test`,
 * and type-checks against `weft/sdk` (what an editor resolves to complete `ctx.…`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'weft-fn-new-'));
// As in a project that installed weft: `weft/sdk` resolves through node_modules (here, to this checkout).
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules', 'weft'));
symlinkSync(join(root, 'node_modules', '@types'), join(dir, 'node_modules', '@types'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const weft = (...args: string[]) => run(process.execPath, ['bin/weft.js', ...args]);
const db = join(dir, 'weft.db');

describe('weft fn new', () => {
  for (const template of ['transform', 'http', 'event']) {
    it(`--template ${template}: a folder that deploys, passes its own test and type-checks against weft/sdk`, () => {
      const made = weft('fn', 'new', `my-${template}`, '--template', template, '--dir', dir, '--json');
      expect(made.code).toBe(0);
      const folder = join(dir, `my-${template}`);
      expect(JSON.parse(made.out)).toEqual({ name: `my-${template}`, template, folder, files: ['index.ts', 'weft.json', 'index.test.ts', 'tsconfig.json'] });
      expect(readFileSync(join(folder, 'index.ts'), 'utf8')).toContain("import type { Handler } from 'weft/sdk';");

      const tested = run(process.execPath, ['--test', join(folder, 'index.test.ts')]);
      expect(tested.code, tested.out + tested.err).toBe(0);
      expect(tested.out).toMatch(/ℹ fail 0/);
      const typed = run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', folder]);
      expect(typed.code, typed.out + typed.err).toBe(0);
      const deployed = weft('fn', 'deploy', folder, '--db', db, '--json');
      expect(deployed.code, deployed.err).toBe(0);
      expect(JSON.parse(deployed.out)).toMatchObject({ name: `my-${template}`, version: '0.1.0', created: true });
    });
  }

  it('the transform runs as deployed', () => {
    const r = weft('fn', 'invoke', 'my-transform', '--db', db, '--input', '{"items":[{"sku":"a","qty":2,"price":1.25}]}');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ total: 2.5, count: 1 });
  });

  it('says what to do next without --json', () => {
    const r = weft('fn', 'new', 'plain', '--dir', dir);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      `created ${join(dir, 'plain')}/ (transform): index.ts, weft.json, index.test.ts, tsconfig.json`,
      `  test it:   node --test ${join(dir, 'plain', 'index.test.ts')}`,
      `  deploy it: weft fn deploy ${join(dir, 'plain')}`,
    ]);
  });

  it('refuses a bad name, an unknown template and a folder that exists (exit 2), and overwrites nothing', () => {
    expect(JSON.parse(weft('fn', 'new', 'Bad_Name', '--dir', dir, '--json').err)).toMatchObject({ code: 'WEFT_ERR_CLI_ARG' });
    const unknown = weft('fn', 'new', 'ok-name', '--template', 'cron', '--dir', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err.trim().split('\n')).toEqual([
      'weft: --template cron is not one of transform, http, event [WEFT_ERR_CLI_ARG]',
      '  → Correct the value the message names; `weft <command> --help` (and docs/cli.md) lists what each command takes.',
    ]);
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'index.ts'), 'mine');
    const taken = weft('fn', 'new', 'taken', '--dir', dir, '--json');
    expect(taken.code).toBe(2);
    expect(JSON.parse(taken.err)).toMatchObject({ code: 'WEFT_ERR_CLI_EXISTS' });
    expect(readFileSync(join(dir, 'taken', 'index.ts'), 'utf8')).toBe('mine');
  });
});
