import { describe, expect, it } from 'vitest';
import { PresetIdGenerator } from './preset-ids.js';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent, traceIdOf } from './traceparent.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('parseTraceparent', () => {
  it('reads the ids of a valid value, sampled or not', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
    expect(parseTraceparent(VALID.replace(/-01$/, '-00'))).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
  });

  it('reads the first four fields of a later version', () => {
    expect(parseTraceparent(`cc${VALID.slice(2)}-what-comes-next`)?.spanId).toBe('00f067aa0ba902b7');
    expect(parseTraceparent(`cc${VALID.slice(2)}`)?.spanId).toBe('00f067aa0ba902b7');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['short', VALID.slice(0, 54)],
    ['version 00 with more fields', `${VALID}-x`],
    ['later version glued to more', `cc${VALID.slice(2)}x`],
    ['version ff', `ff${VALID.slice(2)}`],
    ['uppercase', VALID.toUpperCase()],
    ['zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['zero span id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['non-hex flags', VALID.replace(/-01$/, '-0x')],
    ['wrong separators', VALID.replace(/-/g, '_')],
  ])('refuses %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('ids and formatting', () => {
  it('formats version 00, sampled, and round-trips', () => {
    const ids = { traceId: newTraceId(), spanId: newSpanId() };
    expect(formatTraceparent(ids)).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    expect(parseTraceparent(formatTraceparent(ids))).toEqual(ids);
    expect(traceIdOf(formatTraceparent(ids))).toBe(ids.traceId);
    expect(traceIdOf(undefined)).toBeUndefined();
  });

  it('makes fresh random ids', () => {
    expect(new Set(Array.from({ length: 100 }, newSpanId)).size).toBe(100);
    expect(newTraceId()).not.toBe(newTraceId());
  });
});

describe('PresetIdGenerator', () => {
  it('hands out the preset ids once, then random ones, and clear() drops an unused trace id', () => {
    const g = new PresetIdGenerator();
    g.preset('a'.repeat(32), 'b'.repeat(16));
    expect(g.generateSpanId()).toBe('b'.repeat(16));
    expect(g.generateSpanId()).not.toBe('b'.repeat(16));
    g.clear();
    expect(g.generateTraceId()).not.toBe('a'.repeat(32));
    g.preset('c'.repeat(32), 'd'.repeat(16));
    expect(g.generateTraceId()).toBe('c'.repeat(32));
    expect(g.generateTraceId()).toMatch(/^[\da-f]{32}$/);
  });
});
