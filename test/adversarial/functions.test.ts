/**
 * Back-pressure, not failure (issue 13, item 10 and the medium items on functions): a function at capacity
 * makes runs wait — also across a kill -9 and the paced recovery after it —; a ctx.log flood costs the
 * server a bounded amount of memory and leaves one marker line; a manifest over the operator's caps is
 * refused with a problem naming the field and the cap.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type WeftProcess, expectProblem4xx, register, spawnWeft, underAttack, until, workflowYaml } from './harness.js';

const servers: WeftProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function start(o: Parameters<typeof spawnWeft>[0] = {}): Promise<WeftProcess> {
  const s = await spawnWeft(o);
  servers.push(s);
  return s;
}

async function deploy(s: WeftProcess, name: string, source: string, manifest: Record<string, unknown> = {}) {
  const r = await s.call('PUT', `/api/v1/functions/${name}`, { body: { manifest: { name, version: '1.0.0', ...manifest }, source } });
  expect([200, 201], r.text).toContain(r.status);
}

/** Starts `n` runs of adv/<name> over HTTP (202 each); returns their ids. */
async function startRuns(s: WeftProcess, name: string, n: number): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => s.call('POST', `/api/v1/workflows/adv/${name}/runs`, { body: { i } })));
  for (const a of answers) expect(a.status, a.text).toBe(202);
  return answers.map((a) => a.body.id as string);
}

/** Status counts of the workflow's runs. */
async function statuses(s: WeftProcess, name: string): Promise<Record<string, number>> {
  const r = await s.call('GET', `/api/v1/runs?workflow=adv/${name}&limit=500`);
  expect(r.status, r.text).toBe(200);
  const out: Record<string, number> = {};
  for (const run of r.body.items as { status: string }[]) out[run.status] = (out[run.status] ?? 0) + 1;
  return out;
}

const rssKb = (s: WeftProcess) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${s.child.pid}/status`, 'utf8'))![1]);

const SLOW = `export default async (input) => { await new Promise((r) => setTimeout(r, 50)); return { i: input.i }; };`;
const callTask = (fn: string) => `  - call:\n      call: ${fn}:1.0.0@default\n      with:\n        i: \${ .i }\n`;

describe('functions under load: back-pressure, not failure', () => {
  it('200 runs onto a maxConcurrency-2 function, kill -9 midway: after the restart all 200 complete, none faulted', async () => {
    const first = await start();
    await deploy(first, 'slow', SLOW, { maxConcurrency: 2 });
    await register(first, workflowYaml('adv', 'slow', callTask('slow')));
    const ids = await startRuns(first, 'slow', 200);
    // Midway: some runs done, most waiting for the function.
    await until(async () => ((await statuses(first, 'slow')).completed ?? 0) >= 20 || undefined, 20_000);
    const before = await statuses(first, 'slow');
    expect(before.faulted ?? 0, JSON.stringify(before)).toBe(0);
    await first.kill9();
    const second = await start({ db: first.db });
    expect(second.lines.join('\n')).toMatch(/resumed \d+ unfinished runs/);
    const after = await underAttack(second, () => until(async () => {
      const st = await statuses(second, 'slow');
      return (st.completed ?? 0) + (st.faulted ?? 0) >= ids.length ? st : undefined;
    }, 60_000, 200));
    expect(after).toEqual({ completed: 200 });
  }, 120_000);

  it('100 concurrent runs onto a maxConcurrency-1 function all complete', async () => {
    const s = await start();
    await deploy(s, 'single', SLOW.replace('50', '15'), { maxConcurrency: 1 });
    await register(s, workflowYaml('adv', 'single', callTask('single')));
    await startRuns(s, 'single', 100);
    const done = await underAttack(s, async () => {
      return until(async () => {
        const st = await statuses(s, 'single');
        return (st.completed ?? 0) + (st.faulted ?? 0) >= 100 ? st : undefined;
      }, 60_000, 200);
    });
    expect(done).toEqual({ completed: 100 });
  }, 90_000);

  it('a function logging 200,000 lines ends, the server grows < 50 MB, and its log ends with one marker line', async () => {
    const s = await start();
    await deploy(s, 'flood', `export default async (n, ctx) => { for (let i = 0; i < n; i++) ctx.log.info('line ' + i + ' ' + 'x'.repeat(40)); return n; };`);
    // Warm: the isolate exists before the measure.
    expect((await s.call('POST', '/fn/flood', { body: 10 })).body).toBe(10);
    const before = rssKb(s);
    const r = await underAttack(s, () => s.call('POST', '/fn/flood', { body: 200_000 }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toBe(200_000);
    const grownMb = (rssKb(s) - before) / 1024;
    expect(grownMb, `RSS grew ${grownMb.toFixed(1)} MB`).toBeLessThan(50);
    const logs = await s.call('GET', '/api/v1/functions/flood/logs?limit=1');
    expect(logs.status, logs.text).toBe(200);
    const lines = logs.body.items[0].logs as { level: string; message: string }[];
    expect(lines.length).toBeLessThanOrEqual(1_001);
    expect(lines.filter((l) => /log lines? dropped/.test(l.message))).toHaveLength(1);
    expect(lines.at(-1)!.message).toMatch(/^… \d+ log lines dropped/);
  }, 60_000);

  it('a manifest over the operator caps (memoryMb 1024, minWarm 1000, maxConcurrency 1000) is a 4xx problem naming each cap', async () => {
    const s = await start();
    const r = await s.call('PUT', '/api/v1/functions/greedy', { body: { manifest: { name: 'greedy', version: '1.0.0', memoryMb: 1024, minWarm: 1000, maxConcurrency: 1000 }, source: 'export default async () => 1;' } });
    expectProblem4xx(r, 'WEFT_ERR_FN_MANIFEST');
    expect(r.body.detail).toMatch(/memoryMb: 1024 is over this server's cap of 256 MB \(WEFT_FN_MAX_MEMORY_MB\)/);
    expect(r.body.detail).toMatch(/maxConcurrency: 1000 is over this server's cap of 64 \(WEFT_FN_MAX_CONCURRENCY\)/);
    expect(r.body.detail).toMatch(/minWarm: 1000 is over this server's cap of 4 \(WEFT_FN_MAX_MIN_WARM\)/);
    // Nothing was stored.
    expect((await s.call('GET', '/api/v1/functions/greedy')).status).toBe(404);
  }, 30_000);
});
