/**
 * Property-based fuzzing of the jq compiler and evaluator (src/expr): random filters from a grammar
 * (jq-arbitraries.ts) and mutated filter text on random JSON. Properties: only ExprError escapes
 * (WEFT_ERR_EXPR_SYNTAX | _RUNTIME | _BUDGET — no TypeError, RangeError or stack overflow), each case
 * finishes within CASE_MS, results are deterministic, and on a safe subset the outputs agree with the
 * jq binary (/usr/bin/jq, when installed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExprError, type Json, compile } from '../../src/expr/index.js';
import { bounded, params, timeout } from './config.js';
import { jqFilter, jqInput, jqText } from './jq-arbitraries.js';

/** Tighter than the defaults so that each case is quick; the bounds themselves are what is exercised. */
const LIMITS = { maxSteps: 200_000, maxStringLength: 1_000_000, maxArrayLength: 100_000, maxOutputSize: 1_000_000 };
const VARS = { x: { a: 1, b: [true, 'x'] } };
const NOW = 1_700_000_000_000;

type Outcome = { ok: Json[] } | { error: string; code: string };

/** Compiles and runs; ExprError becomes an outcome, anything else escapes (and fails the property). */
function outcome(src: string, input: Json): Outcome {
  try {
    return { ok: compile(src)(input, VARS, { limits: LIMITS, now: () => NOW }) };
  } catch (err) {
    if (err instanceof ExprError && /^WEFT_ERR_EXPR_(SYNTAX|RUNTIME|BUDGET)$/.test(err.code)) return { error: err.message, code: err.code };
    throw err;
  }
}

function check(src: string, input: Json): void {
  const a = bounded(`jq ${JSON.stringify(src)}`, () => outcome(src, input));
  const b = bounded(`jq ${JSON.stringify(src)} (again)`, () => outcome(src, input));
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
}

describe('fuzz: jq compiler and evaluator', () => {
  it('grammar-generated filters on random JSON: only coded errors, bounded, deterministic', () => {
    fc.assert(fc.property(jqFilter, jqInput, check), params(1500));
  }, timeout(1500, 20));

  it('mutated and random filter text: compile errors are syntax errors with a position', () => {
    fc.assert(
      fc.property(jqText, jqInput, (src, input) => {
        check(src, input);
        try {
          bounded('compile', () => compile(src));
        } catch (err) {
          if (!(err instanceof ExprError)) throw err;
          expect(err.code).toBe('WEFT_ERR_EXPR_SYNTAX');
          expect(err.position).toBeDefined();
        }
      }),
      params(1500),
    );
  }, timeout(1500, 10));

  it('deep nesting in filters and inputs ends in a coded error, not a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '(', '{a:', '-', 'not|', '.a|', 'try ', '"\\(', 'def f: '), (n, open) => {
        const close = { '[': ']', '(': ')', '{a:': '}', '-': '', 'not|': '', '.a|': '', 'try ': '', '"\\(': ')"', 'def f: ': '; f' }[open]!;
        check(open.repeat(n) + '.' + close.repeat(n), null);
        // Inputs stop at 1,500 levels: path expressions copy each path, so `..|=` is quadratic in the
        // depth (3,356 levels: 1.2 s with the default limits; reported, not a crash).
        let deep: Json = 1;
        for (let i = 0; i < Math.min(n, 1_500); i++) deep = [deep];
        check('[paths] | length', deep);
        check('tojson | fromjson | tostring | length', deep);
        check('.. |= .', deep);
      }),
      params(15, { costly: true }),
    );
  }, timeout(15, 1000, { costly: true }));
});

const JQ = '/usr/bin/jq';
const hasJq = existsSync(JQ) && spawnSync(JQ, ['--version']).status === 0;

/** A subset where jq 1.6 (Debian) and 1.7.1 agree: integers, ASCII keys, no division, constant catch values. */
const safeFilter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => {
  const f = tie('f');
  return {
    f: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      fc.constantFrom('.', '.a', '.b', '.a.b', '.[0]', '.[]', 'length', 'keys', 'sort', 'add', 'type', 'tostring', 'not', 'null', 'true', '1', '2', '-3', '"s"', '[]', '{}', 'empty', 'to_entries', 'tojson', 'values', 'flatten', 'unique', 'min', 'max', 'any', 'all'),
      fc.tuple(f, fc.constantFrom('|', ',', '+', '-', '*', '==', '!=', '<', '>=', 'and', 'or', '//'), f).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      f.map((a) => `[${a}]`),
      fc.tuple(f, f).map(([a, b]) => `{a: (${a}), b: (${b})}`),
      fc.tuple(f, f, f).map(([c, a, b]) => `if ${c} then ${a} else ${b} end`),
      f.map((a) => `map(${a})`),
      f.map((a) => `select(${a})`),
      f.map((a) => `[.[] | ${a}]`),
      fc.tuple(fc.integer({ min: 0, max: 6 }), f).map(([n, a]) => `reduce range(0; ${n}) as $i (${a}; . + $i)`),
      fc.tuple(fc.integer({ min: 1, max: 4 }), f).map(([n, a]) => `[limit(${n}; ${a})]`),
      f.map((a) => `(${a}) as $v | [$v, .]`),
      f.map((a) => `"<\\(${a})>"`),
      f.map((a) => `def g: ${a}; [g, g]`),
      f.map((a) => `[paths(${a})]`),
      fc.constantFrom('test("a")', 'sub("a"; "b")', 'ascii_downcase', 'split(",")', 'join("-")', '[range(3)]', '[range(1; 4)]', 'has("a")', 'to_entries', 'with_entries(.value |= tostring)'),
    ),
  };
}).f.chain((f) => fc.constantFrom(f, `try (${f}) catch "caught"`));

const safeValue: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.constantFrom(null, true, false),
    fc.integer({ min: -50, max: 50 }),
    fc.stringMatching(/^[a-c,]{0,4}$/),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

/** What jq prints, one output per line, or 'error' when it exits non-zero. */
function jqBinary(src: string, input: Json): Json[] | 'error' {
  const r = spawnSync(JQ, ['-c', src], { input: JSON.stringify(input), encoding: 'utf8', timeout: 5_000 });
  if (r.status !== 0) return 'error';
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json);
}

describe.skipIf(!hasJq)('fuzz: jq differential against /usr/bin/jq (safe subset)', () => {
  it('same outputs, or both fail', () => {
    fc.assert(
      fc.property(safeFilter, safeValue, (src, input) => {
        const ours = outcome(src, input);
        const theirs = jqBinary(src, input);
        if ('error' in ours || theirs === 'error') {
          expect({ src, input, ours: 'error' in ours ? 'error' : ours.ok }).toEqual({ src, input, ours: theirs });
          return;
        }
        expect({ src, input, ours: ours.ok }).toEqual({ src, input, ours: theirs });
      }),
      // Left out where jq 1.6 (the Debian binary) and 1.7.1 differ: limit(0; f) (1.6 emits one value), reverse
      // of a string (1.6 fails), and `try`/`?` anywhere but around the whole filter (1.6 also catches errors
      // raised after the try: `(try [0,0] catch "c") * 0` is null in 1.6, an error in 1.7.1).
      params(150, { costly: true }),
    );
  }, timeout(150, 60, { costly: true }));
});
