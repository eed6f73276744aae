import { describe, expect, it } from 'vitest';
import { escapeToken, getAtTokens, joinPointer, splitPointer, unescapeToken } from './pointer.js';

describe('the JSON-pointer codec (RFC 6901)', () => {
  it('escapes ~ before / and unescapes in the reverse order', () => {
    expect(escapeToken('a/b~c')).toBe('a~1b~0c');
    expect(escapeToken(3)).toBe('3');
    expect(unescapeToken('a~1b~0c')).toBe('a/b~c');
    expect(unescapeToken('~01')).toBe('~1');
  });

  it('joins and splits; a string without a leading slash is not a pointer', () => {
    expect(joinPointer('/do', 0, 'get/pet')).toBe('/do/0/get~1pet');
    expect(splitPointer('/do/0/get~1pet')).toEqual(['do', '0', 'get/pet']);
    expect(splitPointer('')).toEqual([]);
    expect(splitPointer('do')).toBeNull();
  });

  it('reads values by tokens: canonical array indices and own keys only', () => {
    const doc = { do: [{ 'a/b': { call: 'http' } }], '': 1 };
    expect(getAtTokens(doc, ['do', '0', 'a/b', 'call'])).toBe('http');
    expect(getAtTokens(doc, [''])).toBe(1);
    expect(getAtTokens(doc, ['do', '01'])).toBeUndefined();
    expect(getAtTokens(doc, ['toString'])).toBeUndefined();
    expect(getAtTokens(doc, ['do', '0', 'a/b', 'call', 'x'])).toBeUndefined();
    expect(getAtTokens(doc, [])).toBe(doc);
  });
});
