/**
 * `@format` strings against jq 1.7.1: expected outputs and messages are jq 1.7.1's own (its WebAssembly
 * build); Debian's jq 1.6 agrees except for `@html`'s apostrophe (1.6 writes `&#39;`).
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import { decodeUtf8, format, isFormat, tostring } from './formats.js';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

// [format, input, jq 1.7.1's output]
const OUTPUTS: [string, Json, string][] = [
  ["csv", [1,"a",null,true,1.5,"x\"y"], "1,\"a\",,true,1.5,\"x\"\"y\""],
  ["tsv", [1,"a\tb\nc\rd\\e",null,false], "1\ta\\tb\\nc\\rd\\\\e\t\tfalse"],
  ["csv", [], ""],
  ["csv", [""], "\"\""],
  ["csv", ["a,b"], "\"a,b\""],
  ["csv", ["a\u0000b"], "\"a\\0b\""],
  ["tsv", ["a\u0000b"], "a\\0b"],
  ["sh", [1,"it's",null,true], "1 'it'\\''s' null true"],
  ["sh", "it's", "'it'\\''s'"],
  ["sh", [], ""],
  ["sh", null, "null"],
  ["sh", "", "''"],
  ["sh", "a\u0000b", "'a\\0b'"],
  ["sh", 1.5, "1.5"],
  ["text", [1,2], "[1,2]"],
  ["text", "x", "x"],
  ["text", null, "null"],
  ["text", {"a":"é"}, "{\"a\":\"é\"}"],
  ["json", "x", "\"x\""],
  ["json", [1,"a"], "[1,\"a\"]"],
  ["json", "\u007f", "\"\\u007f\""],
  ["json", null, "null"],
  ["html", [1,"é",{"a":"<"}], "[1,&quot;é&quot;,{&quot;a&quot;:&quot;&lt;&quot;}]"],
  ["html", "<>&'\"", "&lt;&gt;&amp;&apos;&quot;"],
  ["html", "a\u0000b", "a\\0b"],
  ["html", 1, "1"],
  ["uri", "é ü/?#[]@!$&'()*+,;=-_.~ AZaz09", "%C3%A9%20%C3%BC%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D-_.~%20AZaz09"],
  ["uri", [1,2], "%5B1%2C2%5D"],
  ["uri", "a\u0000b", "a%00b"],
  ["uri", "😀", "%F0%9F%98%80"],
  ["uri", null, "null"],
  ["base64", "Hello, 世界", "SGVsbG8sIOS4lueVjA=="],
  ["base64", 1, "MQ=="],
  ["base64", [1], "WzFd"],
  ["base64", "", ""],
  ["base64", "a", "YQ=="],
  ["base64", "ab", "YWI="],
  ["base64", "abc", "YWJj"],
  ["base64", "a\u0000b", "YQBi"],
  ["base64", null, "bnVsbA=="],
  ["base64d", "SGVsbG8sIOS4lueVjA==", "Hello, 世界"],
  ["base64d", "SGVsbG8", "Hello"],
  ["base64d", "SGVsbG8=", "Hello"],
  ["base64d", "SGVsbA", "Hell"],
  ["base64d", "=abc", ""],
  ["base64d", "ab=c", "i"],
  ["base64d", "/w==", "\ufffd"],
  ["base64d", "gICA", "\ufffd\ufffd\ufffd"],
  ["base64d", "", ""],
  ["base64d", "SGVsbG8sIOS4lueVjA=!", "Hello, 世界"],
  ["base64d", "5Lg=", "\ufffd"],
  ["base64d", "5Lhh", "\ufffda"],
  ["base64d", "7aCA", "\ufffd"],
  ["base64d", "wIA=", "\ufffd\ufffd"],
  ["base64d", "9JCAgA==", "\ufffd"],
  ["base64d", "8J+YgA==", "😀"],
  ["base64d", "/2E=", "\ufffda"],
  ["base64d", "4oKs4g==", "€\ufffd"],
  ["base64d", "YQ===", "a"],
  ["base64d", "YQ=x", "a"],
  ["base64d", "YWJj", "abc"],
  ["base64d", null, "\ufffd\ufffd"],
  ["base64d", "5EE=", "\ufffd"],
  ["base64d", "+/+/", "\ufffd\ufffd\ufffd"],
  ["tsv", [1.5,"x"], "1.5\tx"],
];

// [format, input, jq 1.7.1's error message]
const ERRORS: [string, Json, string][] = [
  ["csv", [{"a":1}], "object ({\"a\":1}) is not valid in a csv row"],
  ["csv", [[1]], "array ([1]) is not valid in a csv row"],
  ["tsv", [{"a":1}], "object ({\"a\":1}) is not valid in a csv row"],
  ["csv", {"a":1}, "object ({\"a\":1}) cannot be csv-formatted, only array"],
  ["tsv", "abc", "string (\"abc\") cannot be tsv-formatted, only array"],
  ["csv", 1, "number (1) cannot be csv-formatted, only array"],
  ["csv", null, "null (null) cannot be csv-formatted, only array"],
  ["sh", [[1]], "array ([1]) can not be escaped for shell"],
  ["sh", {"a":1}, "object ({\"a\":1}) can not be escaped for shell"],
  ["sh", [{"a":1}], "object ({\"a\":1}) can not be escaped for shell"],
  ["base64d", "SGVsb", "string (\"SGVsb\") trailing base64 byte found"],
  ["base64d", "S", "string (\"S\") trailing base64 byte found"],
  ["base64d", "SGVsbG8!", "string (\"SGVsbG8!\") is not valid base64 data"],
  ["base64d", "a b", "string (\"a b\") is not valid base64 data"],
  ["base64d", 1, "string (\"1\") trailing base64 byte found"],
  ["base64d", [1,2], "string (\"[1,2]\") is not valid base64 data"],
  ["base64d", "SGVsbG8sIOS4lueVjA!!", "string (\"SGVsbG8sIO...) is not valid base64 data"],
  ["base64d", "Zm9vYmFyYmF6cXV4!", "string (\"Zm9vYmFyYm...) is not valid base64 data"],
  ["base64d", "YQ\n", "string (\"YQ\\n\") is not valid base64 data"],
  ["base64d", "-_", "string (\"-_\") is not valid base64 data"],
  ["base64d", "é", "string (\"é\") is not valid base64 data"],
  ["foo", "x", "foo is not a valid format"],
];

describe('format', () => {
  it.each(OUTPUTS)('@%s of %j', (name, input, expected) => {
    expect(format(name, input)).toBe(expected);
  });

  it.each(ERRORS)('@%s of %j fails', (name, input, message) => {
    expect(errorOf(() => format(name, input))).toBe(message);
  });

  it('knows its names', () => {
    for (const name of ['text', 'json', 'csv', 'tsv', 'html', 'uri', 'sh', 'base64', 'base64d', 'base32', 'base32d']) {
      expect(isFormat(name)).toBe(true);
    }
    expect(isFormat('foo')).toBe(false);
    expect(isFormat('toString')).toBe(false);
  });

  it('renders numbers in rows as jq does', () => {
    expect(format('csv', [NaN, 1e17, 0.00001, -0, Infinity])).toBe(',1e+17,1e-05,-0,1.7976931348623157e+308');
    expect(format('sh', [1e-7, true])).toBe('1e-07 true');
  });
});

// Not in jq 1.6 or 1.7.1 (both answer "base32 is not a valid format"): RFC 4648 codecs with padding.
describe('format: base32', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
    ['é😀', 'YOU7BH4YQA======'],
  ];
  it.each(vectors)('@base32 of %j and back', (text, encoded) => {
    expect(format('base32', text)).toBe(encoded);
    expect(format('base32d', encoded)).toBe(text);
  });

  it('encodes the text of non-strings and decodes like @base64d', () => {
    expect(format('base32', [1])).toBe('LMYV2===');
    expect(format('base32d', 'MZXW6')).toBe('foo'); // padding optional, leftover bits dropped
    expect(format('base32d', 'MZXW6===x')).toBe('foo'); // stops at the first =
    expect(format('base32d', '74======')).toBe('\ufffd'); // invalid UTF-8 → U+FFFD
    expect(errorOf(() => format('base32d', 'mzxw6'))).toBe('string ("mzxw6") is not valid base32 data');
    expect(errorOf(() => format('base32d', 'MZ XW'))).toBe('string ("MZ XW") is not valid base32 data');
  });
});

describe('tostring', () => {
  it.each([
    ['x', 'x'],
    [null, 'null'],
    [1.5, '1.5'],
    [[1, 'a', { b: null }], '[1,"a",{"b":null}]'],
    ['\u007f', '\u007f'],
  ] as [Json, string][])('%j', (v, s) => expect(tostring(v)).toBe(s));
});

describe('decodeUtf8 (jq\'s replacement of malformed UTF-8)', () => {
  it.each([
    [[0x61, 0xe2, 0x82, 0xac], 'a€'],
    [[0xed, 0xa0, 0x80], '\ufffd'], // a surrogate: one U+FFFD (TextDecoder gives three)
    [[0xf4, 0x90, 0x80, 0x80], '\ufffd'], // beyond U+10FFFF
    [[0xc0, 0x80], '\ufffd\ufffd'], // C0 never starts a sequence
    [[0xe0, 0x80, 0x80], '\ufffd'], // overlong
    [[0xe4, 0x41], '\ufffd'], // the input ends inside the sequence: one U+FFFD for the rest
    [[0xe4, 0xb8, 0x61], '\ufffda'], // a missing continuation byte
  ] as [number[], string][])('%j', (bytes, s) => expect(decodeUtf8(bytes)).toBe(s));
});
