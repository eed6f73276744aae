import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse.js';

describe('parseDocument', () => {
  it('parses YAML', () => {
    const r = parseDocument('document:\n  dsl: 1.0.3\ndo: []\n');
    expect(r).toEqual({ document: { document: { dsl: '1.0.3' }, do: [] }, problems: [] });
  });

  it('parses JSON, including JSON that only YAML accepts (comments, trailing commas)', () => {
    expect(parseDocument('  {"do": [{"a": {"wait": "PT1S"}}]}').document).toEqual({ do: [{ a: { wait: 'PT1S' } }] });
    expect(parseDocument('{"do": [], # a comment\n "x": 1,}').document).toEqual({ do: [], x: 1 });
  });

  it('strips a byte-order mark', () => {
    expect(parseDocument('\uFEFFa: 1').document).toEqual({ a: 1 });
  });

  it('reports YAML syntax errors at the document, with line and column', () => {
    const r = parseDocument('do:\n  - a:\n      set: [1, 2\n', { filename: 'flow.yaml' });
    expect(r.document).toBeUndefined();
    expect(r.problems).toEqual([
      {
        pointer: '',
        severity: 'error',
        code: 'WEFT_ERR_DSL_SYNTAX',
        message: 'invalid YAML (flow.yaml:4:1): Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('positions errors in broken JSON by line and column', () => {
    const r = parseDocument('{\n  "a": "x"\n  "b": 1\n}');
    expect(r.document).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual(['invalid JSON (line 3, column 3): Missing , between flow map items']);
  });

  it('rejects duplicate keys', () => {
    const r = parseDocument('a: 1\na: 2\n');
    expect(r.document).toBeUndefined();
    expect(r.problems[0].message).toMatch(/line 2, column 1/);
  });

  it('bounds alias expansion', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const r = parseDocument(bomb.join('\n'));
    expect(r.document).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_LIMIT', message: expect.stringMatching(/more than 20000 entries/) });
  });

  it('parses an empty text to null (the schema then says what is missing)', () => {
    expect(parseDocument('')).toEqual({ document: null, problems: [] });
  });
});

describe('document shape bounds', () => {
  it('refuses a self-referencing YAML alias and nesting beyond 128 levels, without overflowing the stack', () => {
    const cyclic = parseDocument('document: &a [*a]\n');
    expect(cyclic.document).toBeUndefined();
    expect(cyclic.problems).toMatchObject([{ code: 'WEFT_ERR_DSL_SYNTAX', message: expect.stringMatching(/refers to itself/) }]);
    const deep = '['.repeat(3000) + ']'.repeat(3000);
    expect(parseDocument(deep).problems[0].message).toMatch(/deeper than 128 levels/);
    const ok = '['.repeat(128) + ']'.repeat(128);
    expect(parseDocument(ok).problems).toEqual([]);
    expect(parseDocument('['.repeat(129) + ']'.repeat(129)).problems[0].code).toBe('WEFT_ERR_DSL_LIMIT');
    // The same bound for YAML, block and flow (a trailing comma makes the text YAML-only).
    expect(parseDocument('['.repeat(128) + ']'.repeat(128) + ' # c').problems).toEqual([]);
    expect(parseDocument('['.repeat(129) + ']'.repeat(129) + ' # c').problems[0].message).toMatch(/deeper than 128 levels/);
    let block = '';
    for (let i = 0; i < 129; i++) block += ' '.repeat(i) + 'a:\n';
    expect(parseDocument(block + ' '.repeat(129) + 'b: 1\n').problems[0].message).toMatch(/deeper than 128 levels/);
    // Shared (non-cyclic) aliases are fine.
    expect(parseDocument('a: &x {b: 1}\nc: *x\nd: *x\n').document).toEqual({ a: { b: 1 }, c: { b: 1 }, d: { b: 1 } });
  });
});
