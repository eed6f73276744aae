/**
 * Hostile documents: each is refused with a clear problem, or parsed, within a bound of event-loop time.
 * The bound asserted here (BUDGET_MS) is loose because the suite shares its CPU; the figures measured
 * alone are in src/dsl/README.md.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_DOCUMENT_LIMITS } from './document-limits.js';
import { parseDocument } from './parse.js';

const BUDGET_MS = 250;

function timed(text: string) {
  parseDocument(text.slice(0, 2000)); // warm the parser's code paths
  const t = performance.now();
  const r = parseDocument(text);
  return { ...r, ms: performance.now() - t };
}

const mapping = (n: number) => 'document:\n  dsl: 1.0.0\nbig:\n' + Array.from({ length: n }, (_, i) => `  k${i}: v\n`).join('');
const laughs = () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  return lines.join('\n') + '\n';
};

describe('hostile documents', () => {
  const cases: [string, () => string, RegExp, string][] = [
    ['a 60,000-key YAML mapping (700 KB)', () => mapping(60_000), /larger than 262144 bytes, the bound for YAML; send a document this large as JSON/, 'WEFT_ERR_DSL_LIMIT'],
    ['a 25,000-key YAML mapping (225 KB)', () => 'a:\n' + Array.from({ length: 25_000 }, (_, i) => ` ${i.toString(36)}: 1\n`).join(''), /more than 5000 lines, flow entries and collections/, 'WEFT_ERR_DSL_LIMIT'],
    ['a 25,000-key flow mapping on one line', () => '{' + Array.from({ length: 25_000 }, (_, i) => `${i.toString(36)}: v`).join(', ') + '}', /more than 20000 entries/, 'WEFT_ERR_DSL_LIMIT'],
    ['a 6,000-entry flow sequence after a comment', () => '# c\n[' + Array(6_000).fill('x').join(', ') + ']', /more than 5000 lines, flow entries/, 'WEFT_ERR_DSL_LIMIT'],
    ['a megabyte of nested flow sequences', () => '['.repeat(500_000) + ']'.repeat(500_000), /deeper than 128 levels/, 'WEFT_ERR_DSL_LIMIT'],
    ['nested flow sequences hiding brackets in strings', () => '[ "]", '.repeat(40_000), /deeper than 128 levels/, 'WEFT_ERR_DSL_LIMIT'],
    ['a line of 100,000 `- - - -`', () => '- '.repeat(100_000) + 'x\n', /more than 5000 lines|deeper than 128/, 'WEFT_ERR_DSL_LIMIT'],
    ['a billion laughs', laughs, /more than 20000 entries/, 'WEFT_ERR_DSL_LIMIT'],
    ['1,000 aliases', () => 'a: &a x\nb:\n' + '- *a\n'.repeat(1_000), /more than 100 YAML aliases/, 'WEFT_ERR_DSL_LIMIT'],
    ['4,000 anchors', () => Array.from({ length: 4_000 }, (_, i) => `k${i}: &a${i} v\n`).join(''), /more than 100 YAML anchors/, 'WEFT_ERR_DSL_LIMIT'],
    ['a 250 KB !!binary blob', () => 'blob: !!binary |\n' + ('  ' + 'QUJD'.repeat(19) + '\n').repeat(3200), /YAML tags are not accepted \(!!binary\)/, 'WEFT_ERR_DSL_YAML_TAG'],
    ['a 900 KB !!binary blob', () => 'blob: !!binary |\n' + ('  ' + 'QUJD'.repeat(19) + '\n').repeat(11_500), /larger than 262144 bytes/, 'WEFT_ERR_DSL_LIMIT'],
    ['a JSON object of 100,000 keys (under 1 MB)', () => JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [i.toString(36), 0]))), /more than 20000 entries/, 'WEFT_ERR_DSL_LIMIT'],
    ['lenient JSON of 25,000 keys (YAML would parse it)', () => '{' + Array.from({ length: 25_000 }, (_, i) => `"${i.toString(36)}": 1`).join(',') + ',}', /more than 20000 entries/, 'WEFT_ERR_DSL_LIMIT'],
    ['lenient JSON over the YAML bound', () => JSON.stringify({ a: 'x'.repeat(300_000) }) + ' # c', /invalid JSON: .*JSON/, 'WEFT_ERR_DSL_SYNTAX'],
    ['a JSON text over 1 MB', () => JSON.stringify({ a: 'x'.repeat(1_100_000) }), /larger than 1048576 bytes/, 'WEFT_ERR_DSL_LIMIT'],
  ];
  for (const [name, make, message, code] of cases) {
    it(`refuses ${name} within ${BUDGET_MS} ms`, () => {
      const r = timed(make());
      expect(r.document).toBeUndefined();
      expect(r.problems[0]).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(r.ms).toBeLessThan(BUDGET_MS);
    });
  }

  it('parses the largest YAML text accepted within the bound', () => {
    const r = timed('a: "' + 'x'.repeat(DEFAULT_DOCUMENT_LIMITS.maxYamlBytes - 10) + '"\n');
    expect(r.problems).toEqual([]);
    expect(r.ms).toBeLessThan(BUDGET_MS);
  });

  it('refuses YAML tags, whichever they are', () => {
    for (const tag of ['!!set', '!!omap', '!!timestamp', '!!str', '!custom', '!<tag:example.com,2000:x>']) {
      expect(parseDocument(`a: ${tag} x\n`).problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_YAML_TAG', message: expect.stringContaining('line 1, column 4') });
    }
    // An exclamation mark inside a value is no tag.
    expect(parseDocument('a: hello !world\nb: "!!binary"\n').document).toEqual({ a: 'hello !world', b: '!!binary' });
  });
});

describe('keys that could reach a prototype', () => {
  it('refuses __proto__ at any level, in YAML and JSON, pointing at the key', () => {
    expect(parseDocument('__proto__: {polluted: true}\n').problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_UNSAFE_KEY', pointer: '/__proto__', message: expect.stringContaining('line 1, column 1') });
    expect(parseDocument('do:\n  - a:\n      set:\n        "__proto__": 1\n').problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_UNSAFE_KEY', pointer: '/do/0/a/set/__proto__' });
    expect(parseDocument('{"input": {"__proto__": {"x": 1}}}').problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_UNSAFE_KEY', pointer: '/input/__proto__' });
    expect(parseDocument('a: {constructor: {prototype: {x: 1}}}\n').problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_UNSAFE_KEY', pointer: '/a/constructor' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a harmless constructor key', () => {
    expect(parseDocument('constructor: x\nprototype: y\n').document).toEqual({ constructor: 'x', prototype: 'y' });
  });
});

describe('duplicate keys', () => {
  it('are found with one set per mapping and named with their place', () => {
    const r = parseDocument(mapping(4_000) + '  k7: again\n');
    expect(r.problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_SYNTAX', pointer: '/big/k7', message: expect.stringMatching(/line 4004, column 3\): Map keys must be unique \("k7" appears twice\)/) });
    // In JSON too, where JSON.parse would keep the last silently, once the YAML parser reads it.
    expect(parseDocument('{"a": 1, "a": 2,}').problems[0].message).toMatch(/"a" appears twice/);
  });
});

describe('limits', () => {
  it('are the caller’s to tighten', () => {
    expect(parseDocument('a: [1, 2, 3]\n', { limits: { maxEntries: 3 } }).problems[0].message).toMatch(/more than 3 lines, flow entries/);
    expect(parseDocument('{"a": [1, 2, 3], "b": 1}', { limits: { maxEntries: 4 } }).problems[0].message).toMatch(/more than 4 entries/);
    expect(parseDocument('a: [1, 2, 3]\nb: 1\n', { limits: { maxEntries: 4, maxYamlLines: 10 } }).problems[0].message).toMatch(/more than 4 lines, flow entries/);
    expect(parseDocument('a: {b: {c: 1}}\n', { limits: { maxDepth: 2 } }).problems[0].message).toMatch(/deeper than 2 levels/);
    expect(parseDocument('{"a": {"b": {"c": 1}}}', { limits: { maxDepth: 2 } }).problems[0].message).toMatch(/deeper than 2 levels/);
    expect(parseDocument('a: &x 1\nb: *x\nc: *x\n', { limits: { maxAliases: 1 } }).problems[0].message).toMatch(/more than 1 YAML aliases/);
    expect(parseDocument('{"a": "ü"}', { limits: { maxBytes: 10 } }).problems[0].message).toMatch(/larger than 10 bytes/);
  });

  it('count what an alias expands to', () => {
    const r = parseDocument('a: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n', { limits: { maxEntries: 14 } });
    expect(r.problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_LIMIT', pointer: '/b/1' });
    expect(parseDocument('a: &x [1, 2, 3, 4]\nb: [*x, *x, *x]\n', { limits: { maxEntries: 21 } }).document).toEqual({ a: [1, 2, 3, 4], b: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]] });
  });
});

describe('properties (fast-check, fixed seed)', () => {
  it('reads back any JSON value written as YAML or JSON, as the yaml package would', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const json = JSON.stringify(value);
        if (json.includes('"__proto__"')) return;
        for (const text of [stringify(value), JSON.stringify(value, null, 1)]) {
          const r = parseDocument(text);
          expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
          expect(JSON.stringify(r.document)).toBe(JSON.stringify(parse(text, { logLevel: 'error' })));
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('never throws on arbitrary or mutated text, and agrees with the yaml package on what both accept', () => {
    const base = 'document: {dsl: 1.0.0, namespace: a, name: b, version: 1.0.0}\ndo:\n  - a: &x {set: {y: [1, "2", {z: null}]}}\n  - b: *x\n';
    const mutated = fc.tuple(fc.nat(base.length), fc.nat(8), fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', ':', '-', ' ', '\n', '"', "'", '&', '*', '!', '#', '|', '>', 'a'), maxLength: 6 })).map(([at, cut, ins]) => base.slice(0, at) + ins + base.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 60 })), (text) => {
        const r = parseDocument(text);
        if (r.document === undefined) return;
        let theirs: unknown;
        try {
          theirs = parse(text, { schema: 'core', uniqueKeys: true, strict: true, logLevel: 'error' });
        } catch {
          return;
        }
        expect(JSON.stringify(r.document)).toBe(JSON.stringify(theirs));
      }),
      { seed: 13, numRuns: 1_000 },
    );
  });
});
