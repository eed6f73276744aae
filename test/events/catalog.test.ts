/**
 * The event routing configuration over HTTP: event types and subscriptions (CRUD and validation), and the
 * same declared in a project folder that `weft dev` loads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/server-command.js';
import { type TestServer, caller, expectProblem, startTestServer } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('event types', () => {
  it('PUT creates (201) then replaces (200); GET one and all; DELETE (204) then 404', async () => {
    const schema = { type: 'object', properties: { sku: { type: 'string' } } };
    const created = await s.call('PUT', '/api/v1/event-types/cat.stock.low', { body: schema });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({ type: 'cat.stock.low', schema, updatedAt: expect.any(String) });
    const replaced = await s.call('PUT', '/api/v1/event-types/cat.stock.low', { body: { ...schema, required: ['sku'] } });
    expect(replaced.status).toBe(200);
    expect((await s.get('/api/v1/event-types/cat.stock.low')).body.schema.required).toEqual(['sku']);
    await s.call('PUT', '/api/v1/event-types/cat.a', { body: true });
    const list = (await s.get('/api/v1/event-types')).body.items.map((t: { type: string }) => t.type);
    expect(list).toEqual(expect.arrayContaining(['cat.a', 'cat.stock.low']));
    expect((await s.call('DELETE', '/api/v1/event-types/cat.stock.low')).status).toBe(204);
    expectProblem(await s.get('/api/v1/event-types/cat.stock.low'), 404, 'WEFT_ERR_EVENT_NOT_FOUND');
    expectProblem(await s.call('DELETE', '/api/v1/event-types/cat.stock.low'), 404);
  });

  it('refuses a schema that does not compile or is not a schema', async () => {
    const bad = await s.call('PUT', '/api/v1/event-types/cat.bad', { body: { type: 'nope' } });
    expectProblem(bad, 400, 'WEFT_ERR_EVENT_CONFIG');
    expectProblem(await s.call('PUT', '/api/v1/event-types/cat.bad', { body: [1] }), 400);
    expectProblem(await s.get('/api/v1/event-types/cat.bad'), 404);
  });
});

describe('subscriptions', () => {
  const target = { workflow: { namespace: 'shop', name: 'inventory' }, input: '.data' };

  it('PUT creates (201) then replaces (200, createdAt kept); GET one and all; DELETE (204) then 404', async () => {
    const c = await s.call('PUT', '/api/v1/subscriptions/cat-inventory', { body: { filter: { type: 'order.placed', condition: '.data.total > 0' }, target, maxAttempts: 3 } });
    expect(c.status, c.text).toBe(201);
    expect(c.body).toEqual({ name: 'cat-inventory', filter: { type: 'order.placed', condition: '.data.total > 0' }, target, maxAttempts: 3, createdAt: expect.any(Number) });
    const r = await s.call('PUT', '/api/v1/subscriptions/cat-inventory', { body: { target: { function: { name: 'notify', ref: 'live' } } } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: 'cat-inventory', filter: {}, target: { function: { name: 'notify', ref: 'live' } }, createdAt: c.body.createdAt });
    expect((await s.get('/api/v1/subscriptions/cat-inventory')).body).toEqual(r.body);
    expect((await s.get('/api/v1/subscriptions')).body.items.map((x: { name: string }) => x.name)).toContain('cat-inventory');
    expect((await s.call('DELETE', '/api/v1/subscriptions/cat-inventory')).status).toBe(204);
    expectProblem(await s.get('/api/v1/subscriptions/cat-inventory'), 404, 'WEFT_ERR_EVENT_NOT_FOUND');
    expectProblem(await s.call('DELETE', '/api/v1/subscriptions/cat-inventory'), 404);
  });

  it.each<[string, string, unknown, string | undefined]>([
    ['a condition that does not compile', 'c1', { filter: { condition: '.data >' }, target }, '/filter/condition'],
    ['a mapping that does not compile', 'c2', { target: { ...target, input: '{a:' } }, '/target/input'],
    ['no target', 'c3', { filter: {} }, undefined],
    ['a target naming both a workflow and a function', 'c4', { target: { workflow: target.workflow, function: { name: 'f' } } }, undefined],
    ['a workflow target without a name', 'c5', { target: { workflow: { namespace: 'shop' } } }, undefined],
    ['an unknown filter attribute', 'c6', { filter: { kind: 'x' }, target }, undefined],
    ['maxAttempts 0', 'c7', { target, maxAttempts: 0 }, undefined],
    ['a name with a space', 'bad%20name', { target }, '/name'],
  ])('refuses %s (400) and stores nothing', async (_what, name, body, pointer) => {
    const r = await s.call('PUT', `/api/v1/subscriptions/${name}`, { body });
    expectProblem(r, 400);
    if (pointer) expect(r.body.pointer).toBe(pointer);
    expectProblem(await s.get(`/api/v1/subscriptions/${name}`), 404);
  });

  it('names with : / # (as schedules make them) are addressable once encoded', async () => {
    const name = 'team:ops/restock#1';
    expect((await s.call('PUT', `/api/v1/subscriptions/${encodeURIComponent(name)}`, { body: { target } })).status).toBe(201);
    expect((await s.get(`/api/v1/subscriptions/${encodeURIComponent(name)}`)).body.name).toBe(name);
    expect((await s.call('DELETE', `/api/v1/subscriptions/${encodeURIComponent(name)}`)).status).toBe(204);
  });
});

describe('a project folder loaded by weft dev', () => {
  it('registers its *.event-type and *.subscription files, which then route events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-events-project-'));
    mkdirSync(join(dir, 'events'));
    writeFileSync(join(dir, 'events', 'order.event-type.yaml'), 'type: proj.order\nschema:\n  type: object\n  required: [id]\n');
    writeFileSync(join(dir, 'events', 'ship.subscription.json'), JSON.stringify({ name: 'proj-ship', filter: { type: 'proj.order' }, target: { workflow: { namespace: 'proj', name: 'ship' } } }));
    writeFileSync(join(dir, 'ship.yaml'), "document: { dsl: '1.0.0', namespace: proj, name: ship, version: '1.0.0' }\ndo:\n  - done: { set: { shipped: '${ .data.id }' } }\n");
    const lines: string[] = [];
    const server = await startServer({ mode: 'dev', port: 0, db: join(dir, '.weft', 'weft.db'), dir, watch: false, env: { WEFT_LOG_LEVEL: 'silent' } }, { out: () => {}, err: (l) => lines.push(l) });
    try {
      const call = caller(server);
      expect(lines.join('\n')).toMatch(/event type proj\.order/);
      expect(lines.join('\n')).toMatch(/subscription proj-ship/);
      expect((await call('GET', '/api/v1/event-types/proj.order')).body.schema.required).toEqual(['id']);
      expect((await call('GET', '/api/v1/subscriptions/proj-ship')).body.target).toEqual({ workflow: { namespace: 'proj', name: 'ship' } });
      expectProblem(await call('POST', '/api/v1/events', { body: { specversion: '1.0', id: 'p-0', source: '/t', type: 'proj.order', data: {} } }), 400, 'WEFT_ERR_EVENT_SCHEMA');
      expect((await call('POST', '/api/v1/events', { body: { specversion: '1.0', id: 'p-1', source: '/t', type: 'proj.order', data: { id: 'o-7' } } })).status).toBe(202);
      const deadline = Date.now() + 5_000;
      let runs: { status: string; output?: unknown }[] = [];
      while (Date.now() < deadline && !runs.some((r) => r.status === 'completed')) {
        runs = (await call('GET', '/api/v1/runs?workflow=proj/ship')).body.items;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(runs).toHaveLength(1);
      expect(runs[0].output).toEqual({ shipped: 'o-7' });
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
