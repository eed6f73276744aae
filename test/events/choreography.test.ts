/**
 * The OrderPlaced choreography end to end over HTTP: an order workflow, started with a traceparent, emits
 * OrderPlaced; one subscription starts the inventory workflow, another invokes the notification function.
 * One event in, one inventory run and one notification invocation out, one trace id across all three
 * (stored traceparents, the function's ctx.traceparent, and the exported spans).
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, ce, deployFunction, publish, registerWorkflow, runsOf, runsUntil, startTestServer, until } from './support.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${TRACE}-00f067aa0ba902b7-01`;
const traceIdOf = (tp: unknown) => (typeof tp === 'string' ? /^00-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(tp)?.[1] : undefined);

const spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] = [];
let receiver: Server;
let s: TestServer;

const ORDER = `document: { dsl: '1.0.0', namespace: shop, name: order, version: '1.0.0' }
do:
  - placeOrder:
      emit:
        event:
          with:
            type: com.example.order.placed
            source: https://shop.example.com/orders
            subject: '\${ .order }'
            data: '\${ {order: .order, items: .items} }'
`;
const INVENTORY = `document: { dsl: '1.0.0', namespace: shop, name: inventory, version: '1.0.0' }
do:
  - reserve: { set: { order: '\${ .order }', reserved: '\${ [.items[].sku] }' } }
`;
// What the function saw is emitted back onto the bus, so the test can read it.
const NOTIFY = `export default async (input: any, ctx: any) => {
  await ctx.emit({ specversion: '1.0', id: 'sent-' + input.order, source: '/shop/notify', type: 'com.example.notification.sent', data: { order: input.order, traceparent: ctx.traceparent } });
  return { sent: input.order };
};`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  s = await startTestServer({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`, OTEL_BSP_SCHEDULE_DELAY: '20' } });
  await registerWorkflow(s, ORDER);
  await registerWorkflow(s, INVENTORY);
  await deployFunction(s, 'shop-notify', NOTIFY);
  for (const [name, body] of [
    ['inventory-on-order', { filter: { type: 'com.example.order.placed' }, target: { workflow: { namespace: 'shop', name: 'inventory' }, input: '.data' } }],
    ['notify-on-order', { filter: { type: 'com.example.order.placed', condition: '.data.items | length > 0' }, target: { function: { name: 'shop-notify' }, input: '.data' } }],
  ] as const) {
    expect((await s.call('PUT', `/api/v1/subscriptions/${name}`, { body })).status).toBe(201);
  }
});
afterAll(async () => {
  await s.stop();
  await new Promise((r) => receiver.close(r));
});

const sent = async (order: string) => ((await s.get('/api/v1/events?type=com.example.notification.sent')).body.items as any[]).filter((e) => e.event.data.order === order);

describe('OrderPlaced choreography', () => {
  it('an order run emits OrderPlaced: one inventory run and one notification, all in the caller\'s trace', async () => {
    const r = await s.call('POST', '/api/v1/workflows/shop/order/runs', { body: { order: 'o-42', items: [{ sku: 'kb-1' }, { sku: 'ms-2' }] }, headers: { traceparent, prefer: 'wait=5' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.status).toBe('completed');
    const orderRun = await s.server.app.store.getRun(r.body.id);
    expect(traceIdOf(orderRun!.traceparent)).toBe(TRACE);

    // One event in: OrderPlaced as stored, carrying the trace.
    const placed = (await s.get('/api/v1/events?type=com.example.order.placed')).body.items as any[];
    expect(placed).toHaveLength(1);
    expect(placed[0].event).toMatchObject({ source: 'https://shop.example.com/orders', subject: 'o-42', data: { order: 'o-42', items: [{ sku: 'kb-1' }, { sku: 'ms-2' }] } });
    expect(traceIdOf(placed[0].event.traceparent)).toBe(TRACE);

    // One inventory run, in the trace.
    const [inv] = await runsUntil(s.call, 'shop', 'inventory', 1);
    expect(inv.output).toEqual({ order: 'o-42', reserved: ['kb-1', 'ms-2'] });
    const invRun = await s.server.app.store.getRun(inv.id);
    expect(invRun!.traceparent).toBe(placed[0].event.traceparent);

    // One notification invocation, whose ctx.traceparent is in the trace (a span of its own).
    const [note] = await until(async () => ((await sent('o-42')).length ? sent('o-42') : undefined));
    expect(traceIdOf(note.event.data.traceparent)).toBe(TRACE);
    expect(note.event.data.traceparent).not.toBe(placed[0].event.traceparent);
    // ctx.emit continues the trace too.
    expect(traceIdOf(note.event.traceparent)).toBe(TRACE);

    // Nothing more arrives: exactly one of each.
    await new Promise((res) => setTimeout(res, 300));
    expect(await runsOf(s.call, 'shop', 'inventory')).toHaveLength(1);
    expect(await sent('o-42')).toHaveLength(1);
    expect((await s.get('/api/v1/functions/shop-notify/logs')).body.items).toHaveLength(1);

    // The exported spans: the request, both runs and the function, one trace.
    const inTrace = await until(async () => {
      const mine = spans.filter((x) => x.traceId === TRACE);
      const names = mine.map((x) => x.name);
      return names.some((n) => n.startsWith('run shop/inventory')) && names.includes('function shop-notify') && names.some((n) => n.startsWith('run shop/order')) ? mine : undefined;
    });
    const fn = inTrace.find((x) => x.name === 'function shop-notify')!;
    expect(note.event.data.traceparent).toBe(`00-${TRACE}-${fn.spanId}-01`);
    const ids = new Set(inTrace.map((x) => x.spanId));
    for (const x of inTrace) expect(x.parentSpanId === '00f067aa0ba902b7' || ids.has(x.parentSpanId!), x.name).toBe(true);
  });

  it('an OrderPlaced posted over HTTP with a traceparent attribute drives the same choreography in its trace', async () => {
    const other = '0af7651916cd43dd8448eb211c80319c';
    await publish(s.call, ce('com.example.order.placed', { order: 'o-43', items: [{ sku: 'x' }] }, { traceparent: `00-${other}-b7ad6b7169203331-01` }));
    const runs = await until(async () => {
      const all = (await runsOf(s.call, 'shop', 'inventory')).filter((x) => x.output?.order === 'o-43' && x.status === 'completed');
      return all.length ? all : undefined;
    });
    expect(runs).toHaveLength(1);
    expect(traceIdOf((await s.server.app.store.getRun(runs[0].id))!.traceparent)).toBe(other);
    const [note] = await until(async () => ((await sent('o-43')).length ? sent('o-43') : undefined));
    expect(traceIdOf(note.event.data.traceparent)).toBe(other);
  });
});
