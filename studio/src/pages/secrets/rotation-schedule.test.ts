import { describe, expect, it } from 'vitest';
import { MAX_PERIOD_SECONDS, formatEvery, parsePeriod, periodText, rotationSummary } from './rotation-schedule.js';

describe('a rotation period', () => {
  it('reads durations as the CLI takes them, 1 minute to 366 days', () => {
    expect(parsePeriod('30d')).toEqual({ seconds: 30 * 86_400 });
    expect(parsePeriod(' 12H ')).toEqual({ seconds: 12 * 3600 });
    expect(parsePeriod('1h 30m')).toEqual({ seconds: 5400 });
    expect(parsePeriod('1m')).toEqual({ seconds: 60 });
    expect(parsePeriod('3600')).toEqual({ seconds: 3600 });
    expect(parsePeriod('366d')).toEqual({ seconds: MAX_PERIOD_SECONDS });
  });

  it('says why a text is not a period', () => {
    expect(parsePeriod('')).toEqual({ error: 'enter how often, e.g. 30d or 12h' });
    expect(parsePeriod('monthly')).toEqual({ error: expect.stringMatching(/^a duration such as 30d/) });
    expect(parsePeriod('1.5d')).toEqual({ error: expect.stringMatching(/^a duration/) });
    expect(parsePeriod('59s')).toEqual({ error: 'at least 1 minute (1m)' });
    expect(parsePeriod('0')).toEqual({ error: 'at least 1 minute (1m)' });
    expect(parsePeriod('367d')).toEqual({ error: 'at most 366 days (366d)' });
  });

  it('writes a period back in the largest unit that fits exactly', () => {
    expect(periodText(30 * 86_400)).toBe('30d');
    expect(periodText(36 * 3600)).toBe('36h');
    expect(periodText(5400)).toBe('90m');
    expect(periodText(61)).toBe('61s');
    for (const s of [60, 61, 5400, 86_400, MAX_PERIOD_SECONDS]) expect(parsePeriod(periodText(s))).toEqual({ seconds: s });
  });

  it('says a period and a schedule as people read them', () => {
    expect(formatEvery(30 * 86_400)).toBe('every 30 days');
    expect(formatEvery(86_400)).toBe('every day');
    expect(formatEvery(12 * 3600)).toBe('every 12 hours');
    expect(formatEvery(3600)).toBe('every hour');
    expect(formatEvery(5400)).toBe('every 90 minutes');
    expect(formatEvery(60)).toBe('every minute');
    expect(formatEvery(61)).toBe('every 61 seconds');
    expect(rotationSummary({ everySeconds: 30 * 86_400, function: 'mint:live' })).toBe('every 30 days by mint:live');
  });
});
