import { describe, expect, it } from 'vitest';
import { LogBudget } from './log-budget.js';

describe('LogBudget (host side)', () => {
  it('keeps at most `lines` lines, counts the rest and says so in one marker', () => {
    const b = new LogBudget({ lines: 3, bytes: 1024, lineBytes: 100 });
    const kept = Array.from({ length: 10 }, (_, i) => b.admit(`l${i}`)).filter(Boolean);
    expect(kept).toEqual([{ message: 'l0' }, { message: 'l1' }, { message: 'l2' }]);
    expect(b.full).toBe(true);
    b.sandboxDropped(5);
    b.sandboxDropped(4); // a running total: the largest wins
    expect(b.dropped).toBe(12);
    // Without the sandbox's final count (a timeout), the marker is a lower bound.
    expect(b.marker()).toBe('… at least 12 log lines dropped (over the per-invocation limit of 3 lines / 1024 bytes)');
    b.sandboxDropped(6, true);
    expect(b.marker()).toBe('… 13 log lines dropped (over the per-invocation limit of 3 lines / 1024 bytes)');
    expect(new LogBudget().marker()).toBeUndefined();
  });

  it('keeps at most `bytes` bytes and truncates a long line at a character boundary, dropping big fields', () => {
    const b = new LogBudget({ lines: 100, bytes: 250, lineBytes: 100 });
    expect(b.admit('é'.repeat(80))).toEqual({ message: `${'é'.repeat(50)} … (truncated)` });
    expect(b.admit('m', { big: 'x'.repeat(200) })).toEqual({ message: 'm (fields dropped: over the line limit)' });
    expect(b.admit('ok', { a: 1 })).toEqual({ message: 'ok', fields: { a: 1 } });
    expect(b.admit('y'.repeat(100))).toBeUndefined(); // over the byte budget
    expect(b.admit('z')).toEqual({ message: 'z' });
    expect(b.dropped).toBe(1);
  });
});
