/**
 * The events routes in serve mode: every one needs a key; publishing needs event:publish, browsing events
 * and dead letters a role on `*` (events are not namespaced), and a subscription may only target what
 * its author could start or invoke.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../gateway/support.js';
import { type TestServer, ce, expectProblem, startTestServer } from './support.js';

let s: TestServer;
const keys: Record<string, string> = {};
beforeAll(async () => {
  s = await startTestServer({ mode: 'serve' });
  keys.devDefault = (await createKey(s, [{ namespace: 'default', role: 'developer' }])).secret;
  keys.devBoth = (await createKey(s, [{ namespace: 'default', role: 'developer' }, { namespace: 'payments', role: 'operator' }])).secret;
  keys.viewerAll = (await createKey(s, [{ namespace: '*', role: 'viewer' }])).secret;
  keys.operatorAll = (await createKey(s, [{ namespace: '*', role: 'operator' }])).secret;
});
afterAll(() => s.stop());

describe('events routes in serve mode', () => {
  it('publishing needs a key with event:publish', async () => {
    expectProblem(await s.call('POST', '/api/v1/events', { body: ce('auth.x'), key: null }), 401);
    expectProblem(await s.call('POST', '/api/v1/events', { body: ce('auth.x'), key: keys.viewerAll }), 403);
    expect((await s.call('POST', '/api/v1/events', { body: ce('auth.x'), key: keys.devDefault })).status).toBe(202);
  });

  it('browsing events and dead letters takes a role on *', async () => {
    expectProblem(await s.get('/api/v1/events', { key: keys.devDefault }), 403);
    expect((await s.get('/api/v1/events', { key: keys.viewerAll })).status).toBe(200);
    expectProblem(await s.get('/api/v1/dead-letters', { key: keys.devDefault }), 403);
    expect((await s.get('/api/v1/dead-letters', { key: keys.viewerAll })).status).toBe(200);
    expectProblem(await s.call('POST', '/api/v1/dead-letters/x%7C1/redrive', { key: keys.viewerAll }), 403);
    expectProblem(await s.call('POST', '/api/v1/dead-letters/x%7C1/redrive', { key: keys.operatorAll }), 404);
  });

  it('a subscription may only target a workflow its author may start, or a function it may invoke', async () => {
    const body = { filter: { type: 'auth.pay' }, target: { workflow: { namespace: 'payments', name: 'refund' } } };
    const refused = await s.call('PUT', '/api/v1/subscriptions/auth-refund', { body, key: keys.devDefault });
    expectProblem(refused, 403);
    expectProblem(await s.get('/api/v1/subscriptions/auth-refund'), 404);
    expect((await s.call('PUT', '/api/v1/subscriptions/auth-refund', { body, key: keys.devBoth })).status).toBe(201);
    expect((await s.call('PUT', '/api/v1/subscriptions/auth-fn', { body: { target: { function: { name: 'notify' } } }, key: keys.devDefault })).status).toBe(201);
    expectProblem(await s.call('PUT', '/api/v1/subscriptions/auth-x', { body, key: keys.viewerAll }), 403);
  });

  it('event types need workflow:write to change and workflow:read to read', async () => {
    expectProblem(await s.call('PUT', '/api/v1/event-types/auth.t', { body: { type: 'object' }, key: keys.viewerAll }), 403);
    expect((await s.call('PUT', '/api/v1/event-types/auth.t', { body: { type: 'object' }, key: keys.devDefault })).status).toBe(201);
    expect((await s.get('/api/v1/event-types/auth.t', { key: keys.viewerAll })).status).toBe(200);
  });
});
