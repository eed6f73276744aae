/**
 * The DSL's workflow `schedule` as a server honours it (the fake-clock cases are in
 * src/events/scheduler.test.ts): `on` events start runs, `on.all` is refused at registration, `after`
 * chains runs, and an `every` schedule fires each slot once across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ce, expectProblem, publish, restartableServer, runsOf, until } from './support.js';

const wf = (name: string, schedule: string, tasks = "  - keep: { set: { got: '${ . }' } }\n", version = '1.0.0') =>
  `document: { dsl: '1.0.0', namespace: sch, name: ${name}, version: '${version}' }\nschedule: ${schedule}\ndo:\n${tasks}`;
/** A second version with an hourly schedule: the test's schedule stops firing. */
const quiet = (name: string) => registered(wf(name, "{ every: 'PT1H' }", undefined, '2.0.0'));

let s: Awaited<ReturnType<typeof restartableServer>>;
beforeAll(async () => {
  s = await restartableServer();
});
afterAll(() => s.stop());

const register = (yaml: string) => s.call('PUT', '/api/v1/workflows', { body: yaml, headers: { 'content-type': 'application/yaml' } });
const registered = async (yaml: string) => {
  const r = await register(yaml);
  expect(r.status, r.text).toBe(201);
};

describe('schedule.on', () => {
  it('each matching event starts a run with the event as input', async () => {
    await registered(wf('onevent', "{ on: { any: [ { with: { type: sch.tick } }, { with: { type: sch.tock, source: 'https://clock.example' } } ] } }"));
    const subs = (await s.call('GET', '/api/v1/subscriptions')).body.items.map((x: { name: string }) => x.name);
    expect(subs).toEqual(expect.arrayContaining(['schedule:sch/onevent#0', 'schedule:sch/onevent#1']));
    const tick = ce('sch.tick', { n: 1 });
    await publish(s.call, [tick, ce('sch.tock', { n: 2 }), ce('sch.tock', { n: 3 }, { source: 'https://clock.example' })]);
    await until(async () => ((await runsOf(s.call, 'sch', 'onevent')).filter((x) => x.status === 'completed').length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    const runs = await runsOf(s.call, 'sch', 'onevent');
    expect(runs.map((r) => r.output.got.data)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }]));
    expect(runs).toHaveLength(2);
    expect(runs.find((r) => r.output.got.id === tick.id)).toBeDefined();
  });

  it('removing the schedule (a new version without one) removes its subscriptions', async () => {
    const r = await s.call('PUT', '/api/v1/workflows', {
      body: "document: { dsl: '1.0.0', namespace: sch, name: onevent, version: '2.0.0' }\ndo:\n  - keep: { set: { a: 1 } }\n",
      headers: { 'content-type': 'application/yaml' },
    });
    expect(r.status).toBe(201);
    const subs = (await s.call('GET', '/api/v1/subscriptions')).body.items.map((x: { name: string }) => x.name);
    expect(subs.filter((n: string) => n.startsWith('schedule:sch/onevent'))).toEqual([]);
  });

  it('on.all is refused at registration (400) and the workflow is not stored', async () => {
    const r = await register(wf('onall', '{ on: { all: [ { with: { type: sch.a } }, { with: { type: sch.b } } ] } }'));
    expectProblem(r, 400, 'WEFT_ERR_EVENT_CONFIG');
    expect(r.body.detail).toMatch(/all/);
    expectProblem(await s.call('GET', '/api/v1/workflows/sch/onall'), 404);
  });

  it('a malformed cron is refused at registration', async () => {
    expectProblem(await register(wf('badcron', "{ cron: 'not a cron' }")), 400, 'WEFT_ERR_EVENT_CONFIG');
  });
});

describe('schedule.after', () => {
  it('runs at once, then again `after` each run ended', async () => {
    await registered(wf('again', "{ after: 'PT0.1S' }", '  - pause: { wait: { milliseconds: 50 } }\n'));
    const runs = await until(async () => {
      const r = (await runsOf(s.call, 'sch', 'again')).filter((x) => x.status === 'completed');
      return r.length >= 3 ? r : undefined;
    });
    // Each starts no earlier than 100 ms after the previous one ended.
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i].createdAt) - Date.parse(runs[i - 1].endedAt)).toBeGreaterThanOrEqual(95);
    await quiet('again');
  });
});

describe('schedule.every across a restart', () => {
  it('fires each one-second slot once, before and after a restart', async () => {
    await registered(wf('tick', "{ every: 'PT1S' }"));
    await until(async () => ((await runsOf(s.call, 'sch', 'tick')).length >= 1 ? true : undefined), 3_000);
    await s.restart();
    const restarted = Date.now();
    // The schedule is installed again at start: a slot after the restart fires.
    await until(async () => ((await runsOf(s.call, 'sch', 'tick')).some((x) => Date.parse(x.createdAt) >= restarted) ? true : undefined), 3_000);
    // Stop it firing (a version with an hourly schedule), then compare the runs with the claimed slot.
    await quiet('tick');
    await new Promise((r) => setTimeout(r, 100));
    const runs = await runsOf(s.call, 'sch', 'tick');
    const state = await s.server.app.store.schedules.get('sch/tick');
    expect(`schedule:${state!.lastSlot}`).toBe(runs.at(-1).idempotencyKey);
    const keys = runs.map((r) => r.idempotencyKey as string);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(Number(/^schedule:(\d+)$/.exec(k)?.[1]) % 1000).toBe(0);
    // A run starts at (or just after) its slot, never early.
    for (const r of runs) expect(Date.parse(r.createdAt)).toBeGreaterThanOrEqual(Number(r.idempotencyKey.slice(9)));
  });
});
