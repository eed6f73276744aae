import { describe, expect, it } from 'vitest';
import { NO_FILTER, filterQuery } from './run-filter.js';

describe('filterQuery', () => {
  it('sends only what is set, statuses comma-separated and local times as ISO 8601', () => {
    expect(filterQuery(NO_FILTER).toString()).toBe('');
    const q = filterQuery({ workflow: ' shop/place-order ', statuses: ['running', 'faulted'], from: '2026-01-02T03:04', to: '' });
    expect(q.get('workflow')).toBe('shop/place-order');
    expect(q.get('status')).toBe('running,faulted');
    expect(q.get('from')).toBe(new Date('2026-01-02T03:04').toISOString());
    expect(q.has('to')).toBe(false);
  });
});
