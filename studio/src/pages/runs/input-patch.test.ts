import { describe, expect, it } from 'vitest';
import { inputChanges, mergePatch, parsePatch } from './input-patch.js';

describe('parsePatch', () => {
  it('empty text is no patch; an object is one; anything else is refused with a reason', () => {
    expect(parsePatch('  ')).toEqual({ ok: true, patch: undefined });
    expect(parsePatch('{"a": 1}')).toEqual({ ok: true, patch: { a: 1 } });
    expect(parsePatch('[1]')).toMatchObject({ ok: false, message: expect.stringMatching(/object/) });
    expect(parsePatch('null')).toMatchObject({ ok: false });
    expect(parsePatch('{a: 1}')).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON/) });
  });
});

describe('mergePatch (RFC 7386)', () => {
  it('merges objects key by key, removes keys set to null, replaces arrays and scalars', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: null, b: { c: 9 }, e: [2], f: 'x' })).toEqual({ b: { c: 9, d: 3 }, e: [2], f: 'x' });
    expect(mergePatch('text', { a: 1 })).toEqual({ a: 1 });
    expect(mergePatch({ a: 1 }, {})).toEqual({ a: 1 });
  });
});

describe('inputChanges', () => {
  it('lists added, removed and changed fields by pointer, nested ones by their full path', () => {
    const before = { amount: 5, address: { street: 'Old', city: 'X' }, note: 'n', 'a/b': 1 };
    const after = mergePatch(before, { amount: 10, address: { street: 'Main St 1' }, note: null, tag: true, 'a/b': 2 });
    expect(inputChanges(before, after)).toEqual([
      { path: '/amount', kind: 'changed', before: 5, after: 10 },
      { path: '/address/street', kind: 'changed', before: 'Old', after: 'Main St 1' },
      { path: '/note', kind: 'removed', before: 'n' },
      { path: '/a~1b', kind: 'changed', before: 1, after: 2 },
      { path: '/tag', kind: 'added', after: true },
    ]);
  });

  it('nothing for an unchanged input; a whole replaced value as one change', () => {
    expect(inputChanges({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(inputChanges({ a: [1] }, { a: [2] })).toEqual([{ path: '/a', kind: 'changed', before: [1], after: [2] }]);
    expect(inputChanges(1, { a: 1 })).toEqual([{ path: '/', kind: 'changed', before: 1, after: { a: 1 } }]);
  });
});
