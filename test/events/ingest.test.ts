/**
 * POST /api/v1/events over HTTP: structured (one, batch), binary mode, dedup per source, type schemas;
 * GET /api/v1/events filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, ce, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const stored = async (q: string) => (await s.get(`/api/v1/events?${q}`)).body.items as { seq: number; receivedAt: string; event: Record<string, unknown> }[];

describe('POST /api/v1/events (structured mode)', () => {
  it('stores one event and answers 202 with its position; a repeat (same source and id) answers 200 and is stored once', async () => {
    const e = ce('ingest.one', { n: 1 });
    const first = await s.call('POST', '/api/v1/events', { body: e });
    expect(first.status, first.text).toBe(202);
    expect(first.body.items).toEqual([{ id: e.id, source: '/test', seq: expect.any(Number), duplicate: false }]);
    const again = await s.call('POST', '/api/v1/events', { body: { ...e, data: { n: 2 } } });
    expect(again.status).toBe(200);
    expect(again.body.items).toEqual([{ id: e.id, source: '/test', seq: first.body.items[0].seq, duplicate: true }]);
    const list = await stored('type=ingest.one');
    expect(list).toHaveLength(1);
    expect(list[0].event).toMatchObject({ ...e, data: { n: 1 } });
    // The same id from another source is another event.
    expect((await s.call('POST', '/api/v1/events', { body: { ...e, source: '/elsewhere' } })).status).toBe(202);
  });

  it('takes a batch: 202 when anything is new (duplicates flagged), 200 when every event is a repeat', async () => {
    const [a, b] = [ce('ingest.batch', 1), ce('ingest.batch', 2)];
    await s.call('POST', '/api/v1/events', { body: a });
    const mixed = await s.call('POST', '/api/v1/events', { body: [a, b, b] });
    expect(mixed.status).toBe(202);
    expect(mixed.body.items.map((x: { duplicate: boolean }) => x.duplicate)).toEqual([true, false, true]);
    const all = await s.call('POST', '/api/v1/events', { body: [b, a] });
    expect(all.status).toBe(200);
    expect((await stored('type=ingest.batch')).map((x) => x.event.data)).toEqual([2, 1]);
  });

  it('accepts the CloudEvents media types', async () => {
    for (const [type, body] of [
      ['application/cloudevents+json', ce('ingest.media', 'one')],
      ['application/cloudevents-batch+json', [ce('ingest.media', 'two')]],
    ] as const) {
      const r = await s.call('POST', '/api/v1/events', { body: JSON.stringify(body), headers: { 'content-type': type } });
      expect(r.status, r.text).toBe(202);
    }
    expect(await stored('type=ingest.media')).toHaveLength(2);
  });

  it('refuses a malformed event with a validation problem naming the attribute; a bad batch stores nothing', async () => {
    const noId = await s.call('POST', '/api/v1/events', { body: { specversion: '1.0', source: '/test', type: 'ingest.bad' } });
    expectProblem(noId, 400, 'WEFT_ERR_EVENT_INVALID');
    expect(noId.body.pointer).toBe('/id');
    const batch = await s.call('POST', '/api/v1/events', { body: [ce('ingest.bad'), { ...ce('ingest.bad'), type: undefined }] });
    expectProblem(batch, 400, 'WEFT_ERR_EVENT_INVALID');
    expect(batch.body.pointer).toBe('/1/type');
    expect(batch.body.type).toMatch(/validation/);
    expectProblem(await s.call('POST', '/api/v1/events', { body: [] }), 400);
    expectProblem(await s.call('POST', '/api/v1/events', { body: { ...ce('ingest.bad'), specversion: '0.3' } }), 400);
    expect(await stored('type=ingest.bad')).toEqual([]);
  });
});

describe('binary mode', () => {
  const headers = (id: string, type: string, more: Record<string, string> = {}) => ({ 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': '/sensor', 'ce-type': type, ...more });

  it('takes attributes from ce-* headers and the body as data (JSON or text)', async () => {
    const json = await s.call('POST', '/api/v1/events', { body: '{"celsius":21.5}', headers: headers('b-1', 'ingest.binary', { 'content-type': 'application/json', 'ce-subject': 'room-1' }) });
    expect(json.status, json.text).toBe(202);
    const text = await s.call('POST', '/api/v1/events', { body: 'hello', headers: headers('b-2', 'ingest.binary', { 'content-type': 'text/plain' }) });
    expect(text.status, text.text).toBe(202);
    const list = await stored('type=ingest.binary');
    expect(list.map((x) => x.event)).toEqual([
      expect.objectContaining({ id: 'b-2', datacontenttype: 'text/plain', data: 'hello' }),
      expect.objectContaining({ id: 'b-1', source: '/sensor', subject: 'room-1', datacontenttype: 'application/json', data: { celsius: 21.5 } }),
    ]);
    const dup = await s.call('POST', '/api/v1/events', { body: '{}', headers: headers('b-1', 'ingest.binary', { 'content-type': 'application/json' }) });
    expect(dup.status).toBe(200);
  });

  it('refuses missing required headers and a malformed time, naming the attribute', async () => {
    const noType = await s.call('POST', '/api/v1/events', { body: '{}', headers: { 'ce-specversion': '1.0', 'ce-id': 'b-3', 'ce-source': '/sensor', 'content-type': 'application/json' } });
    expectProblem(noType, 400, 'WEFT_ERR_EVENT_INVALID');
    expect(noType.body.pointer).toBe('/type');
    const noId = await s.call('POST', '/api/v1/events', { body: 'x', headers: { 'ce-specversion': '1.0', 'ce-source': '/sensor', 'ce-type': 'ingest.binary', 'content-type': 'text/plain' } });
    expect(noId.body.pointer).toBe('/id');
    const badTime = await s.call('POST', '/api/v1/events', { body: 'x', headers: headers('b-4', 'ingest.binary', { 'content-type': 'text/plain', 'ce-time': 'tomorrow' }) });
    expect(badTime.body.pointer).toBe('/time');
    // Without ce-specversion a text body is no event at all.
    expect((await s.call('POST', '/api/v1/events', { body: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  });
});

describe('event type schemas', () => {
  const schema = { type: 'object', required: ['order', 'total'], properties: { order: { type: 'string' }, total: { type: 'number', minimum: 0 } } };

  it('an event whose data violates the registered schema is refused with a problem naming the path', async () => {
    expect((await s.call('PUT', '/api/v1/event-types/ingest.order', { body: schema })).status).toBe(201);
    const bad = await s.call('POST', '/api/v1/events', { body: ce('ingest.order', { order: 'o-1', total: -5 }) });
    expectProblem(bad, 400, 'WEFT_ERR_EVENT_SCHEMA');
    expect(bad.body.type).toMatch(/validation/);
    expect(bad.body.pointer).toBe('/data/total');
    expect(bad.body.detail).toContain('/data/total');
    const missing = await s.call('POST', '/api/v1/events', { body: [ce('ingest.order', { total: 1 })] });
    expect(missing.body.pointer).toBe('/0/data/order');
    const binary = await s.call('POST', '/api/v1/events', { body: '{"order":1,"total":1}', headers: { 'ce-specversion': '1.0', 'ce-id': 'b-9', 'ce-source': '/s', 'ce-type': 'ingest.order', 'content-type': 'application/json' } });
    expect(binary.body.pointer).toBe('/data/order');
    expect((await s.call('POST', '/api/v1/events', { body: ce('ingest.order', { order: 'o-1', total: 5 }) })).status).toBe(202);
    expect(await stored('type=ingest.order')).toHaveLength(1);
  });

  it('an emit task whose event violates the schema faults with the validation problem; nothing is stored', async () => {
    await s.call('PUT', '/api/v1/event-types/ingest.emitted', { body: schema });
    await registerWorkflow(s, workflowYaml('ing', 'emitter', "  - tell: { emit: { event: { with: { type: ingest.emitted, source: 'https://shop.example/x', data: { order: 7, total: 1 } } } } }\n"));
    const r = await s.call('POST', '/api/v1/workflows/ing/emitter/runs', { body: {}, headers: { prefer: 'wait=5' } });
    expect(r.body.status, r.text).toBe('faulted');
    expect(r.body.error, JSON.stringify(r.body.error)).toMatchObject({ type: expect.stringMatching(/validation/), status: 400, code: 'WEFT_ERR_EVENT_SCHEMA', pointer: '/data/order', instance: '/do/0/tell' });
    expect((await stored('source=https://shop.example/x')).length).toBe(0);
  });

  it('a replaced schema applies at once; a deleted one no longer checks', async () => {
    await s.call('PUT', '/api/v1/event-types/ingest.strict', { body: { type: 'string' } });
    expect((await s.call('POST', '/api/v1/events', { body: ce('ingest.strict', 'ok') })).status).toBe(202);
    expect((await s.call('PUT', '/api/v1/event-types/ingest.strict', { body: { type: 'integer' } })).status).toBe(200);
    expectProblem(await s.call('POST', '/api/v1/events', { body: ce('ingest.strict', 'ok') }), 400, 'WEFT_ERR_EVENT_SCHEMA');
    expect((await s.call('DELETE', '/api/v1/event-types/ingest.strict')).status).toBe(204);
    expect((await s.call('POST', '/api/v1/events', { body: ce('ingest.strict', 'ok') })).status).toBe(202);
  });
});

describe('GET /api/v1/events', () => {
  it('filters by type, source and since; pages forward with after; newest first otherwise', async () => {
    // The server stamps events with sub-millisecond time and Date.now() truncates: without a gap before
    // `before`, an event of the previous test (stored within the same millisecond) counts as since it.
    await new Promise((r) => setTimeout(r, 5));
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    const first = await s.call('POST', '/api/v1/events', { body: [ce('browse.a', 1), ce('browse.b', 2), ce('browse.a', 3, { source: '/other' })] });
    const seq0 = first.body.items[0].seq as number;
    expect((await stored('type=browse.a')).map((x) => x.event.data)).toEqual([3, 1]);
    expect((await stored('type=browse.a&source=/other')).map((x) => x.event.data)).toEqual([3]);
    expect((await stored(`since=${before}`)).map((x) => x.event.data)).toEqual([3, 2, 1]);
    expect((await stored(`since=${new Date(before).toISOString()}&type=browse.b`)).map((x) => x.event.data)).toEqual([2]);
    expect(await stored(`since=${Date.now() + 60_000}`)).toEqual([]);
    expect((await stored(`after=${seq0}`)).map((x) => x.event.data)).toEqual([2, 3]);
    expect((await stored(`after=${seq0 - 1}&limit=2`)).map((x) => x.event.data)).toEqual([1, 2]);
    const [one] = await stored('type=browse.b');
    expect(Date.parse(one.receivedAt)).toBeGreaterThanOrEqual(before);
    expect(one.seq).toBe(seq0 + 1);
  });

  it('refuses a malformed since or an unknown parameter', async () => {
    expectProblem(await s.get('/api/v1/events?since=yesterday'), 400);
    expectProblem(await s.get('/api/v1/events?since=-1'), 400);
    expectProblem(await s.get('/api/v1/events?after=1e30'), 400);
    expectProblem(await s.get('/api/v1/events?kind=x'), 400);
    expectProblem(await s.get('/api/v1/events?limit=0'), 400);
  });
});
