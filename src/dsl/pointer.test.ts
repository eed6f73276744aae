import { describe, expect, it } from 'vitest';
import { depthBelow, escapeToken, getAt, joinPointer, parsePointer, taskEntries, unescapeToken } from './pointer.js';

describe('JSON pointers (RFC 6901)', () => {
  it('escapes ~ before / and unescapes in the reverse order', () => {
    expect(escapeToken('a/b~c')).toBe('a~1b~0c');
    expect(unescapeToken('a~1b~0c')).toBe('a/b~c');
    expect(unescapeToken('~01')).toBe('~1');
  });

  it('joins and parses', () => {
    expect(joinPointer('/do', 0, 'get/pet')).toBe('/do/0/get~1pet');
    expect(parsePointer('/do/0/get~1pet')).toEqual(['do', '0', 'get/pet']);
    expect(parsePointer('')).toEqual([]);
    expect(() => parsePointer('do')).toThrow(/not a JSON pointer/);
  });

  it('resolves values, and undefined for missing ones', () => {
    const doc = { do: [{ 'a/b': { call: 'http' } }], '': 1 };
    expect(getAt(doc, '/do/0/a~1b/call')).toBe('http');
    expect(getAt(doc, '')).toBe(doc);
    expect(getAt(doc, '/')).toBe(1);
    expect(getAt(doc, '/do/1')).toBeUndefined();
    expect(getAt(doc, '/do/01')).toBeUndefined();
    expect(getAt(doc, '/do/0/a~1b/call/x')).toBeUndefined();
    expect(getAt(doc, '/toString')).toBeUndefined();
  });

  it('measures depth below a base', () => {
    expect(depthBelow('/a/b', '/a/b')).toBe(0);
    expect(depthBelow('/a/b/c/d', '/a/b')).toBe(2);
    expect(depthBelow('/a/bc', '/a/b')).toBe(-1);
    expect(depthBelow('/a', '')).toBe(1);
  });

  it('lists the named tasks of a task list with their pointers, skipping malformed entries', () => {
    const list = [{ first: { set: { a: 1 } } }, 'junk', { a: {}, b: {} }, { 'x/y': { wait: 'PT1S' } }];
    expect(taskEntries(list, '/do/0/outer/do')).toEqual([
      { name: 'first', task: { set: { a: 1 } }, pointer: '/do/0/outer/do/0/first', index: 0 },
      { name: 'x/y', task: { wait: 'PT1S' }, pointer: '/do/0/outer/do/3/x~1y', index: 3 },
    ]);
    expect(taskEntries({ not: 'a list' }, '/do')).toEqual([]);
  });
});
