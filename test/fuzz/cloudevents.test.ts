/**
 * Property-based fuzzing of CloudEvents ingest: fromStructured / fromBinary (src/events/cloudevent.ts)
 * on random and mutated events throw only coded EventErrors; and POST /api/v1/events on a listening
 * server answers 202/200 or a 4xx problem — never a 5xx, never a hang — for random structured, batch
 * and binary-mode events.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventError, fromBinary, fromStructured } from '../../src/events/index.js';
import { type TestServer, startTestServer } from '../gateway/support.js';
import { bounded, params, timeout } from './config.js';
import { expectWellFormed, send } from './http-support.js';

const valid = { specversion: '1.0', id: 'e-1', source: '/fuzz', type: 'fuzz.happened', datacontenttype: 'application/json', data: { a: 1 } };
const attrName = fc.oneof(fc.constantFrom('specversion', 'id', 'source', 'type', 'time', 'subject', 'dataschema', 'datacontenttype', 'data', 'data_base64', 'ext1', 'Bad-Name', '__proto__', 'constructor', ''), fc.string({ maxLength: 8 }));
const attrValue = fc.oneof(
  fc.constantFrom('1.0', '0.3', '', '2026-12-07T15:00:00Z', 'not-a-time', 'http://x/y', '::', 'application/json', 'text/plain', 'application/cloudevents+json', '=====', 'aGVsbG8=', null, 0, -1, true, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A valid event with random attributes added, replaced or removed. */
const mutatedEvent = fc
  .tuple(fc.array(fc.tuple(attrName, attrValue), { maxLength: 4 }), fc.array(attrName, { maxLength: 2 }))
  .map(([sets, dels]) => {
    const e: Record<string, unknown> = { ...valid };
    for (const [k, v] of sets) e[k] = v;
    for (const k of dels) delete e[k];
    return e;
  });
const anyEvent = fc.oneof(mutatedEvent, fc.dictionary(attrName, attrValue, { maxKeys: 8 }), fc.jsonValue({ maxDepth: 3 }));
const body = fc.oneof(anyEvent, fc.array(anyEvent, { maxLength: 5 }), fc.constant([]));

const headerValue = fc.oneof(fc.constantFrom('1.0', '0.3', '', 'e-1', '/fuzz', 'fuzz.happened', '2026-12-07T15:00:00Z', 'garbage', 'application/json', 'text/plain; charset=utf-8', 'application/json; charset=utf-16', 'application/octet-stream', 'application/xml', '%%', '%E2%82%AC'), fc.string({ maxLength: 10 }));
const binaryHeaders = fc
  .tuple(fc.dictionary(fc.constantFrom('ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-time', 'ce-subject', 'ce-dataschema', 'ce-ext1', 'ce-bad_name', 'ce-', 'content-type'), headerValue, { maxKeys: 8 }), fc.boolean())
  .map(([h, complete]) => (complete ? { 'ce-specversion': '1.0', 'ce-id': 'b-1', 'ce-source': '/fuzz', 'ce-type': 'fuzz.binary', ...h } : h));
const binaryBody = fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.constant(''));

function onlyEventErrors(fn: () => unknown): void {
  try {
    bounded('CloudEvent decode', fn);
  } catch (err) {
    if (!(err instanceof EventError)) throw err;
    expect(err.code).toMatch(/^WEFT_ERR_EVENT_/);
    expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.status).toBeLessThan(500);
  }
}

describe('fuzz: CloudEvents decoding', () => {
  it('structured and batch: only coded EventErrors', () => {
    fc.assert(fc.property(body, (b) => onlyEventErrors(() => fromStructured(b))), params(1000));
  }, timeout(1000, 5));

  it('binary mode: only coded EventErrors', () => {
    fc.assert(fc.property(binaryHeaders, binaryBody, (h, b) => onlyEventErrors(() => fromBinary(h, b))), params(1000));
  }, timeout(1000, 5));
});

describe('fuzz: POST /api/v1/events', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ mode: 'dev' });
  }, 30_000);
  afterAll(async () => {
    await s?.stop();
  });

  const contentType = fc.constantFrom('application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json', 'text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/yaml', 'multipart/form-data');
  const textBody = fc.oneof(
    body.map((b) => JSON.stringify(b)),
    fc.tuple(body.map((b) => JSON.stringify(b)), fc.nat(), fc.string({ maxLength: 4 })).map(([t, at, ins]) => t.slice(0, at % (t.length + 1)) + ins + t.slice(at % (t.length + 1))),
    fc.string({ maxLength: 60 }),
  );

  it('structured, batch and mangled bodies: 200/202 or a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(textBody, contentType, async (text, type) => {
        const req = { method: 'POST', path: '/api/v1/events', headers: { 'content-type': type }, body: text };
        const got = await send(s.url, req);
        if (got.status !== 0) expectWellFormed(req, got);
        if (got.status < 400) expect([200, 202]).toContain(got.status);
      }),
      params(250, { costly: true }),
    );
  }, timeout(250, 50, { costly: true }));

  it('binary mode: 200/202 or a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(binaryHeaders, binaryBody, async (headers, text) => {
        const req = { method: 'POST', path: '/api/v1/events', headers, body: text };
        const got = await send(s.url, req);
        if (got.status !== 0) expectWellFormed(req, got);
        if (got.status < 400) expect([200, 202]).toContain(got.status);
      }),
      params(250, { costly: true }),
    );
    expect((await s.get('/healthz')).status).toBe(200);
  }, timeout(250, 50, { costly: true }));
});
