import { describe, expect, it } from 'vitest';
import { type SecretUsage, readerLabel, readsLabel, usageByVersion } from './secret-usage.js';

const u = (version: number, reader: string, lastAt: string, count = 1, kind: SecretUsage['kind'] = 'workflow'): SecretUsage => ({ version, kind, reader, firstAt: '2026-12-01T00:00:00.000Z', lastAt, count });

describe('secret usage for the Used by panel', () => {
  it('groups by version, newest first; readers most recent first; totals the reads', () => {
    const groups = usageByVersion([
      u(1, 'shop/order:1.0.0', '2026-12-01T10:00:00.000Z', 5),
      u(2, 'charge:2.0.0', '2026-12-02T09:00:00.000Z', 2, 'function'),
      u(1, 'charge:2.0.0', '2026-12-01T12:00:00.000Z', 1, 'function'),
      u(2, 'shop/order:1.0.0', '2026-12-02T11:00:00.000Z', 3),
    ]);
    expect(groups.map((g) => [g.version, g.total, g.readers.map((r) => r.reader)])).toEqual([
      [2, 5, ['shop/order:1.0.0', 'charge:2.0.0']],
      [1, 6, ['charge:2.0.0', 'shop/order:1.0.0']],
    ]);
    expect(usageByVersion([])).toEqual([]);
  });

  it('names readers and counts', () => {
    expect(readerLabel({ kind: 'function', reader: 'charge:2.0.0' })).toBe('function charge:2.0.0');
    expect([readsLabel(1), readsLabel(12)]).toEqual(['1 read', '12 reads']);
  });
});
