import { describe, expect, it } from 'vitest';
import { ExprError } from '../errors.js';
import type { Json } from '../json.js';
import { fromjson, parseJsonText, tonumber } from './json-text.js';

type Outcome = { value: Json } | { error: string };
const ok = (value: Json): Outcome => ({ value });
const err = (error: string): Outcome => ({ error });

function outcome(f: () => Json): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    expect(e.catchable).toBe(true); // `try ... catch .` sees it
    expect(e.value).toBe(e.message);
    return { error: e.message };
  }
}

function check(actual: Outcome, expected: Outcome): void {
  if ('value' in expected && typeof expected.value === 'number' && 'value' in actual) {
    expect(Object.is(actual.value, expected.value) || (Number.isNaN(expected.value) && Number.isNaN(actual.value))).toBe(true);
  } else expect(actual).toEqual(expected);
}

// Printed by /usr/bin/jq (1.6) with `try fromjson catch .`; jq 1.7.1's jv_parse.c agrees on all of these.
// (jq prints NaN as null and ±Infinity as ±1.7976931348623157e+308; the values are NaN and ±Infinity.)
const SHARED: [string, Outcome][] = [
  ["", err("Expected JSON value (while parsing '')")],
  [" ", err("Expected JSON value (while parsing ' ')")],
  ["\n", err("Expected JSON value (while parsing '\n')")],
  ["1", ok(1)],
  [" 1 ", ok(1)],
  ["\t1\r\n", ok(1)],
  ["-1", ok(-1)],
  ["+1", ok(1)],
  ["01", ok(1)],
  ["1.", ok(1)],
  [".5", ok(0.5)],
  ["1E+5", ok(100000)],
  ["1e", err("Invalid numeric literal at EOF at line 1, column 2 (while parsing '1e')")],
  ["1e+", err("Invalid numeric literal at EOF at line 1, column 3 (while parsing '1e+')")],
  ["1.5e-3", ok(0.0015)],
  ["-", err("Invalid numeric literal at EOF at line 1, column 1 (while parsing '-')")],
  ["--1", err("Invalid numeric literal at EOF at line 1, column 3 (while parsing '--1')")],
  ["1-2", err("Invalid numeric literal at EOF at line 1, column 3 (while parsing '1-2')")],
  ["0x10", err("Invalid numeric literal at EOF at line 1, column 4 (while parsing '0x10')")],
  ["1e1000", ok(Infinity)],
  ["-1e1000", ok(-Infinity)],
  ["1e-400", ok(0)],
  ["-0", ok(-0)],
  ["NaN", ok(NaN)],
  ["-NaN", ok(NaN)],
  ["+nan", ok(NaN)],
  ["inf", ok(Infinity)],
  ["-Infinity", ok(-Infinity)],
  ["nu", err("Invalid literal at EOF at line 1, column 2 (while parsing 'nu')")],
  ["nul", err("Invalid literal at EOF at line 1, column 3 (while parsing 'nul')")],
  ["nulll", err("Invalid literal at EOF at line 1, column 5 (while parsing 'nulll')")],
  ["null", ok(null)],
  ["true", ok(true)],
  ["tru", err("Invalid literal at EOF at line 1, column 3 (while parsing 'tru')")],
  ["truex", err("Invalid literal at EOF at line 1, column 5 (while parsing 'truex')")],
  ["false", ok(false)],
  ["fals", err("Invalid literal at EOF at line 1, column 4 (while parsing 'fals')")],
  ["x", err("Invalid numeric literal at EOF at line 1, column 1 (while parsing 'x')")],
  ["abc", err("Invalid numeric literal at EOF at line 1, column 3 (while parsing 'abc')")],
  ["1 2", err("Unexpected extra JSON values (while parsing '1 2')")],
  ["1 2 ]", err("Unexpected extra JSON values (while parsing '1 2 ]')")],
  ["1 ]", err("Unmatched ']' at line 1, column 3 (while parsing '1 ]')")],
  ["1]", err("Unmatched ']' at line 1, column 2 (while parsing '1]')")],
  ["1[", err("Unfinished JSON term at EOF at line 1, column 2 (while parsing '1[')")],
  ["[1]2", err("Unexpected extra JSON values (while parsing '[1]2')")],
  ["[1]]", err("Unmatched ']' at line 1, column 4 (while parsing '[1]]')")],
  ["[1]x", err("Invalid numeric literal at EOF at line 1, column 4 (while parsing '[1]x')")],
  ["1\"a\"", err("Unexpected extra JSON values (while parsing '1\"a\"')")],
  ["[", err("Unfinished JSON term at EOF at line 1, column 1 (while parsing '[')")],
  ["{", err("Unfinished JSON term at EOF at line 1, column 1 (while parsing '{')")],
  ["[1", err("Unfinished JSON term at EOF at line 1, column 2 (while parsing '[1')")],
  ["[1,", err("Unfinished JSON term at EOF at line 1, column 3 (while parsing '[1,')")],
  ["{\"a\"", err("Unfinished JSON term at EOF at line 1, column 4 (while parsing '{\"a\"')")],
  ["{\"a\":", err("Unfinished JSON term at EOF at line 1, column 5 (while parsing '{\"a\":')")],
  ["{\"a\":1,", err("Unfinished JSON term at EOF at line 1, column 7 (while parsing '{\"a\":1,')")],
  ["]", err("Unmatched ']' at line 1, column 1 (while parsing ']')")],
  ["}", err("Unmatched '}' at line 1, column 1 (while parsing '}')")],
  ["[}", err("Unmatched '}' at line 1, column 2 (while parsing '[}')")],
  ["{]", err("Unmatched ']' at line 1, column 2 (while parsing '{]')")],
  ["[1,]", err("Expected another array element at line 1, column 4 (while parsing '[1,]')")],
  ["[,1]", err("Expected value before ',' at line 1, column 2 (while parsing '[,1]')")],
  ["[1 2]", err("Expected separator between values at line 1, column 5 (while parsing '[1 2]')")],
  ["{\"a\" 1}", err("Expected separator between values at line 1, column 7 (while parsing '{\"a\" 1}')")],
  ["{1:2}", err("Object keys must be strings at line 1, column 3 (while parsing '{1:2}')")],
  ["{\"a\":}", err("Unmatched '}' at line 1, column 6 (while parsing '{\"a\":}')")],
  ["{\"a\",\"b\"}", err("Objects must consist of key:value pairs at line 1, column 5 (while parsing '{\"a\",\"b\"}')")],
  ["{\"a\":1,}", err("Expected another key-value pair at line 1, column 8 (while parsing '{\"a\":1,}')")],
  ["{,}", err("Expected value before ',' at line 1, column 2 (while parsing '{,}')")],
  ["{:1}", err("Expected string key before ':' at line 1, column 2 (while parsing '{:1}')")],
  ["[1:2]", err("':' not as part of an object at line 1, column 3 (while parsing '[1:2]')")],
  ["1,2", err("Expected value before ',' at line 1, column 2 (while parsing '1,2')")],
  ["{\"a\":1 \"b\":2}", err("Expected separator between values at line 1, column 10 (while parsing '{\"a\":1 \"b\":2}')")],
  ["{}", ok({})],
  ["[]", ok([])],
  ["{\"a\":[1,{\"b\":null}]}", ok({"a":[1,{"b":null}]})],
  ["{\"a\":1,\"a\":2}", ok({"a":2})],
  ["\"abc", err("Unfinished string at EOF at line 1, column 4 (while parsing '\"abc')")],
  ["\"a\\", err("Unfinished string at EOF at line 1, column 3 (while parsing '\"a\\')")],
  ["\"\\x\"", err("Invalid escape at line 1, column 4 (while parsing '\"\\x\"')")],
  ["\"\\u12\"", err("Invalid \\uXXXX escape at line 1, column 6 (while parsing '\"\\u12\"')")],
  ["\"\\u12zz\"", err("Invalid characters in \\uXXXX escape at line 1, column 8 (while parsing '\"\\u12zz\"')")],
  ["\"\\ud800\"", err("Invalid \\uXXXX\\uXXXX surrogate pair escape at line 1, column 8 (while parsing '\"\\ud800\"')")],
  ["\"\\ud800x\"", err("Invalid \\uXXXX\\uXXXX surrogate pair escape at line 1, column 9 (while parsing '\"\\ud800x\"')")],
  ["\"\\ud800\\u0041\"", err("Invalid \\uXXXX\\uXXXX surrogate pair escape at line 1, column 14 (while parsing '\"\\ud800\\u0041\"')")],
  ["\"\\ud83d\\ude00\"", ok("\ud83d\ude00")],
  ["\"\\udc00\"", ok("\ufffd")],
  ["\"\\u00e9\"", ok("\u00e9")],
  ["\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", ok("/\b\f\n\r\t\"\\")],
  ["\"a\tb\"", err("Invalid string: control characters from U+0000 through U+001F must be escaped at line 1, column 5 (while parsing '\"a\tb\"')")],
  ["\"a\nb\"", err("Invalid string: control characters from U+0000 through U+001F must be escaped at line 2, column 2 (while parsing '\"a\nb\"')")],
  ["\"\u00e9\" x", err("Invalid numeric literal at EOF at line 1, column 6 (while parsing '\"\u00e9\" x')")],
  ["\u00e9", err("Invalid numeric literal at EOF at line 1, column 2 (while parsing '\u00e9')")],
  ["[\"\u00e9\",]", err("Expected another array element at line 1, column 7 (while parsing '[\"\u00e9\",]')")],
  ["\ufeff[1,2]", ok([1,2])],
  ["\ufeff", err("Expected JSON value (while parsing '\ufeff')")],
  ["\ufeff\ufeff1", err("Invalid numeric literal at EOF at line 1, column 4 (while parsing '\ufeff\ufeff1')")],
  ["\uf000", err("Malformed BOM (while parsing '\uf000')")],
  ["\ufec0", err("Malformed BOM (while parsing '\ufec0')")],
  ["1\n2", err("Unexpected extra JSON values (while parsing '1\n2')")],
  ["[\n1,\n]", err("Expected another array element at line 3, column 1 (while parsing '[\n1,\n]')")],
  ["\n\n  x", err("Invalid numeric literal at EOF at line 3, column 3 (while parsing '\n\n  x')")],
  ["[1,\n2\n", err("Unfinished JSON term at EOF at line 3, column 0 (while parsing '[1,\n2\n')")],
  ["1\u00002", ok(1)],
  ["true false", err("Unexpected extra JSON values (while parsing 'true false')")],
  ["1.5.5", err("Invalid numeric literal at EOF at line 1, column 5 (while parsing '1.5.5')")],
  [". ", err("Invalid numeric literal at line 1, column 2 (while parsing '. ')")],
  ["{\"a\"::1}", err("Expected string key before ':' at line 1, column 6 (while parsing '{\"a\"::1}')")],
  ["{\"a\":1:2}", err("':' not as part of an object at line 1, column 7 (while parsing '{\"a\":1:2}')")],
];

