import { describe, expect, it } from 'vitest';
import { fromBinary, fromStructured, toCloudEvent } from './cloudevent.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';

const ok = { specversion: '1.0', id: 'e-1', source: '/shop', type: 'com.example.order.placed' };

/** The EventError `f` throws (fails the test when it throws something else or nothing). */
function refusal(f: () => unknown): EventError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(EventError);
    return err as EventError;
  }
  throw new Error('expected an EventError');
}

describe('toCloudEvent (structured mode)', () => {
  it('returns the event as plain JSON: attributes, extensions and data as sent', () => {
    const e = toCloudEvent({ ...ok, subject: 'o-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', data: { total: 12.5, items: [1, 2] } });
    expect(e).toMatchObject({ ...ok, subject: 'o-1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', data: { total: 12.5, items: [1, 2] } });
    expect(Object.values(e)).not.toContain(undefined);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('keeps a given time (normalised to ISO 8601 with milliseconds) and data_base64', () => {
    const e = toCloudEvent({ ...ok, time: '2026-01-01T00:00:00Z', data_base64: 'aGk=' });
    expect(e.time).toBe('2026-01-01T00:00:00.000Z');
    expect(e.data_base64).toBe('aGk=');
  });

  it.each([
    ['a string', 'x', ''],
    ['an array', [ok], ''],
    ['null', null, ''],
    ['no specversion', { id: '1', source: 's', type: 't' }, '/specversion'],
    ['specversion 0.3', { ...ok, specversion: '0.3' }, '/specversion'],
    ['no id', { specversion: '1.0', source: 's', type: 't' }, '/id'],
    ['no source', { specversion: '1.0', id: '1', type: 't' }, '/source'],
    ['no type', { specversion: '1.0', id: '1', source: 's' }, '/type'],
    ['an empty type', { ...ok, type: '' }, '/type'],
    ['a numeric id', { ...ok, id: 1 }, '/id'],
    ['a malformed time', { ...ok, time: 'yesterday' }, '/time'],
    ['a bad extension name', { ...ok, 'Bad-Ext': 1 }, '/Bad-Ext'],
    // Found by the fuzzer (test/fuzz/cloudevents.test.ts): the package's atob() threw a DOMException or a
    // TypeError, which POST /api/v1/events answered with a 500.
    ['data_base64 that is not base64', { ...ok, data_base64: '1.0' }, '/data_base64'],
    ['data_base64 that is not a string', { ...ok, data_base64: {} }, '/data_base64'],
    ['data_base64 with a stray padding', { ...ok, data_base64: 'a===' }, '/data_base64'],
  ])('refuses %s with a validation problem pointing at the attribute', (_what, raw, pointer) => {
    const err = refusal(() => toCloudEvent(raw));
    expect(err.code).toBe(EVENT_ERROR_CODES.invalid);
    expect(err.status).toBe(400);
    expect(err.type).toMatch(/validation/);
    expect(err.extra.pointer).toBe(pointer);
  });

  it('does not invent a missing id (that would defeat deduplication)', () => {
    expect(refusal(() => toCloudEvent({ specversion: '1.0', source: 's', type: 't' })).message).toMatch(/\bid\b/);
  });
});

describe('fromStructured (one event or a batch)', () => {
  it('reads one object as one event and an array as a batch, in order', () => {
    expect(fromStructured(ok)).toHaveLength(1);
    const batch = fromStructured([ok, { ...ok, id: 'e-2' }, { ...ok, id: 'e-3' }]);
    expect(batch.map((e) => e.id)).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it('names the bad event of a batch and its attribute', () => {
    expect(refusal(() => fromStructured([ok, { ...ok, id: 'e-2', type: undefined }])).extra.pointer).toBe('/1/type');
    expect(refusal(() => fromStructured([ok, ok, 'nope'])).extra.pointer).toBe('/2');
    expect(refusal(() => fromStructured([{ ...ok, time: 'soon' }])).extra.pointer).toBe('/0/time');
  });

  it('refuses an empty batch and one over 1000 events', () => {
    expect(refusal(() => fromStructured([])).message).toMatch(/at least one/);
    const big = Array.from({ length: 1001 }, (_, i) => ({ ...ok, id: `e-${i}` }));
    expect(refusal(() => fromStructured(big)).message).toMatch(/at most 1000/);
    expect(fromStructured(big.slice(0, 1000))).toHaveLength(1000);
  });
});

describe('fromBinary (ce-* headers, the body is data)', () => {
  const headers = { 'ce-specversion': '1.0', 'ce-id': 'b-1', 'ce-source': '/sensor', 'ce-type': 'com.example.reading' };

  it('parses a JSON body as data and takes extensions from ce-* headers', () => {
    const e = fromBinary({ ...headers, 'ce-subject': 'room-1', 'ce-traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'content-type': 'application/json' }, '{"celsius":21.5}');
    expect(e).toMatchObject({ specversion: '1.0', id: 'b-1', source: '/sensor', type: 'com.example.reading', subject: 'room-1', datacontenttype: 'application/json', data: { celsius: 21.5 } });
    expect(e.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('keeps a text body as a string; an empty body is no data', () => {
    expect(fromBinary({ ...headers, 'content-type': 'text/plain' }, 'hello')).toMatchObject({ datacontenttype: 'text/plain', data: 'hello' });
    expect(fromBinary(headers, '')).not.toHaveProperty('data');
  });

  it.each([
    ['no ce-specversion', { ...headers, 'ce-specversion': undefined }, '/specversion'],
    ['ce-specversion 0.3', { ...headers, 'ce-specversion': '0.3' }, '/specversion'],
    ['no ce-id', { ...headers, 'ce-id': undefined }, '/id'],
    ['no ce-source', { ...headers, 'ce-source': undefined }, '/source'],
    ['no ce-type', { ...headers, 'ce-type': undefined }, '/type'],
  ])('refuses %s', (_what, h, pointer) => {
    const err = refusal(() => fromBinary(h, '{}'));
    expect(err.code).toBe(EVENT_ERROR_CODES.invalid);
    expect(err.extra.pointer).toBe(pointer);
  });

  it('refuses a JSON content type whose body is not JSON, and a malformed attribute', () => {
    expect(refusal(() => fromBinary({ ...headers, 'content-type': 'application/json' }, '{bad')).code).toBe(EVENT_ERROR_CODES.invalid);
    expect(refusal(() => fromBinary({ ...headers, 'ce-time': 'never' }, '')).extra.pointer).toBe('/time');
  });
});
