import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_WORK, ecmaPattern, toRe2Source } from './ecma-pattern.js';
import { createAjv } from './json-schema.js';
import { validateDocument } from './validate.js';

const LINEAR = "Weft's regular expressions run in linear time (RE2)";

const compileError = (pattern: string): string | null => {
  try {
    createAjv().compile({ type: 'string', pattern });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('createAjv: JSON Schema patterns on RE2', () => {
  it('rejects a catastrophic pattern in linear time', () => {
    const validate = createAjv({ allErrors: true }).compile({ type: 'string', pattern: '^(a+)+$' });
    const hostile = 'a'.repeat(100_000) + '!';
    const t0 = performance.now();
    expect(validate(hostile)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(validate('aaa')).toBe(true);
  });

  it('patternProperties run on RE2 too', () => {
    const validate = createAjv().compile({ type: 'object', patternProperties: { '^(a|a)*$': { type: 'number' } } });
    const t0 = performance.now();
    expect(validate({ ['a'.repeat(50_000) + '!']: 'x', aa: 1 })).toBe(true);
    expect(validate({ aa: 'x' })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('keeps ECMA-262 meaning where RE2 differs', () => {
    const ok = (pattern: string, s: string) => createAjv().compile({ type: 'string', pattern })(s);
    expect(ok('^\\s$', '\u00a0')).toBe(true); // JavaScript's \s is Unicode
    expect(ok('^\\S$', '\u00a0')).toBe(false);
    expect(ok('^a.b$', 'a\rb')).toBe(false); // JavaScript's . excludes \r
    expect(ok('^\\p{Script=Greek}+$', 'αβ')).toBe(true);
    expect(ok('^\\u00e9\\u{1F600}$', 'é😀')).toBe(true);
    expect(ok('^(?<year>\\d{4})-\\d{2}$', '2024-05')).toBe(true);
    expect(ok('[^]', 'x')).toBe(true);
    expect(ok('(?<=a)b', 'ab')).toBe(true); // lookbehind: linear in re2js
    expect(ok('^[a-z]+@[a-z]+\\.com$', 'alice@example.com')).toBe(true);
    expect(ok('b', 'abc')).toBe(true); // unanchored, as in JSON Schema
  });

  it('distinct patterns stay distinct (ajv caches them by toString)', () => {
    const validate = createAjv().compile({
      type: 'object',
      properties: { a: { type: 'string', pattern: '^a$' }, b: { type: 'string', pattern: '^b$' } },
    });
    expect(validate({ a: 'a', b: 'b' })).toBe(true);
    expect(validate({ a: 'a', b: 'a' })).toBe(false);
  });

  it.each([
    ['^(a)\\1$', '\\1 (backreference) is not supported: backreferences need backtracking'],
    ['^(?<n>a)\\k<n>$', '\\k<…> (backreference) is not supported'],
    ['a(?=b)', '(?=…) (lookahead) is not supported: lookahead needs backtracking'],
    ['a(?!b)', '(?!…) (lookahead) is not supported'],
  ])('refuses %s when the schema compiles', (pattern, message) => {
    const e = compileError(pattern);
    expect(e).toContain(message);
    expect(e).toContain(LINEAR);
  });

  it('an invalid pattern fails compilation with RE2 message', () => {
    expect(compileError('a{1001}')).toContain('invalid repeat count');
    expect(compileError('(')).toContain('missing closing )');
  });

  it('a test whose worst-case work (length × program size) is over the bound does not match, at once', () => {
    const re = ecmaPattern('.{1000}!');
    const under = 'a'.repeat(Math.floor(MAX_PATTERN_WORK / re.size) - 1) + '!';
    expect(re.test(under)).toBe(true);
    const t0 = performance.now();
    expect(re.test('a'.repeat(1_000_000) + '!')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(50);
    const validate = createAjv().compile({ type: 'string', pattern: '.{1000}!' });
    expect(validate('a'.repeat(1_000_000) + '!')).toBe(false);
  });

  it('a valid pattern translates to itself', () => {
    expect(toRe2Source('^[a-z0-9-]+$')).toBe('^[a-z0-9-]+$');
  });

  it('formats are added on request', () => {
    expect(createAjv({}, { formats: true }).compile({ type: 'string', format: 'email' })('nope')).toBe(false);
  });
});

describe('no ajv is created outside createAjv', () => {
  it('every `new Ajv…(` in src is in json-schema.ts', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') && /new Ajv\w*\(/.test(readFileSync(path, 'utf8'))) {
          offenders.push(relative(root, path));
        }
      }
    };
    visit(root);
    expect(offenders).toEqual(['dsl/json-schema.ts']);
  });
});

describe('workflow documents: their JSON Schemas compile at registration', () => {
  const doc = (pattern: string) => ({
    document: { dsl: '1.0.0', namespace: 'default', name: 'wf', version: '1.0.0' },
    input: { schema: { format: 'json', document: { type: 'object', properties: { s: { type: 'string', pattern } } } } },
    do: [{ a: { set: { x: 1 }, output: { schema: { document: { type: 'string', pattern } } } } }],
  });

  it('a catastrophic pattern is accepted (it runs on RE2)', () => {
    expect(validateDocument(doc('^(a+)+$')).valid).toBe(true);
  });

  it('a pattern RE2 cannot run is a problem at the schema document', () => {
    const r = validateDocument(doc('^(a)\\1$'));
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/input/schema/document', 'WEFT_ERR_DSL_SCHEMA'],
      ['/do/0/a/output/schema/document', 'WEFT_ERR_DSL_SCHEMA'],
    ]);
    expect(r.problems[0].message).toContain('\\1 (backreference) is not supported');
  });
});
