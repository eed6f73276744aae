/** `weft run` and `weft validate` through the built bin: exit codes, JSON shapes, durability on --db. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'weft-cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function weft(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/weft.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

const head = (name: string) => `document: { dsl: '1.0.0', namespace: test, name: ${name}, version: '1.0.0' }\n`;
const ok = file('ok.yaml', `${head('ok')}do:\n  - a: { set: { y: '\${ .x + 1 }' } }\n  - pause: { wait: PT0.05S }\n`);
const bad = file('bad.yaml', `${head('bad')}do:\n  - boom: { raise: { error: { type: 'https://example.com/e', status: 422, title: Nope } } }\n`);
const invalid = file('invalid.yaml', `${head('invalid')}do:\n  - a: { set: { y: 1 }, then: nowhere }\n`);
const container = file('container.yaml', `${head('container')}do:\n  - c: { run: { container: { image: alpine } } }\n`);

describe('weft run', () => {
  it('prints {"id":…,"status":"completed","output":…} and exits 0', () => {
    const r = weft('run', ok, '--input', '{"x": 41}', '--memory', '--json');
    expect({ ...r, out: JSON.parse(r.out) }).toEqual({ code: 0, out: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'completed', output: { y: 42 } }, err: '' });
  });

  it('takes the input from a file, prints the output pretty without --json and the run id on stderr', () => {
    const r = weft('run', ok, '--input-file', file('in.json', '{"x": 1}'), '--memory');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ y: 2 });
    expect(r.err).toMatch(/^weft: run [0-9a-f-]{36} completed$/);
  });

  it('prints the error with its instance and exits 1 when the run faults', () => {
    const r = weft('run', bad, '--memory', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ id: expect.any(String), status: 'faulted', error: { type: 'https://example.com/e', status: 422, title: 'Nope', instance: '/do/0/boom' } });
  });

  it('refuses invalid documents, unsupported features and bad usage with a problem on stderr and exit 2', () => {
    const inv = weft('run', invalid, '--memory', '--json');
    expect(inv.code).toBe(2);
    expect(JSON.parse(inv.err)).toMatchObject({ code: 'WEFT_ERR_DSL_INVALID', problems: [{ pointer: '/do/0/a/then' }] });
    // For people: the headline, then each problem with its pointer.
    const human = weft('run', invalid, '--memory').err.split('\n');
    expect(human[0]).toBe(`weft: ${invalid} is not a valid workflow [WEFT_ERR_DSL_INVALID]`);
    expect(human[1]).toMatch(/^ {2}\/do\/0\/a\/then: /);
    const unsupported = weft('run', container, '--memory', '--json');
    expect(unsupported.code).toBe(2);
    expect(JSON.parse(unsupported.err)).toMatchObject({ type: 'https://serverlessworkflow.io/spec/1.0.0/errors/configuration', instance: '/do/0/c/run/container' });
    expect(weft('run', ok, '--input', '{nope', '--memory').code).toBe(2);
    // A YAML syntax error is said once, with its line and column.
    const yaml = weft('run', file('broken.yaml', `${head('broken')}do:\n  - a: { set: { x: 1 }\n  - b: [\n`), '--memory', '--json');
    expect(yaml.code).toBe(2);
    const problem = JSON.parse(yaml.err);
    expect(problem.problems).toHaveLength(1);
    expect(problem.problems[0].message).toMatch(/^invalid YAML \(.*broken\.yaml:4:3\): /);
    expect(problem.detail.match(/invalid YAML/g)).toHaveLength(1);
    expect(weft('run', join(dir, 'missing.yaml'), '--memory').code).toBe(2);
  });

  it('keeps the run and its journal in the --db database', () => {
    const db = join(dir, 'runs', 'weft.db');
    expect(weft('run', ok, '--input', '{"x": 2}', '--db', db, '--json').code).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    const run = sqlite.prepare('SELECT status, output FROM runs').get() as { status: string; output: string };
    const kinds = sqlite.prepare('SELECT kind FROM journal ORDER BY seq').all().map((r) => (r as { kind: string }).kind);
    sqlite.close();
    expect(run).toEqual({ status: 'completed', output: '{"y":3}' });
    expect(kinds).toEqual(['started', 'resolved', 'completed']);
  });
});

describe('weft run --functions', () => {
  const order = '{"orderId":"o-1","customer":{"id":"c-7","country":"NL"},"items":[{"sku":"tea","qty":2,"price":4.5}]}';

  it('deploys the folder\'s functions and runs the demo order flow, its HTTP call to the inventory function included', () => {
    const r = weft('run', 'examples/order-flow.yaml', '--functions', 'examples', '--memory', '--input', order, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'completed', output: { orderId: 'o-1', status: 'placed', total: 10.89, currency: 'EUR' } });
    expect(r.err.split('\n')).toEqual(['inventory', 'notify', 'price', 'risk'].map((f) => `weft: function ${f}@1.0.0 deployed (examples/functions/${f})`));
  });

  it('refuses a folder without functions, or one that cannot be read, before running (exit 2)', () => {
    const none = weft('run', ok, '--functions', dir, '--memory', '--json');
    expect(none.code).toBe(2);
    expect(JSON.parse(none.err)).toMatchObject({ code: 'WEFT_ERR_CLI_ARG' });
    expect(JSON.parse(weft('run', ok, '--functions', join(dir, 'missing'), '--memory', '--json').err)).toMatchObject({ code: 'WEFT_ERR_CLI_FILE' });
  });
});

describe('weft validate', () => {
  it('exits 0 for a valid document and 1 with pointers for an invalid one', () => {
    expect(weft('validate', ok).code).toBe(0);
    const r = weft('validate', invalid, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ valid: false, problems: [{ pointer: '/do/0/a/then', severity: 'error' }] });
  });

  it('accepts unsupported features as warnings', () => {
    const r = weft('validate', container, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).problems[0]).toMatchObject({ severity: 'warning', code: 'WEFT_WARN_DSL_UNSUPPORTED' });
  });
});
