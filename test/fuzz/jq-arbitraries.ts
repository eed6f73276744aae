/**
 * A grammar-based arbitrary of jq filters: paths, pipes, comma, arithmetic and comparison, object and
 * array construction, `reduce`/`foreach`, `try`/`catch`, `?`, `//`, string interpolation, `if`, `as`
 * bindings, `label`/`break`, builtins (regex `test`/`sub`/`match`, `range`, `limit`, `path`, `paths`,
 * `tostream`, …), function definitions with recursion (`def f: …; f`) and assignment operators. Regexes
 * come from a fixed list of benign patterns: catastrophic backtracking is the regex engine's own concern
 * (test/adversarial), not what random filters should hit.
 */
import fc from 'fast-check';
import type { Json } from '../../src/expr/index.js';

const ident = fc.constantFrom('a', 'b', 'c', 'foo', 'x', '0', 'if', 'then', '__proto__', 'constructor', 'length');
const literal = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '0', '1', '-1', '2', '0.5', '1e3', '1e308', '-0', 'nan', 'infinite', '"a"', '""', '"héllo"', '"\\u00e9"', '"a,b"', '[]', '{}'),
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);
const regex = fc.constantFrom('a', 'a+', '^a', 'b$', '[a-c]+', '(a)(b)?', '(?<n>x)', '\\\\d+', '\\\\s', '.', '', 'é', '[', '(?i)a', 'a{2}', 'a|b');
const flags = fc.constantFrom('g', 'i', 'x', 'n', 'gi', '', 'q');
const value0 = fc.oneof(fc.constantFrom('.', '..', '$x', '$__loc__', 'empty', 'input_line_number', 'now', '$ENV', 'env', 'null'), literal);

