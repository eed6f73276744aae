import { describe, expect, it } from 'vitest';
import { matchesFilter } from './event-filters.js';

const filter = (type: string) => ({ index: 0, with: { type } });

describe('listen filters: regex values run on RE2', () => {
  it('match the whole value', () => {
    expect(matchesFilter(filter('com\\.example\\..+'), { type: 'com.example.order' })).toBe(true);
    expect(matchesFilter(filter('example'), { type: 'com.example.order' })).toBe(false);
    expect(matchesFilter(filter('com.example.order'), { type: 'com.example.order' })).toBe(true);
  });

  it('a catastrophic pattern against a hostile value answers at once', () => {
    const hostile = 'a'.repeat(100_000) + '!';
    matchesFilter(filter('(a+)+'), { type: 'aaa' });
    const t0 = performance.now();
    expect(matchesFilter(filter('(a+)+'), { type: hostile })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(matchesFilter(filter('(a+)+'), { type: 'aaaa' })).toBe(true);
  });

  it('a pattern RE2 refuses (a backreference) matches nothing but the equal value', () => {
    expect(matchesFilter(filter('(a)\\1'), { type: 'aa' })).toBe(false);
    expect(matchesFilter(filter('(a)\\1'), { type: '(a)\\1' })).toBe(true);
  });
});
