import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'weft', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('weft expr', () => {
  it('prints all outputs as one JSON array on one line', async () => {
    expect(await run('expr', '.a, .b', '--input', '{"a":1,"b":[2]}')).toEqual({ code: 0, out: '[1,[2]]', err: '' });
    expect(await run('expr', 'empty')).toEqual({ code: 0, out: '[]', err: '' });
  });

  it('passes --arg values as variables', async () => {
    expect((await run('expr', '[$a, $b]', '--arg', 'a=1', '--arg', 'b={"x":true}')).out).toBe('[[1,{"x":true}]]');
  });

  it('says what is wrong in one line for people, then what to do, and exits 2 on a syntax error (the command is wrong)', async () => {
    const human = await run('expr', '.a |');
    expect(human).toEqual({ code: 2, out: '', err: expect.stringMatching(/^weft: .+ \[WEFT_ERR_EXPR_SYNTAX\]\n {2}→ Fix the filter where the message points .+$/) });
  });

  it('prints the problem as JSON with --json', async () => {
    const r = await run('expr', '.a |', '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const problem = JSON.parse(r.err);
    expect(problem).toMatchObject({ type: 'https://serverlessworkflow.io/spec/1.0.0/errors/expression', code: 'WEFT_ERR_EXPR_SYNTAX', status: 400 });
    expect(problem.position).toEqual({ offset: 4, line: 1, column: 5 });
  });

  it('reports runtime errors and budget errors (exit 1: the filter failed) and bad input (exit 2) as problems', async () => {
    const runtime = await run('expr', '1 + "a"', '--json');
    expect([runtime.code, JSON.parse(runtime.err).code]).toEqual([1, 'WEFT_ERR_EXPR_RUNTIME']);
    const budget = await run('expr', '[range(1e9)]', '--json');
    expect([budget.code, JSON.parse(budget.err).code]).toEqual([1, 'WEFT_ERR_EXPR_BUDGET']);
    const bad = await run('expr', '.', '--input', '{nope', '--json');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err)).toMatchObject({ code: 'WEFT_ERR_CLI_JSON', type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation' });
    expect(JSON.parse((await run('expr', '$x', '--arg', 'nonsense', '--json')).err).code).toBe('WEFT_ERR_CLI_ARG');
  });

  it('works through the installed bin', () => {
    const r = spawnSync(process.execPath, ['bin/weft.js', 'expr', '{x: .a}', '--input', '{"a":5}'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('[{"x":5}]');
    expect(r.status).toBe(0);
    const bad = spawnSync(process.execPath, ['bin/weft.js', 'expr', '.[', '--json'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr).code).toBe('WEFT_ERR_EXPR_SYNTAX');
  });
});
