/** The harness itself: a healthy server answers its probes within the bound, and a dead one is noticed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WeftProcess, spawnWeft, underAttack } from './harness.js';

describe('adversarial harness', () => {
  let server: WeftProcess;
  beforeAll(async () => {
    server = await spawnWeft({ mode: 'serve' });
  }, 30_000);
  afterAll(() => server?.stop());

  it('probes /healthz while an attack runs and reports the worst wait', async () => {
    const r = await underAttack(server, async () => {
      await new Promise((ok) => setTimeout(ok, 350));
      return (await server.call('GET', '/api/v1/workflows')).status;
    });
    expect(r).toBe(200);
  });

  it('fails when the server cannot answer in time', async () => {
    const dying = await spawnWeft({ mode: 'serve' });
    await expect(underAttack(dying, async () => {
      process.kill(dying.child.pid!, 'SIGSTOP');
      await new Promise((ok) => setTimeout(ok, 400));
      process.kill(dying.child.pid!, 'SIGCONT');
    })).rejects.toThrow(/waited|failed/);
    await dying.stop();
  });
});
