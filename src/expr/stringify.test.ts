import { describe, expect, it } from 'vitest';
import { formatNumber, stringify, truncDump } from './stringify.js';

describe('jq number format', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [3, '3'],
    [1.5, '1.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e15, '1000000000000000'],
    [1e16, '1e+16'],
    [1.1e16, '11000000000000000'],
    [1e17, '1e+17'],
    [12345678901234568, '12345678901234568'],
    [1.2345678901234568e29, '123456789012345680000000000000'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e300, '1.5e+300'],
    [-2.5e-7, '-2.5e-07'],
    [NaN, 'null'],
    [Infinity, '1.7976931348623157e+308'],
    [-Infinity, '-1.7976931348623157e+308'],
  ])('%s prints as %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('jq -c text', () => {
  it('escapes like jq', () => {
    expect(stringify('\u007f\u0001\u001f/é\t"\\')).toBe('"\\u007f\\u0001\\u001f/é\\t\\"\\\\"');
    expect(stringify({ a: [1, null, true], 'b c': {} })).toBe('{"a":[1,null,true],"b c":{}}');
  });

  it('truncates values in error messages as jq does', () => {
    expect(truncDump('abcdefghijklmnopqr')).toBe('"abcdefghij...');
    expect(truncDump({ a: 'abcdefghijklmnop' })).toBe('{"a":"abcde...');
    expect(truncDump(1)).toBe('1');
  });
});
