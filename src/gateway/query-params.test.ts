import { describe, expect, it } from 'vitest';
import { timeParam } from './query-params.js';

describe('timeParam', () => {
  it.each([
    ['0', 0],
    ['1714564800000', 1714564800000],
    // Digits are epoch milliseconds, never a year.
    ['2024', 2024],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T14:00:00.5+02:00', Date.UTC(2024, 4, 1, 12, 0, 0, 500)],
  ])('%s → %d', (text, ms) => {
    expect(timeParam(text, 'from')).toBe(ms);
  });

  it.each(['-1', '', ' ', 'March 7', '2024-13-45T99:00:00Z', '2024-05-01T12:00:00', '1e3', '99999999999999999', 'NaN', '0x10'])('refuses %j with a pointer', (text) => {
    expect(() => timeParam(text, 'to')).toThrow(expect.objectContaining({ status: 400, extra: expect.objectContaining({ pointer: '/to' }) }));
  });
});
