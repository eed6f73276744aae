/**
 * Catastrophic regular expressions (`^(a+)+$` against `"aaaa…!"`) wherever a user's regex meets a user's
 * data: jq natives in a `set` task and in a subscription condition, a workflow's input schema `pattern`, an
 * event type's data schema. Before RE2 each of them held the event loop (forever for 40 `a`s); now the
 * server keeps answering /healthz within 250 ms and the request gets its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WeftProcess, expectProblem4xx, register, spawnWeft, underAttack, until, workflowYaml } from './harness.js';

const HOSTILE = 'a'.repeat(40) + '!';
/** A request that cannot outlive the test when the server is stuck (the old code). */
const bounded = () => ({ signal: AbortSignal.timeout(15_000) });

describe('adversarial: regular expressions run in linear time', () => {
  let s: WeftProcess;
  beforeAll(async () => {
    s = await spawnWeft({ mode: 'serve' });
  }, 30_000);
  afterAll(() => s?.stop());

  it('a set task with a catastrophic jq regex completes with false', async () => {
    await register(s, workflowYaml('default', 'redos-jq', `  - t:\n      set:\n        r: '\${ "a" * 40 + "!" | test("^(a+)+$") }'\n        m: '\${ "aaa" | [match("(a|a)*$"; "g")] | length }'\n`));
    const r = await underAttack(s, () =>
      s.call('POST', '/api/v1/workflows/default/redos-jq/runs', { body: {}, headers: { prefer: 'wait=10' }, ...bounded() }),
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', output: { r: false, m: 2 } });
  }, 60_000);

  it('a jq regex that needs backtracking faults the run with a clear error', async () => {
    await register(s, workflowYaml('default', 'redos-backref', `  - t:\n      set:\n        r: '\${ "aa" | test("(a)\\\\1") }'\n`));
    const r = await s.call('POST', '/api/v1/workflows/default/redos-backref/runs', { body: {}, headers: { prefer: 'wait=10' }, ...bounded() });
    expect(r.status, r.text).toBe(200);
    expect(r.body.status).toBe('faulted');
    expect(JSON.stringify(r.body.error)).toContain("backreferences need backtracking; Weft's regular expressions run in linear time (RE2)");
  }, 30_000);

  it('a catastrophic input-schema pattern, started 40 times in parallel with a hostile input', async () => {
    const schema = `input:\n  schema:\n    format: json\n    document: { type: object, properties: { s: { type: string, pattern: '^(a+)+$' } } }\n`;
    await register(s, workflowYaml('default', 'redos-schema', `  - t:\n      set:\n        ok: true\n`, '1.0.0', schema));
    const answers = await underAttack(s, () =>
      Promise.all(Array.from({ length: 40 }, () => s.call('POST', '/api/v1/workflows/default/redos-schema/runs', { body: { s: HOSTILE }, headers: { prefer: 'wait=10' }, ...bounded() }))),
    );
    for (const a of answers) {
      // Refused at the start (a 4xx problem) or a run that faulted on its input: never a 5xx, never a hang.
      if (a.status >= 400) expectProblem4xx(a);
      else expect(a.body, a.text).toMatchObject({ status: 'faulted', error: { type: expect.stringContaining('validation') } });
    }
    const good = await s.call('POST', '/api/v1/workflows/default/redos-schema/runs', { body: { s: 'aaaa' }, headers: { prefer: 'wait=10' }, ...bounded() });
    expect(good.body, good.text).toMatchObject({ status: 'completed' });
  }, 60_000);

  it('a schema pattern RE2 cannot run is refused at registration', async () => {
    const schema = `input:\n  schema:\n    document: { type: object, properties: { s: { type: string, pattern: '^(a)\\1$' } } }\n`;
    const r = await s.call('PUT', '/api/v1/workflows', { body: workflowYaml('default', 'redos-backref-schema', `  - t:\n      set:\n        ok: true\n`, '1.0.0', schema), headers: { 'content-type': 'application/yaml' } });
    expectProblem4xx(r);
    expect(r.text).toContain('backreference');
  }, 30_000);

  it('an event type with a catastrophic data pattern, and hostile events', async () => {
    const put = await s.call('PUT', '/api/v1/event-types/com.example.redos', { body: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } } });
    expect([200, 201], put.text).toContain(put.status);
    const answers = await underAttack(s, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s.call('POST', '/api/v1/events', { body: { specversion: '1.0', id: `redos-${i}`, source: '/adversarial', type: 'com.example.redos', data: { s: HOSTILE } }, ...bounded() }),
        ),
      ),
    );
    for (const a of answers) expectProblem4xx(a);
    const ok = await s.call('POST', '/api/v1/events', { body: { specversion: '1.0', id: 'redos-ok', source: '/adversarial', type: 'com.example.redos', data: { s: 'aaa' } } });
    expect(ok.status, ok.text).toBe(202);
    const refused = await s.call('PUT', '/api/v1/event-types/com.example.backref', { body: { type: 'string', pattern: '(a)(?=b)' } });
    expectProblem4xx(refused);
    expect(refused.text).toContain('lookahead');
  }, 60_000);

  it('a subscription whose jq condition uses the catastrophic regex', async () => {
    await register(s, workflowYaml('default', 'redos-target', `  - t:\n      set:\n        got: '\${ . }'\n`));
    const sub = await s.call('PUT', '/api/v1/subscriptions/redos-sub', {
      body: { filter: { type: 'com.example.redos-sub', condition: '.data.s | test("^(a+)+$")' }, target: { workflow: { namespace: 'default', name: 'redos-target' } } },
    });
    expect([200, 201], sub.text).toContain(sub.status);
    const targetRuns = async (): Promise<{ name: string; input: { data: { s: string } } }[]> =>
      ((await s.call('GET', '/api/v1/runs', bounded())).body.items ?? []).filter((r: { name: string }) => r.name === 'redos-target');
    const event = (id: string, value: string) => ({ specversion: '1.0', id, source: '/adversarial', type: 'com.example.redos-sub', data: { s: value } });
    const answers = await underAttack(s, async () => {
      const out = await Promise.all(Array.from({ length: 20 }, (_, i) => s.call('POST', '/api/v1/events', { body: event(`sub-${i}`, HOSTILE), ...bounded() })));
      out.push(await s.call('POST', '/api/v1/events', { body: event('sub-ok', 'aaaa'), ...bounded() }));
      // The matching event starts exactly one run: the hostile ones were routed (and not matched) meanwhile.
      await until(async () => ((await targetRuns()).length >= 1 ? true : undefined), 15_000);
      return out;
    });
    for (const a of answers) expect(a.status, a.text).toBe(202);
    expect((await targetRuns()).map((r) => r.input.data.s)).toEqual(['aaaa']);
  }, 60_000);
});
