/**
 * Subscriptions delivering over a real server: workflow targets (the event or a jq mapping as input),
 * function targets (whose ctx.emit feeds the bus back), dedup (a repeat is not delivered again), retries,
 * dead letters and redrive, and the event metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, ce, deployFunction, expectProblem, metric, publish, registerWorkflow, runsOf, runsUntil, startTestServer, until, workflowYaml } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await registerWorkflow(s, workflowYaml('dl', 'echo', '  - keep: { set: { got: "${ . }" } }\n'));
  // Emits what it got back onto the bus (ctx.emit), so the test can see the function's input.
  await deployFunction(
    s,
    'dl-notify',
    `export default async (input: any, ctx: any) => {
      await ctx.emit({ specversion: '1.0', id: 'notified-' + ctx.idempotencyKey, source: '/dl-notify', type: 'dl.notified', data: input });
      return { ok: true };
    };`,
  );
});
afterAll(() => s.stop());

const put = async (name: string, body: unknown) => {
  const r = await s.call('PUT', `/api/v1/subscriptions/${encodeURIComponent(name)}`, { body });
  expect([200, 201], r.text).toContain(r.status);
};
const events = async (type: string) => (await s.get(`/api/v1/events?type=${type}`)).body.items as { event: Record<string, any> }[];

describe('delivery', () => {
  it('starts a workflow with the whole event, or with a jq mapping of it, once per subscription', async () => {
    await put('dl-whole', { filter: { type: 'dl.order', source: '/test' }, target: { workflow: { namespace: 'dl', name: 'echo' } } });
    await put('dl-mapped', { filter: { type: 'dl.order', condition: '.data.total > 100' }, target: { workflow: { namespace: 'dl', name: 'echo' }, input: '{order: .data.id, big: true}' } });
    const small = ce('dl.order', { id: 'o-1', total: 5 });
    const big = ce('dl.order', { id: 'o-2', total: 500 });
    await publish(s.call, [small, big]);
    const runs = await runsUntil(s.call, 'dl', 'echo', 3);
    const inputs = runs.map((r) => r.output.got);
    expect(inputs).toHaveLength(3);
    expect(inputs).toEqual(expect.arrayContaining([expect.objectContaining({ id: small.id, type: 'dl.order', data: small.data }), expect.objectContaining({ id: big.id }), { order: 'o-2', big: true }]));
    expect(new Set(runs.map((r) => r.idempotencyKey))).toEqual(new Set([`event:dl-mapped:/test:${big.id}`, `event:dl-whole:/test:${big.id}`, `event:dl-whole:/test:${small.id}`]));
    await s.call('DELETE', '/api/v1/subscriptions/dl-whole');
    await s.call('DELETE', '/api/v1/subscriptions/dl-mapped');
  });

  it('a repeated event id is answered 200 and not delivered again', async () => {
    await put('dl-dedup', { filter: { type: 'dl.dedup' }, target: { workflow: { namespace: 'dl', name: 'echo' }, input: '.id' } });
    const e = ce('dl.dedup', { n: 1 });
    await publish(s.call, e);
    await runsUntil(s.call, 'dl', 'echo', 1, 'completed');
    const before = (await runsOf(s.call, 'dl', 'echo')).filter((r) => r.input === e.id).length;
    expect(before).toBe(1);
    for (let i = 0; i < 3; i++) expect((await s.call('POST', '/api/v1/events', { body: e })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await runsOf(s.call, 'dl', 'echo')).filter((r) => r.input === e.id)).toHaveLength(1);
    await s.call('DELETE', '/api/v1/subscriptions/dl-dedup');
  });

  it('invokes a function target with the (mapped) event; what it emits is stored like any event', async () => {
    await put('dl-fn', { filter: { type: 'dl.ping' }, target: { function: { name: 'dl-notify' }, input: '.data' } });
    const e = ce('dl.ping', { hello: 'world' });
    await publish(s.call, e);
    const [notified] = await until(async () => ((await events('dl.notified')).length ? events('dl.notified') : undefined));
    expect(notified.event).toMatchObject({ source: '/dl-notify', id: `notified-event:dl-fn:/test:${e.id}`, data: { hello: 'world' } });
    expect(notified.event.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/);
    await s.call('DELETE', '/api/v1/subscriptions/dl-fn');
  });
});

describe('retries, dead letters, redrive', () => {
  it('a failing target is retried, dead-lettered after maxAttempts, listed, and delivered when redriven', async () => {
    const retriedBefore = await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.fail', outcome: 'retried' });
    await put('dl-missing', { filter: { type: 'dl.fail' }, target: { workflow: { namespace: 'dl', name: 'later' } }, maxAttempts: 2 });
    const e = ce('dl.fail', { n: 1 });
    await publish(s.call, e);
    // Pending while it is retried: the lag gauge sees it.
    await until(async () => ((await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.fail', outcome: 'retried' })) > retriedBefore ? true : undefined));
    expect(await metric(s.call, 'weft_events_lag_seconds')).toBeGreaterThan(0);
    const [dead] = await until(async () => {
      const items = (await s.get('/api/v1/dead-letters')).body.items as any[];
      return items.length ? items : undefined;
    });
    expect(dead).toMatchObject({ id: expect.stringMatching(/^dl-missing\|\d+$/), subscription: 'dl-missing', status: 'dead', attempts: 2, event: { event: { id: e.id, type: 'dl.fail' } } });
    expect(JSON.stringify(dead.lastError)).toMatch(/dl\/later/);
    expect(Date.parse(dead.updatedAt) - Date.parse(dead.event.receivedAt)).toBeGreaterThanOrEqual(150); // one backoff
    expect(await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.fail', outcome: 'dead' })).toBe(1);
    expect(await metric(s.call, 'weft_events_lag_seconds')).toBe(0);
    expect(await runsOf(s.call, 'dl', 'later')).toEqual([]);

    // Fix the cause, then redrive.
    await registerWorkflow(s, workflowYaml('dl', 'later', '  - keep: { set: { id: "${ .id }" } }\n'));
    const r = await s.call('POST', `/api/v1/dead-letters/${encodeURIComponent(dead.id)}/redrive`);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    const [run] = await runsUntil(s.call, 'dl', 'later', 1);
    expect(run.output).toEqual({ id: e.id });
    expect((await s.get('/api/v1/dead-letters')).body.items).toEqual([]);
    expect(await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.fail', outcome: 'delivered' })).toBe(1);
    // A redrive of a delivered one starts nothing new (the event id is the idempotency key).
    expect((await s.call('POST', `/api/v1/dead-letters/${encodeURIComponent(dead.id)}/redrive`)).status).toBe(200);
    await until(async () => ((await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.fail', outcome: 'delivered' })) === 2 ? true : undefined));
    expect(await runsOf(s.call, 'dl', 'later')).toHaveLength(1);
    await s.call('DELETE', '/api/v1/subscriptions/dl-missing');
  });

  it('redrive of an unknown delivery is 404', async () => {
    expectProblem(await s.call('POST', '/api/v1/dead-letters/nope%7C1/redrive'), 404, 'WEFT_ERR_EVENT_NOT_FOUND');
  });
});

describe('metrics', () => {
  it('counts events ingested per type (duplicates excluded) and deliveries per outcome', async () => {
    await put('dl-metrics', { filter: { type: 'dl.metric' }, target: { workflow: { namespace: 'dl', name: 'echo' } } });
    const e = ce('dl.metric', 1);
    await publish(s.call, [e, ce('dl.metric', 2)]);
    await s.call('POST', '/api/v1/events', { body: e });
    expect(await metric(s.call, 'weft_events_ingested_total', { type: 'dl.metric' })).toBe(2);
    await until(async () => ((await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.metric', outcome: 'delivered' })) === 2 ? true : undefined));
    expect(await metric(s.call, 'weft_event_deliveries_total', { type: 'dl.metric', outcome: 'retried' })).toBe(0);
    await s.call('DELETE', '/api/v1/subscriptions/dl-metrics');
  });
});
