/**
 * A workflow that only computes cannot take the server: a `then:` self-loop leaves /healthz answering,
 * is cancelled on request, and a run past its cap of task transitions faults with a clear error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WeftProcess, register, spawnWeft, underAttack, until, workflowYaml } from './harness.js';

describe('loops', () => {
  // Two servers: one whose cap a looping run cannot reach while the test watches it, one with a low cap.
  let server: WeftProcess;
  let capped: WeftProcess;
  beforeAll(async () => {
    [server, capped] = await Promise.all([
      spawnWeft({ mode: 'serve', env: { WEFT_RUN_MAX_TRANSITIONS: '100000000' } }),
      spawnWeft({ mode: 'serve', env: { WEFT_RUN_MAX_TRANSITIONS: '50000' } }),
    ]);
    await register(server, workflowYaml('loops', 'forever', '  - a:\n      set: { n: 1 }\n      then: a\n'));
    await register(capped, workflowYaml('loops', 'capped', '  - a:\n      set: { n: "${ (.n // 0) + 1 }" }\n      then: a\n'));
  }, 30_000);
  afterAll(() => Promise.all([server?.stop(), capped?.stop()]));

  it('a then: self-loop leaves the server answering and is cancelled on request', async () => {
    await underAttack(server, async () => {
      const started = await server.call('POST', '/api/v1/workflows/loops/forever/runs', { body: {} });
      expect(started.status, started.text).toBe(202);
      const id = started.body.id as string;
      await new Promise((r) => setTimeout(r, 600));
      // Other users are served meanwhile, including a second looping run.
      const midway = await server.call('GET', `/api/v1/runs/${id}`);
      expect(midway.body.status, midway.text).toBe('running');
      const cancelled = await server.call('POST', `/api/v1/runs/${id}/cancel`, { body: {} });
      expect(cancelled.status, cancelled.text).toBe(200);
      expect((await server.call('GET', `/api/v1/runs/${id}`)).body.status).toBe('cancelled');
    });
  });

  it('a run past WEFT_RUN_MAX_TRANSITIONS faults with WEFT_ERR_RUN_TRANSITIONS', async () => {
    await underAttack(capped, async () => {
      const started = await capped.call('POST', '/api/v1/workflows/loops/capped/runs', { body: {} });
      const id = started.body.id as string;
      const run = await until(async () => {
        const r = await capped.call('GET', `/api/v1/runs/${id}`);
        return r.body.status === 'faulted' ? r.body : undefined;
      }, 60_000, 100);
      expect(run.error).toMatchObject({ code: 'WEFT_ERR_RUN_TRANSITIONS', instance: '/do/0/a' });
      expect(run.error.detail).toMatch(/more than 50000 tasks/);
    });
  }, 90_000);
});