/** jq filter source text. */
export const jqFilter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => {
  const f = tie('f');
  const path = fc.oneof(
    ident.map((k) => `.${k}`),
    fc.tuple(f, ident).map(([a, k]) => `(${a}).${k}`),
    fc.tuple(f, f).map(([a, i]) => `(${a})[${i}]`),
    fc.tuple(f, fc.integer({ min: -3, max: 5 }), fc.integer({ min: -3, max: 5 })).map(([a, i, j]) => `(${a})[${i}:${j}]`),
    f.map((a) => `(${a})[]`),
    f.map((a) => `(${a})[]?`),
    fc.string({ maxLength: 5 }).map((s) => `.${JSON.stringify(s)}`),
  );
  const builtin0 = fc.constantFrom('length', 'keys', 'values', 'add', 'tostring', 'tojson', 'fromjson', 'type', 'not', 'reverse', 'sort', 'unique', 'flatten', 'to_entries', 'from_entries', 'paths', 'leaf_paths', 'tostream', 'ascii_downcase', 'explode', 'implode', 'floor', 'sqrt', 'tonumber', 'infinite', 'any', 'all', 'min', 'max', 'utf8bytelength', 'ltrimstr("a")', 'splits("a")', 'getpath(["a"])', 'input', 'halt', 'debug', 'error', 'env', 'builtins', 'first', 'last', 'todate', 'fromdate', '@base64', '@base64d', '@uri', '@csv', '@tsv', '@html', '@sh', '@json', '@text', 'ascii', 'combinations', 'transpose', 'recurse', 'getpath([])', 'splits("")', 'tojson|fromjson', 'gmtime', 'mktime', 'significand', 'ltrimstr(1)', 'abs', 'toarray', 'have_literal_numbers', 'pick(.a)', 'getpath(["a",0])', '$__prog_args');
  const call1 = fc.tuple(fc.constantFrom('map', 'select', 'map_values', 'sort_by', 'group_by', 'unique_by', 'min_by', 'max_by', 'path', 'del', 'with_entries', 'recurse', 'walk', 'any', 'all', 'first', 'last', 'isempty', 'to_entries', 'paths', 'tojson', 'error', 'has', 'contains', 'inside', 'startswith', 'join', 'split', 'ltrimstr', 'index', 'indices', 'splits', 'flatten', 'range', 'repeat', 'getpath', 'setpath', 'delpaths', 'add', 'nth', 'limit', 'until', 'combinations', 'input', 'env', 'tostream', 'fromstream', 'truncate_stream', 'getpath', 'ascii', 'implode', 'min_by', 'splits', 'ltrimstr', 'todate', 'strftime', 'strptime', 'mktime', 'pow', 'log', 'significand'), f).map(([n, a]) => `${n}(${a})`);
  const call2 = fc.tuple(fc.constantFrom('range', 'limit', 'until', 'while', 'nth', 'setpath', 'pow', 'splits', 'sub', 'test', 'match', 'capture', 'scan', 'split', 'any', 'all', 'first', 'isvalid', 'getpath', 'ltrimstr', 'path', 'input', 'atan2', 'ldexp'), f, f).map(([n, a, b]) => `${n}(${a}; ${b})`);
  const regexCall = fc.oneof(
    fc.tuple(fc.constantFrom('test', 'match', 'capture', 'scan', 'split', 'splits'), regex).map(([n, r]) => `${n}("${r}")`),
    fc.tuple(fc.constantFrom('test', 'match', 'capture', 'scan', 'split', 'splits'), regex, flags).map(([n, r, m]) => `${n}("${r}"; "${m}")`),
    fc.tuple(fc.constantFrom('sub', 'gsub'), regex, f).map(([n, r, s]) => `${n}("${r}"; ${s})`),
    fc.tuple(fc.constantFrom('sub', 'gsub'), regex, f, flags).map(([n, r, s, m]) => `${n}("${r}"; ${s}; "${m}")`),
  );
  const binop = fc.tuple(f, fc.constantFrom('|', ',', '+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', '//', '=', '|=', '+=', '-=', '*=', '/=', '%=', '//='), f).map(([a, op, b]) => `(${a}) ${op} (${b})`);
  const construct = fc.oneof(
    f.map((a) => `[${a}]`),
    fc.array(fc.tuple(fc.oneof(ident, f.map((a) => `(${a})`), fc.constant('$x'), fc.constant('"k"')), f), { maxLength: 3 }).map((kvs) => `{${kvs.map(([k, v]) => `${k}: (${v})`).join(', ')}}`),
    fc.constantFrom('{a}', '{$x}', '{"a b": 1}', '{(1|tostring): 2}', '{$__loc__}'),
    fc.tuple(fc.string({ maxLength: 4 }), f).map(([s, a]) => `"${s.replace(/["\\]/g, '')}\\(${a})${s.replace(/["\\]/g, '')}"`),
    fc.tuple(fc.constantFrom('@base64', '@csv', '@json', '@html', '@uri', '@sh'), f).map(([fmt, a]) => `${fmt} "x\\(${a})"`),
  );
  const control = fc.oneof(
    fc.tuple(f, f, f).map(([src, init, upd]) => `reduce (${src}) as $x (${init}; ${upd})`),
    fc.tuple(f, f, f).map(([src, init, upd]) => `foreach (${src}) as $x (${init}; ${upd})`),
    fc.tuple(f, f, f, f).map(([src, init, upd, ext]) => `foreach (${src}) as [$x, $y] (${init}; ${upd}; ${ext})`),
    fc.tuple(f, f).map(([a, b]) => `try (${a}) catch (${b})`),
    f.map((a) => `try (${a})`),
    f.map((a) => `(${a})?`),
    fc.tuple(f, f, f).map(([c, a, b]) => `if ${c} then ${a} else ${b} end`),
    fc.tuple(f, f, f).map(([c, a, b]) => `if ${c} then ${a} elif ${b} then . end`),
    fc.tuple(f, f).map(([a, b]) => `(${a}) as $x | ${b}`),
    fc.tuple(f, f).map(([a, b]) => `(${a}) as [$x, {a: $y}] ?// $x | ${b}`),
    f.map((a) => `label $out | (${a}) | ., break $out`),
    fc.tuple(f, f).map(([body, call]) => `def f: ${body}; ${call}`),
    fc.tuple(f, f).map(([body, call]) => `def f(g): g | ${body}; f(${call})`),
    fc.tuple(f, f).map(([body, call]) => `def f($a): $a | ${body}; f(${call})`),
    f.map((a) => `def f: (${a}) | f; f`),
    f.map((a) => `def f: if length > 3 then . else (. + [${a}] | f) end; [] | f`),
    f.map((a) => `def f(x): x | f(x); f(${a})`),
    f.map((a) => `[limit(5; repeat(${a}))]`),
    f.map((a) => `[range(0; 10) | ${a}]`),
    f.map((a) => `[recurse(${a}; . != null)] | length`),
    f.map((a) => `$__loc__ | ${a}`),
    f.map((a) => `getpath(["a","b"]) |= (${a})`),
    f.map((a) => `[paths(${a})]`),
    f.map((a) => `reduce range(0; 1000) as $i (.; ${a})`),
    f.map((a) => `-(${a})`),
    f.map((a) => `..|=(${a})`),
  );
  return {
    f: fc.oneof({ depthSize: 'small', withCrossShrink: true, maxDepth: 4 }, value0, path, builtin0, call1, call2, regexCall, binop, construct, control),
  };
}).f;

/** Random JSON inputs, plus shapes the filters above look into. */
export const jqInput: fc.Arbitrary<Json> = fc.oneof<fc.Arbitrary<Json>[]>(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>({ a: 1, b: [1, 2, 3], c: { x: 'aaa' } }, [1, [2, [3]], { a: null }], 'aaab', '', 0, null, [], {}, { a: { b: 'x' } }, ['a', 'b', 'ab']),
);

/** Mutated filter text: random strings and characters inserted into grammatical filters. */
export const jqText = fc.oneof(
  jqFilter,
  fc.string({ maxLength: 40 }),
  fc.tuple(jqFilter, fc.nat(), fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('(', ')', '[', ']', '{', '}', '"', '\\(', '|', ';', 'def', 'as', '$', '?', '.[', 'reduce', 'end', '"\\u', '@'))).map(([s, at, ins]) => s.slice(0, at % (s.length + 1)) + ins + s.slice(at % (s.length + 1))),
);
