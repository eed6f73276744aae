/** Starting runs: Idempotency-Key (sequential and concurrent repeats) and `Prefer: wait`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await registerWorkflow(s, workflowYaml('ops', 'fast', "  - a: { set: { doubled: '${ .n * 2 }' } }\n"));
  await registerWorkflow(s, workflowYaml('ops', 'ten', '  - pause: { wait: PT10S }\n'));
  await registerWorkflow(s, workflowYaml('ops', 'once', "  - a: { set: { ok: true } }\n"));
  await registerWorkflow(s, workflowYaml('ops', 'other', "  - a: { set: { ok: true } }\n"));
});
afterAll(() => s.stop());

const start = (name: string, input: unknown, headers: Record<string, string> = {}) => s.call('POST', `/api/v1/workflows/ops/${name}/runs`, { body: input, headers });

describe('Idempotency-Key', () => {
  it('the same key twice returns the same run; the second answer says idempotent-replayed', async () => {
    const first = await start('fast', { n: 1 }, { 'idempotency-key': 'order-1' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.body.idempotencyKey).toBe('order-1');
    const second = await start('fast', { n: 1 }, { 'idempotency-key': 'order-1' });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('location')).toBe(`/api/v1/runs/${first.body.id}`);
    // A replay with Prefer: wait answers with the ended run.
    const third = await start('fast', { n: 1 }, { 'idempotency-key': 'order-1', prefer: 'wait=5' });
    expect(third).toMatchObject({ status: 200, body: { id: first.body.id, status: 'completed', output: { doubled: 2 } } });
    expect(third.headers.get('idempotent-replayed')).toBe('true');
  });

  it('another key, or the same key on another workflow, is another run', async () => {
    const a = await start('fast', { n: 1 }, { 'idempotency-key': 'order-2' });
    const b = await start('fast', { n: 1 }, { 'idempotency-key': 'order-3' });
    const c = await start('other', {}, { 'idempotency-key': 'order-2' });
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
    expect(c.headers.get('idempotent-replayed')).toBeNull();
  });

  it('20 concurrent starts with one key make exactly one run', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => start('once', { n: 1 }, { 'idempotency-key': 'burst' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const listed = await s.get('/api/v1/runs?workflow=ops/once');
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([...ids]);
  });
});

describe('Prefer: wait', () => {
  it('a fast workflow with Prefer: wait=5 answers 200 with the finished run', async () => {
    const r = await start('fast', { n: 21 }, { prefer: 'wait=5' });
    expect(r.status).toBe(200);
    expect(r.headers.get('preference-applied')).toBe('wait=5');
    expect(r.headers.get('location')).toBeNull();
    expect(r.body).toMatchObject({ status: 'completed', output: { doubled: 42 }, endedAt: expect.any(String) });
  });

  it('a PT10S wait with Prefer: wait=1 answers 202 + Location after about a second', async () => {
    const t0 = performance.now();
    const r = await start('ten', {}, { prefer: 'wait=1' });
    const ms = performance.now() - t0;
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/api/v1/runs/${r.body.id}`);
    expect(r.headers.get('preference-applied')).toBe('wait=1');
    expect(['running', 'waiting']).toContain(r.body.status);
    // About the asked-for second, far from the run's ten (the bound is loose: the machine is shared).
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5_000);
    await s.call('POST', `/api/v1/runs/${r.body.id}/cancel`);
  });

  it('without Prefer the answer is 202 at once, even for a fast workflow', async () => {
    const r = await start('fast', { n: 1 });
    expect(r.status).toBe(202);
    expect(r.headers.get('preference-applied')).toBeNull();
    expect(r.headers.get('location')).toBe(`/api/v1/runs/${r.body.id}`);
    const t0 = performance.now();
    const slow = await start('ten', {});
    expect(slow.status).toBe(202);
    expect(performance.now() - t0).toBeLessThan(5_000); // not the run's ten seconds
    await s.call('POST', `/api/v1/runs/${slow.body.id}/cancel`);
  });

  it('ignores Prefer values it does not understand, and combines wait with other preferences', async () => {
    for (const prefer of ['wait=soon', 'respond-async', 'wait=-1', 'handling=lenient', '']) {
      const r = await start('fast', { n: 1 }, { prefer });
      expect(r.status, prefer).toBe(202);
      expect(r.headers.get('preference-applied')).toBeNull();
    }
    const both = await start('fast', { n: 2 }, { prefer: 'respond-async, wait=3' });
    expect(both).toMatchObject({ status: 200, body: { output: { doubled: 4 } } });
    expect(both.headers.get('preference-applied')).toBe('wait=3');
  });

  it('takes an absent body as the input {}', async () => {
    const r = await s.call('POST', '/api/v1/workflows/ops/once/runs', { headers: { prefer: 'wait=5' } });
    expect(r).toMatchObject({ status: 200, body: { input: {}, status: 'completed' } });
  });

  it('caps the wait at the server maximum (60 s) and says so', async () => {
    const r = await start('fast', { n: 1 }, { prefer: 'wait=86400' });
    expect(r.status).toBe(200);
    expect(r.headers.get('preference-applied')).toBe('wait=60');
  });
});
