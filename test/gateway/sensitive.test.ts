/**
 * `x-weft-sensitive: true` in a workflow's input and output schemas and an event type's schema: the
 * marked parts are sealed in the database, and masked (by path, and by value wherever they were copied)
 * for callers without `data:read-sensitive` — admins see them, developers and viewers see `***`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY, type TestServer, createKey, deployFunction, registerWorkflow, startTestServer, workflowYaml } from './support.js';

const CARD = '4111222233334444';
const SSN = '078-05-1120';
// Made by the run from its input (a literal in the document would be in the stored definition).
const TOKEN = 'tok-12-issued';
let s: TestServer;
let developer: string;
let viewer: string;

const flow = workflowYaml(
  'pay',
  'charge',
  "  - charge: { set: { receipt: '${ \"charged \" + .card }', last4: '${ .card[-4:] }', token: '${ \"tok-\" + (.amount | tostring) + \"-issued\" }' } }\n",
  '1.0.0',
  `input:
  schema:
    format: json
    document:
      type: object
      properties:
        card: { type: string, x-weft-sensitive: true }
        amount: { type: number }
output:
  schema:
    format: json
    document:
      type: object
      properties:
        token: { type: string, x-weft-sensitive: true }
`,
);

beforeAll(async () => {
  s = await startTestServer({ mode: 'serve', env: { WEFT_MASTER_KEY: TEST_MASTER_KEY } });
  await registerWorkflow(s, flow);
  developer = (await createKey(s, [{ namespace: 'pay', role: 'developer' }])).secret;
  viewer = (await createKey(s, [{ namespace: '*', role: 'viewer' }])).secret;
});
afterAll(() => s.stop());

describe('sensitive run data', () => {
  let id = '';
  it('shows the caller who started it without data:read-sensitive the marked input, its copies and the marked output as ***', async () => {
    const r = await s.call('POST', '/api/v1/workflows/pay/charge/runs', { body: { card: CARD, amount: 12 }, headers: { prefer: 'wait=10' }, key: developer });
    expect(r.status, r.text).toBe(200);
    id = r.body.id;
    expect(r.body).toMatchObject({ status: 'completed', input: { card: '***', amount: 12 }, output: { receipt: 'charged ***', last4: '4444', token: '***' } });
    expect(r.text).not.toContain(CARD);
    expect(r.text).not.toContain(TOKEN);
  });

  it('masks it in every view for developers and viewers, shows it to admins', async () => {
    for (const key of [developer, viewer]) {
      for (const path of [`/api/v1/runs/${id}`, `/api/v1/runs/${id}/events`, '/api/v1/runs?namespace=pay']) {
        const t = (await s.get(path, { key })).text;
        expect(t, path).not.toContain(CARD);
        expect(t, path).not.toContain(TOKEN);
        expect(t, path).toContain('***');
      }
    }
    const admin = await s.get(`/api/v1/runs/${id}`);
    expect(admin.body).toMatchObject({ input: { card: CARD }, output: { receipt: `charged ${CARD}`, token: TOKEN } });
  });

  it('seals it in the database', () => {
    const db = (s.server.app.store as unknown as { path: string }).path;
    const dir = dirname(db);
    for (const f of readdirSync(dir).filter((x) => x.startsWith('weft.db'))) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(Buffer.from(CARD)), f).toBe(false);
      expect(bytes.includes(Buffer.from(TOKEN)), f).toBe(false);
    }
  });
});

describe('sensitive function data', () => {
  const PIN = 'pin-5531-7788';
  const KEY = 'key-for-5531';
  it('masks what a function\'s manifest schemas mark, in its invocation record and in the runs that call it, and seals it', async () => {
    await deployFunction(s, 'vault-pin', 'export default async (i: { pin: string }, ctx: any) => { ctx.log.info("checking " + i.pin); return { key: "key-for-" + i.pin.slice(4, 8), ok: true }; };', {
      input: { type: 'object', properties: { pin: { type: 'string', 'x-weft-sensitive': true } } },
      output: { type: 'object', properties: { key: { type: 'string', 'x-weft-sensitive': true }, ok: { type: 'boolean' } } },
    });
    await registerWorkflow(s, workflowYaml('pay', 'unlock', `  - unlock:\n      call: vault-pin:1.0.0@default\n      with: { pin: '\${ "pin-" + .code }' }\n  - keep: { set: { got: '\${ .key }', ok: '\${ .ok }' } }\n`));
    const r = await s.call('POST', '/api/v1/workflows/pay/unlock/runs', { body: { code: '5531-7788' }, headers: { prefer: 'wait=10' }, key: developer });
    expect(r.body).toMatchObject({ status: 'completed', output: { got: '***', ok: true } });
    for (const t of [r.text, (await s.get(`/api/v1/runs/${r.body.id}`, { key: developer })).text, (await s.get(`/api/v1/runs/${r.body.id}/events`, { key: viewer })).text, (await s.get('/api/v1/runs?namespace=pay', { key: viewer })).text]) {
      expect(t).not.toContain(KEY);
      expect(t).not.toContain(PIN);
    }
    expect((await s.get(`/api/v1/runs/${r.body.id}`)).body.output.got).toBe(KEY);
    // Its invocation record keeps the log line masked (records are only ever shown).
    const logs = await s.get('/api/v1/functions/vault-pin/logs');
    expect(logs.body.items[0].logs[0].message).toBe('checking ***');
    const db = (s.server.app.store as unknown as { path: string }).path;
    for (const f of readdirSync(dirname(db)).filter((x) => x.startsWith('weft.db'))) {
      const bytes = readFileSync(join(dirname(db), f));
      expect(bytes.includes(Buffer.from(KEY)), f).toBe(false);
      expect(bytes.includes(Buffer.from(PIN)), f).toBe(false);
    }
  });
});

describe('sensitive event data', () => {
  it('masks what an event type marks for viewers, shows it to admins, and seals it in the database', async () => {
    const schema = { type: 'object', properties: { person: { type: 'object', properties: { ssn: { type: 'string', 'x-weft-sensitive': true }, name: { type: 'string' } } } } };
    expect((await s.call('PUT', '/api/v1/event-types/hr.hired', { body: schema })).status).toBe(201);
    const published = await s.call('POST', '/api/v1/events', { body: { specversion: '1.0', id: 'h-1', source: 'https://hr.test', type: 'hr.hired', data: { person: { ssn: SSN, name: 'Grace' }, note: `ssn ${SSN} checked` } } });
    expect(published.status, published.text).toBe(202);
    const seen = await s.get('/api/v1/events?type=hr.hired', { key: viewer });
    expect(seen.body.items[0].event.data).toEqual({ person: { ssn: '***', name: 'Grace' }, note: 'ssn *** checked' });
    expect((await s.get('/api/v1/events?type=hr.hired')).body.items[0].event.data.person.ssn).toBe(SSN);
    const db = (s.server.app.store as unknown as { path: string }).path;
    for (const f of readdirSync(dirname(db)).filter((x) => x.startsWith('weft.db'))) expect(readFileSync(join(dirname(db), f)).includes(Buffer.from(SSN)), f).toBe(false);
  });

  it('refuses a schema whose mark is not a boolean', async () => {
    const r = await s.call('PUT', '/api/v1/event-types/hr.bad', { body: { type: 'object', properties: { a: { 'x-weft-sensitive': 'yes' } } } });
    expect(r.status, r.text).toBe(400);
  });
});
