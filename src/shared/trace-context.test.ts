import { describe, expect, it } from 'vitest';
import { formatTraceparent, hex16, parseTraceparent, runTrace } from './trace-context.js';

describe('trace context', () => {
  it('parses valid traceparents and refuses malformed or all-zero ones', () => {
    expect(parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toEqual({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', flags: '01' });
    for (const bad of [undefined, '', 'garbage', '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', '00-00000000000000000000000000000000-b7ad6b7169203331-01', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01']) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
  });

  it('reads later versions only when asked (values from outside), never version ff', () => {
    const later = 'cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(parseTraceparent(later)).toBeUndefined();
    expect(parseTraceparent(later, { anyVersion: true })).toEqual({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', flags: '01' });
    expect(parseTraceparent(`${later}-more`, { anyVersion: true })?.spanId).toBe('b7ad6b7169203331');
    for (const bad of [`${later}x`, `ff${later.slice(2)}`, `0g${later.slice(2)}`, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x']) {
      expect(parseTraceparent(bad, { anyVersion: true })).toBeUndefined();
    }
  });

  it('derives distinct 16-hex span ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => hex16(`run|${i}`)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[\da-f]{16}$/);
  });

  it('continues the caller\'s trace, or derives the trace id from the run id', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const t = runTrace('019a0000-0000-7000-8000-000000000001', parent, 'seed');
    expect(t.span.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(t.parent?.spanId).toBe('b7ad6b7169203331');
    expect(runTrace('019a0000-0000-7000-8000-000000000001', undefined, 'seed').span.traceId).toBe('019a0000000070008000000000000001');
    expect(formatTraceparent(runTrace('id-1', 'nonsense', 's').span)).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
  });
});