// Where jq 1.7.1 differs from 1.6, from 1.7.1's sources (decNumber literals, `nan`, the quote message,
// NUL and U+001F in strings) and its tests/jq.test.
const JQ_171: [string, Outcome][] = [
  ['nan', ok(NaN)],
  ['[nan]', ok([NaN])],
  ['NaN0', ok(NaN)],
  ['sNaN', ok(NaN)],
  ['NaN1', err("Invalid numeric literal at EOF at line 1, column 4 (while parsing 'NaN1')")],
  ['NaN10', err("Invalid numeric literal at EOF at line 1, column 5 (while parsing 'NaN10')")],
  ['nan1', err("Invalid numeric literal at EOF at line 1, column 4 (while parsing 'nan1')")],
  ['n', err("Invalid numeric literal at EOF at line 1, column 1 (while parsing 'n')")],
  ['nul', err("Invalid literal at EOF at line 1, column 3 (while parsing 'nul')")],
  ["'a'", err(`Invalid string literal; expected ", but got ' at EOF at line 1, column 3 (while parsing ''a'')`)],
  ["{'a': 123}", err(`Invalid string literal; expected ", but got ' at line 1, column 5 (while parsing '{'a': 123}')`)],
  ['"a\u0000b"', err("Invalid string: control characters from U+0000 through U+001F must be escaped at line 1, column 5 (while parsing '\"a')")],
  ['"\u001f"', err("Invalid string: control characters from U+0000 through U+001F must be escaped at line 1, column 3 (while parsing '\"\u001f\"')")],
  ['[1,\u0000]', err("Invalid numeric literal at line 1, column 5 (while parsing '[1,')")],
  ['\u000b1', err("Invalid numeric literal at EOF at line 1, column 2 (while parsing '\u000b1')")],
  ['1.', ok(1)],
  ['Infinity', ok(Infinity)],
  // A literal becomes a double after rounding to 17 significant digits (half-even), as jq 1.7.1 does.
  ['1234567890123456890', ok(1234567890123457000)],
  ['-0.0e5', ok(-0)],
  ['+.5E-1', ok(0.05)],
  ['{"__proto__":1}', ok(JSON.parse('{"__proto__":1}') as Json)],
];

