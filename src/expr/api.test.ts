import { describe, expect, it } from 'vitest';
import { ExprError, compile, evaluate, evaluateAll, stringify, toProblem } from './index.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as ExprError).code;
  }
  return undefined;
}

describe('evaluation API', () => {
  it('returns the first output, all outputs, or undefined when there is none', () => {
    expect(evaluate('.a, .b', { a: 1, b: 2 })).toBe(1);
    expect(evaluateAll('.a, .b', { a: 1, b: 2 })).toEqual([1, 2]);
    expect(evaluate('empty', null)).toBeUndefined();
    expect(evaluate('first(range(1e9))', null)).toBe(0);
  });

  it('passes variables as named arguments', () => {
    expect(evaluate('$input.x + $context.y', null, { input: { x: 1 }, context: { y: 2 } })).toBe(3);
    expect(evaluateAll('[$a, $b]', null, { a: 'x', b: null })).toEqual([['x', null]]);
  });

  it('reports an undefined variable as a syntax-coded error', () => {
    expect(codeOf(() => evaluate('$nope', null))).toBe('WEFT_ERR_EXPR_SYNTAX');
  });

  it('caches compiled programs by source', () => {
    expect(compile('.a + 1')).toBe(compile('.a + 1'));
    expect(compile('.a + 1').source).toBe('.a + 1');
  });

  it('streams outputs before an error', () => {
    const seen: unknown[] = [];
    expect(() => compile('1, 2, error("boom"), 3').run(null, {}, (v) => seen.push(v))).toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });

  it('never reads the host: env and $ENV are empty, input and files are not defined', () => {
    expect(evaluate('env', null)).toEqual({});
    expect(evaluate('$ENV', null)).toEqual({});
    for (const f of ['input', 'inputs', 'input_filename', '$__prog_args', 'import "a" as a; .']) {
      expect(codeOf(() => compile(f))).toBe('WEFT_ERR_EXPR_SYNTAX');
    }
  });

  it('takes the clock for `now` from the caller', () => {
    expect(evaluate('now', null, {}, { now: () => 1_700_000_000_500 })).toBe(1_700_000_000.5);
  });

  it('keeps objects with prototype-like keys plain', () => {
    expect(evaluate('.constructor', {})).toBeNull();
    expect(evaluate('.__proto__', JSON.parse('{"__proto__": 1}'))).toBe(1);
    expect(stringify(evaluate('{"__proto__": 2} | .a = 1', null)!)).toBe('{"__proto__":2,"a":1}');
    expect(evaluate('has("toString")', {})).toBe(false);
  });
});

describe('errors', () => {
  it('gives syntax errors a code and a position', () => {
    try {
      compile('.a |\n  .b ]');
      expect.unreachable();
    } catch (err) {
      const e = err as ExprError;
      expect(e.code).toBe('WEFT_ERR_EXPR_SYNTAX');
      expect(e.position).toEqual({ offset: 10, line: 2, column: 6 });
      expect(e.message).toMatch(/line 2, column 6/);
    }
  });

  it('maps errors to problem details with the DSL expression error type', () => {
    try {
      evaluate('1 + "a"', null);
      expect.unreachable();
    } catch (err) {
      expect(toProblem(err as ExprError)).toEqual({
        type: 'https://serverlessworkflow.io/spec/1.0.0/errors/expression',
        title: 'jq expression failed',
        status: 400,
        detail: 'number (1) and string ("a") cannot be added',
        code: 'WEFT_ERR_EXPR_RUNTIME',
      });
    }
  });

  // Found by the fuzzer (test/fuzz/jq.test.ts): the recursive-descent parser overflowed the JS stack and
  // compile() threw a bare RangeError, which the DSL check and the API took for an internal failure.
  it.each(['[', '(', '-', '{a:', '.a|'])('a filter nesting %s thousands of levels deep is a syntax error, not a RangeError', (open) => {
    const close = { '[': ']', '(': ')', '-': '', '{a:': '}', '.a|': '' }[open]!;
    expect(codeOf(() => compile(open.repeat(20_000) + '.' + close.repeat(20_000)))).toBe('WEFT_ERR_EXPR_SYNTAX');
  });

  it('carries the value of error(v) for try/catch', () => {
    expect(evaluate('try error({a: 1}) catch .a', null)).toBe(1);
    expect(codeOf(() => evaluate('error({a: 1})', null))).toBe('WEFT_ERR_EXPR_RUNTIME');
  });
});

describe('budget', () => {
  const budgetCases = [
    '[range(1e9)]',
    'repeat(.)',
    '[repeat(.)]',
    'def f: f; f',
    'def f: 1 + f; f',
    'reduce range(30) as $i ("xxxxxxxxxx"; . + .)',
    '[limit(20000000; repeat("x"))] | add',
    '"x" * 20000000',
    'reduce range(40) as $i ([1]; . + .)',
    'reduce range(40) as $i (1; [., .])',
    'last(range(1e9))',
    '[.[]?] | until(false; .)',
  ];
  it.each(budgetCases)('%s ends with a budget error, not a hang or a crash', (f) => {
    const start = Date.now();
    expect(codeOf(() => evaluateAll(f, null))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  // Found by the fuzzer (test/fuzz/jq.test.ts, seed 11): `repeat(@base64 "x\($__loc__)")` gathered one new
  // string per step, 5M of them, and the process died of heap exhaustion before the step budget ended it.
  it('bounds the outputs the all-outputs API gathers: their count and their total size', () => {
    const start = Date.now();
    expect(codeOf(() => evaluateAll('repeat("x" * 1000)', null))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(codeOf(() => evaluateAll('range(1e9)', null, {}, { limits: { maxArrayLength: 1000 } }))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(codeOf(() => evaluateAll('repeat("abc")', null, {}, { limits: { maxOutputSize: 10_000 } }))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(evaluateAll('range(1000)', null, {}, { limits: { maxArrayLength: 1000 } })).toHaveLength(1000);
    // Streaming (run) and the first output are not gathered: only the step budget ends them.
    let n = 0;
    expect(codeOf(() => compile('repeat(1)').run(null, {}, () => n++, { limits: { maxSteps: 10_000, maxArrayLength: 10 } }))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(n).toBeGreaterThan(10);
    expect(evaluate('repeat("abc")', null, {}, { limits: { maxOutputSize: 10 } })).toBe('abc');
  });

  it('cannot be caught by try or ?', () => {
    expect(codeOf(() => evaluate('try [range(1e9)] catch "caught"', null))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(codeOf(() => evaluate('[range(1e9)]?', null))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(codeOf(() => evaluate('(def f: f; f) // 1', null))).toBe('WEFT_ERR_EXPR_BUDGET');
  });

  it('is configurable per evaluation', () => {
    expect(codeOf(() => evaluateAll('[range(100)]', null, {}, { limits: { maxSteps: 50 } }))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(evaluateAll('[range(100)] | length', null, {}, { limits: { maxSteps: 500 } })).toEqual([100]);
  });

  it('leaves later evaluations unaffected', () => {
    expect(codeOf(() => evaluateAll('[range(1e9)]', null))).toBe('WEFT_ERR_EXPR_BUDGET');
    expect(evaluate('[range(10)] | add', null)).toBe(45);
  });
});
