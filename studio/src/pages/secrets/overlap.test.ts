import { describe, expect, it } from 'vitest';
import { durationSeconds, formatOverlap, parseOverlap } from './overlap.js';

describe('parseOverlap', () => {
  it('reads seconds and durations as the CLI takes them; empty is the server default', () => {
    expect(parseOverlap('')).toEqual({});
    expect(parseOverlap('  ')).toEqual({});
    expect(parseOverlap('0')).toEqual({ seconds: 0 });
    expect(parseOverlap('90')).toEqual({ seconds: 90 });
    expect(parseOverlap('90s')).toEqual({ seconds: 90 });
    expect(parseOverlap('15m')).toEqual({ seconds: 900 });
    expect(parseOverlap('1H 30m')).toEqual({ seconds: 5400 });
    expect(parseOverlap('30d')).toEqual({ seconds: 2_592_000 });
  });

  it('refuses other text and more than 30 days', () => {
    expect(parseOverlap('soon')).toEqual({ error: expect.stringMatching(/^a duration/) });
    expect(parseOverlap('-5')).toEqual({ error: expect.stringMatching(/^a duration/) });
    expect(parseOverlap('1.5h')).toEqual({ error: expect.stringMatching(/^a duration/) });
    expect(parseOverlap('31d')).toEqual({ error: 'at most 30 days (30d)' });
  });
});

describe('durationSeconds', () => {
  it('reads seconds or numbers with units, and nothing else', () => {
    expect(durationSeconds('45')).toBe(45);
    expect(durationSeconds('2d 12h')).toBe(216_000);
    expect(durationSeconds('')).toBeUndefined();
    expect(durationSeconds('1w')).toBeUndefined();
  });
});

describe('formatOverlap', () => {
  it('writes seconds as people read them', () => {
    expect(formatOverlap(0)).toBe('0 s');
    expect(formatOverlap(90)).toBe('90 s');
    expect(formatOverlap(900)).toBe('15 min');
    expect(formatOverlap(3600)).toBe('1 h');
    expect(formatOverlap(5400)).toBe('1 h 30 min');
    expect(formatOverlap(2 * 86_400 + 5)).toBe('2 d 5 s');
  });
});
