/**
 * `listen` tasks fed by the bus over HTTP: `all` of two correlated events arriving in reverse order (one
 * request each, or one batch), and a waiting run that survives a restart of the server on its database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ce, publish, restartableServer, until } from './support.js';

const BOTH = `document: { dsl: '1.0.0', namespace: lsn, name: both, version: '1.0.0' }
do:
  - await:
      listen:
        to:
          all:
            - with: { type: lsn.paid }
              correlate: { order: { from: '\${ .data.order }', expect: '\${ .order }' } }
            - with: { type: lsn.shipped }
              correlate: { order: { from: '\${ .data.order }', expect: '\${ .order }' } }
  - done: { set: { events: '\${ . }' } }
`;

let s: Awaited<ReturnType<typeof restartableServer>>;
beforeAll(async () => {
  s = await restartableServer();
  const r = await s.call('PUT', '/api/v1/workflows', { body: BOTH, headers: { 'content-type': 'application/yaml' } });
  expect(r.status, r.text).toBe(201);
});
afterAll(() => s.stop());

async function startWaiting(order: string): Promise<string> {
  const r = await s.call('POST', '/api/v1/workflows/lsn/both/runs', { body: { order } });
  expect(r.status, r.text).toBe(202);
  await until(async () => ((await s.call('GET', `/api/v1/runs/${r.body.id}`)).body.status === 'waiting' ? true : undefined));
  return r.body.id;
}

const run = async (id: string) => (await s.call('GET', `/api/v1/runs/${id}`)).body;
const ended = (id: string) => until(async () => ((await run(id)).status === 'completed' ? run(id) : undefined));

describe('listen to.all', () => {
  it('completes when both events arrived in reverse order; events of another order are not taken', async () => {
    const id = await startWaiting('o-1');
    await publish(s.call, ce('lsn.shipped', { order: 'o-1', carrier: 'dhl' }));
    await publish(s.call, ce('lsn.paid', { order: 'o-other', amount: 1 }));
    await new Promise((r) => setTimeout(r, 100));
    expect((await run(id)).status).toBe('waiting');
    await publish(s.call, ce('lsn.paid', { order: 'o-1', amount: 30 }));
    const done = await ended(id);
    // In the order they were consumed.
    expect(done.output).toEqual({ events: [{ order: 'o-1', carrier: 'dhl' }, { order: 'o-1', amount: 30 }] });
  });

  it('completes when both arrive in one batch, in reverse order', async () => {
    const id = await startWaiting('o-2');
    await publish(s.call, [ce('lsn.shipped', { order: 'o-2', carrier: 'ups' }), ce('lsn.paid', { order: 'o-2', amount: 5 })]);
    const done = await ended(id);
    expect(done.output).toEqual({ events: [{ order: 'o-2', carrier: 'ups' }, { order: 'o-2', amount: 5 }] });
  });

  it('a waiting run survives a restart: one event before, one after, and it completes', async () => {
    const id = await startWaiting('o-3');
    await publish(s.call, ce('lsn.shipped', { order: 'o-3', carrier: 'post' }));
    // Let the consumption of the first event be journaled before the server goes away.
    await new Promise((r) => setTimeout(r, 100));
    await s.restart();
    expect((await run(id)).status).toBe('waiting');
    await publish(s.call, ce('lsn.paid', { order: 'o-3', amount: 7 }));
    const done = await ended(id);
    expect(done.output).toEqual({ events: [{ order: 'o-3', carrier: 'post' }, { order: 'o-3', amount: 7 }] });
  });

  it('a run waiting for both survives a restart with none arrived yet', async () => {
    const id = await startWaiting('o-4');
    await s.restart();
    await publish(s.call, ce('lsn.paid', { order: 'o-4', amount: 1 }));
    await publish(s.call, ce('lsn.shipped', { order: 'o-4', carrier: 'gls' }));
    expect((await ended(id)).output).toEqual({ events: [{ order: 'o-4', amount: 1 }, { order: 'o-4', carrier: 'gls' }] });
  });
});