describe('parseJsonText / fromjson', () => {
  it.each(SHARED)('%j like jq', (text, expected) => check(outcome(() => fromjson(text)), expected));
  it.each(JQ_171)('%j like jq 1.7.1', (text, expected) => check(outcome(() => fromjson(text)), expected));

  it('keeps __proto__ as an own key', () => {
    const o = parseJsonText('{"__proto__":{"x":1}}') as Record<string, Json>;
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });

  it('stops at depth 256 (object keys count too)', () => {
    const nest = (n: number, open: string, close: string) => open.repeat(n) + '1' + close.repeat(n);
    expect(outcome(() => parseJsonText(nest(256, '[', ']')))).not.toHaveProperty('error');
    expect(outcome(() => parseJsonText(nest(257, '[', ']')))).toEqual(err(expect.stringMatching(/^Exceeds depth limit for parsing at line 1, column 257 \(while parsing '\[\[\[/)));
    expect(outcome(() => parseJsonText(nest(128, '{"a":', '}')))).not.toHaveProperty('error');
    expect(outcome(() => parseJsonText(nest(129, '{"a":', '}')))).toEqual(err(expect.stringMatching(/^Exceeds depth limit for parsing at line 1, column 641 /)));
  });

  it('counts columns in UTF-8 bytes and keeps a BOM inside strings', () => {
    expect(outcome(() => parseJsonText('"\u{1F600}" ]'))).toEqual(err("Unmatched ']' at line 1, column 8 (while parsing '\"\u{1F600}\" ]')"));
    expect(parseJsonText('"\ufeffa"')).toBe('\ufeffa');
  });

  it.each([
    [null, 'null (null) only strings can be parsed'],
    [1, 'number (1) only strings can be parsed'],
    [true, 'boolean (true) only strings can be parsed'],
    [[1], 'array ([1]) only strings can be parsed'],
    [{ a: 1 }, 'object ({"a":1}) only strings can be parsed'],
  ] as [Json, string][])('fromjson of %j fails like jq', (v, msg) => {
    expect(outcome(() => fromjson(v))).toEqual(err(msg));
  });
});

describe('tonumber', () => {
  it.each([
    [' 1 ', ok(1)],
    ['-.5', ok(-0.5)],
    ['1e1000', ok(Infinity)],
    ['NaN', ok(NaN)],
    ['nan', ok(NaN)],
    [5, ok(5)],
    ['abc', err("Invalid numeric literal at EOF at line 1, column 3 (while parsing 'abc')")],
    ['[1,]', err("Expected another array element at line 1, column 4 (while parsing '[1,]')")],
    ['1 2', err("Unexpected extra JSON values (while parsing '1 2')")],
    ['', err("Expected JSON value (while parsing '')")],
    // jv_parse reads the string with strlen: a NUL ends it.
    ['1\u00002', ok(1)],
    ['abc\u0000def', err("Invalid numeric literal at EOF at line 1, column 3 (while parsing 'abc')")],
    ['null', err('string ("null") cannot be parsed as a number')],
    ['true', err('string ("true") cannot be parsed as a number')],
    ['[]', err('string ("[]") cannot be parsed as a number')],
    ['{"a":[1,{"b":null}]}', err('string ("{\\"a\\":[1,...) cannot be parsed as a number')],
    ['"\\u00e9"', err('string ("\\"\\\\u00e9\\"") cannot be parsed as a number')],
    [null, err('null (null) cannot be parsed as a number')],
    [[1], err('array ([1]) cannot be parsed as a number')],
    [{ a: 1 }, err('object ({"a":1}) cannot be parsed as a number')],
    [true, err('boolean (true) cannot be parsed as a number')],
  ] as [Json, Outcome][])('%j like jq', (v, expected) => check(outcome(() => tonumber(v)), expected));
});
