/**
 * Least privilege between namespaces (issue 13, items 8 and 9), against `weft serve` with real keys:
 * a workflow's `$secrets` holds only what its document declares (use.secrets) AND its namespace is
 * granted (WEFT_SECRET_GRANTS); a developer of namespace b reads a's secret through no route, no run
 * output, no error and no webhook; `run: workflow` from b reaches a only with WEFT_RUN_GRANTS="b->a",
 * else the run faults with an authorization error (403, WEFT_ERR_RUN_FORBIDDEN) and nothing starts in a.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Answer, type WeftProcess, createKey, expectProblem4xx, register, spawnWeft, underAttack, workflowYaml } from './harness.js';

const A = 'alpha-secret-7f3c9e1d2b';
const HOOK_KEY = 'hook-signing-key-5a6b7c8d';

const set = (body: string) => `  - show:\n      set: ${body}\n`;
const declaresA = 'use:\n  secrets: [A]\n';
const TARGET = workflowYaml('a', 'target', set("{ hit: true, from: '${ $workflow.input.from }' }"));
const CALLER = workflowYaml('b', 'caller', `  - start:\n      run:\n        workflow: { namespace: a, name: target, version: '1.0.0', input: { from: b } }\n`);
const CAUGHT = workflowYaml('b', 'caught', `  - guarded:
      try:
        - start:
            run:
              workflow: { namespace: a, name: target, version: '1.0.0' }
      catch:
        errors:
          with: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/authorization', status: 403 }
        as: err
        do:
          - report:
              set: { caught: '\${ $err.code }' }
`);
const hooked = (ns: string) => `document: { dsl: '1.0.0', namespace: ${ns}, name: hooked, version: '1.0.0', metadata: { webhook: { path: ${ns}-hook, secret: HOOK } } }
do:
  - ok: { set: { ok: true } }
`;

const start = (s: WeftProcess, ns: string, name: string, key?: string) =>
  s.call('POST', `/api/v1/workflows/${ns}/${name}/runs`, { body: {}, headers: { prefer: 'wait=10' }, ...(key !== undefined ? { key } : {}) });
const sign = (body: string, key: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
const runsOf = async (s: WeftProcess, ns: string, name: string) => (await s.call('GET', `/api/v1/runs?workflow=${ns}/${name}`)).body.items as unknown[];

describe('namespaces: secrets and run: workflow', () => {
  let granted: WeftProcess; // WEFT_SECRET_GRANTS="A=a,HOOK=a", no run grants
  let open: WeftProcess; // no secret grants (serve default: none), WEFT_RUN_GRANTS="b->a"
  beforeAll(async () => {
    const secrets = { WEFT_SECRET_A: A, WEFT_SECRET_HOOK: HOOK_KEY };
    [granted, open] = await Promise.all([
      spawnWeft({ mode: 'serve', env: { ...secrets, WEFT_SECRET_GRANTS: 'A=a,HOOK=a', WEFT_RUN_GRANTS: undefined } }),
      spawnWeft({ mode: 'serve', env: { ...secrets, WEFT_SECRET_GRANTS: undefined, WEFT_RUN_GRANTS: 'b->a' } }),
    ]);
    // The first registration compiles the DSL schema (a one-time cost, not what is measured here).
    await Promise.all([granted, open].map((s) => register(s, workflowYaml('warm', 'up', set('{ ok: true }')))));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([granted?.stop(), open?.stop()]);
  });

  it('says at start what is granted', () => {
    expect(granted.lines.join('\n')).toContain('weft: secrets: granted A=a, HOOK=a (WEFT_SECRET_GRANTS)');
    expect(granted.lines.join('\n')).toContain("weft: run: workflow starts workflows of the run's own namespace only (no WEFT_RUN_GRANTS)");
    expect(open.lines.join('\n')).toContain('weft: secrets: no namespace grants (WEFT_SECRET_GRANTS); workflows and functions see no WEFT_SECRET_* (vault secrets follow their own grants)');
    expect(open.lines.join('\n')).toContain("weft: run: workflow starts workflows of the run's own namespace and b->a (WEFT_RUN_GRANTS)");
  });

  it('a workflow sees a secret only when it declares it and its namespace is granted; b reads A nowhere', async () => {
    const s = granted;
    const devB = (await createKey(s, [{ namespace: 'b', role: 'developer' }])).secret;
    const seen: Answer[] = [];
    const asB = async (method: string, path: string, o: Parameters<WeftProcess['call']>[2] = {}) => {
      const r = await s.call(method, path, { ...o, key: devB });
      seen.push(r);
      return r;
    };
    await underAttack(s, async () => {
      await register(s, workflowYaml('a', 'reads', set(`{ a: '\${ $secrets.A }', all: '\${ $secrets }', same: '\${ $secrets.A == "${A}" }' }`), '1.0.0', declaresA));
      await register(s, workflowYaml('a', 'blind', set("{ a: '${ $secrets.A }', all: '${ $secrets }' }")));
      await register(s, workflowYaml('a', 'faults', set("{ n: '${ $secrets.A | tonumber }' }"), '1.0.0', declaresA));
      // The attacker registers its own workflows in b, declaring A.
      for (const [name, body] of [
        ['reads', set("{ a: '${ $secrets.A }', b: '${ $secret.A }', all: '${ $secrets }' }")],
        ['faults', set("{ n: '${ $secrets.A | tonumber }' }")],
      ]) {
        const r = await asB('PUT', '/api/v1/workflows', { body: workflowYaml('b', name, body, '1.0.0', declaresA), headers: { 'content-type': 'application/yaml' } });
        expect(r.status, r.text).toBe(201);
      }

      // a, declaring A: sees it (the run compares it); the answer shows it masked, as every view does.
      const reads = await start(s, 'a', 'reads');
      expect(reads.status, reads.text).toBe(200);
      expect(reads.body).toMatchObject({ status: 'completed', output: { a: '***', all: { A: '***' }, same: true } });
      expect(reads.text).not.toContain(A);
      // a, not declaring it: nothing.
      expect((await start(s, 'a', 'blind')).body).toMatchObject({ status: 'completed', output: { a: null, all: {} } });
      // An expression failing on the secret does not quote it in the run's error.
      const faults = await start(s, 'a', 'faults');
      expect(faults.body).toMatchObject({ status: 'faulted', error: { type: expect.stringMatching(/expression$/) } });
      expect(faults.text).not.toContain(A.slice(0, 10));

      // b, declaring A: a clear configuration fault naming the secret and the namespace, never its value.
      const bReads = await asB('POST', '/api/v1/workflows/b/reads/runs', { body: {}, headers: { prefer: 'wait=10' } });
      expect(bReads.body, bReads.text).toMatchObject({ status: 'faulted', error: { type: expect.stringMatching(/configuration$/), detail: expect.stringContaining("secret 'A', declared in use.secrets, cannot be read by namespace b") } });
      expect(bReads.body).not.toHaveProperty('output');
      const bFaults = await asB('POST', '/api/v1/workflows/b/faults/runs', { body: {}, headers: { prefer: 'wait=10' } });
      expect(bFaults.body.status).toBe('faulted');
      for (const r of [bReads, bFaults]) {
        await asB('GET', `/api/v1/runs/${r.body.id}`);
        await asB('GET', `/api/v1/runs/${r.body.id}/events`);
      }

      // Every route into namespace a (or across namespaces) is refused to b's developer.
      const refused = [
        await asB('GET', `/api/v1/runs/${reads.body.id}`),
        await asB('GET', `/api/v1/runs/${reads.body.id}/events`),
        await asB('GET', '/api/v1/runs?namespace=a'),
        await asB('GET', '/api/v1/workflows/a/reads'),
        await asB('POST', '/api/v1/workflows/a/reads/runs', { body: {} }),
        await asB('PUT', '/api/v1/workflows', { body: workflowYaml('a', 'mine', set("{ a: '${ $secrets.A }' }"), '1.0.0', declaresA), headers: { 'content-type': 'application/yaml' } }),
        // Functions get their manifest's secrets; deploying one takes a role in namespace default.
        await asB('PUT', '/api/v1/functions/steal', { body: { source: 'export default (_i, ctx) => ctx.secrets.get("A")', manifest: { name: 'steal', version: '1.0.0', secrets: ['A'] } } }),
        await asB('GET', '/api/v1/functions'),
      ];
      for (const r of refused) expectProblem4xx(r, 'WEFT_ERR_AUTH_FORBIDDEN');
      // Without a namespace, b's developer lists b's runs only.
      const listed = await asB('GET', '/api/v1/runs');
      expect(listed.status, listed.text).toBe(200);
      expect(new Set(listed.body.items.map((r: { namespace: string }) => r.namespace))).toEqual(new Set(['b']));
      expect(seen.length).toBeGreaterThan(10);
      for (const r of seen) expect(r.text, r.text).not.toContain(A.slice(0, 10));
      // The operator hears that b declares a secret b will not see.
      expect(s.lines.join('\n')).toMatch(/workflow b\/reads:1\.0\.0 declares secret A that namespace b is not granted/);
    });
  });

  it("a webhook verifies only with a secret granted to its workflow's namespace", async () => {
    const s = granted;
    await register(s, hooked('a'));
    await register(s, hooked('b'));
    const body = JSON.stringify({ x: 1 });
    const call = (ns: string) => s.call('POST', `/hooks/${ns}-hook`, { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, HOOK_KEY) }, key: null });
    const a = await call('a');
    expect(a.status, a.text).toBe(200);
    expect(a.body).toEqual({ ok: true });
    const b = await call('b');
    expectProblem4xx(b, 'WEFT_ERR_EVENT_SIGNATURE');
    expect(b.status).toBe(401);
    expect(await runsOf(s, 'b', 'hooked')).toHaveLength(0);
    expect(s.lines.join('\n')).toMatch(/workflow b\/hooked:1\.0\.0: webhook b-hook signs with secret HOOK, which namespace b is not granted/);
  });

  it('serve without WEFT_SECRET_GRANTS grants nothing', async () => {
    await register(open, workflowYaml('a', 'reads', set("{ a: '${ $secrets.A }', all: '${ $secrets }' }"), '1.0.0', declaresA));
    // The environment's A is not granted to a: the run says so instead of reading null.
    const r = await start(open, 'a', 'reads');
    expect(r.body).toMatchObject({ status: 'faulted', error: { type: expect.stringMatching(/configuration$/), detail: expect.stringContaining("secret 'A', declared in use.secrets, cannot be read by namespace a") } });
    expect(r.text).not.toContain(A.slice(0, 10));
  });

  it('run: workflow from b into a faults with an authorization error and starts nothing in a (catchable)', async () => {
    const s = granted;
    const devB = (await createKey(s, [{ namespace: 'b', role: 'developer' }])).secret;
    const startB = (await createKey(s, [{ namespace: 'b', role: 'invoker' }])).secret;
    await register(s, TARGET);
    await register(s, CALLER, devB);
    await register(s, CAUGHT, devB);
    await underAttack(s, async () => {
      // The route refuses b's key a run in a…
      expectProblem4xx(await start(s, 'a', 'target', startB), 'WEFT_ERR_AUTH_FORBIDDEN');
      // …and so does a task of a run in b.
      const r = await start(s, 'b', 'caller', startB);
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({
        status: 'faulted',
        error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/authorization', status: 403, code: 'WEFT_ERR_RUN_FORBIDDEN', instance: '/do/0/start' },
      });
      expect(r.body.error.detail).toMatch(/namespace b may not start workflow a\/target:1\.0\.0/);
      const caught = await start(s, 'b', 'caught', startB);
      expect(caught.body).toMatchObject({ status: 'completed', output: { caught: 'WEFT_ERR_RUN_FORBIDDEN' } });
      expect(await runsOf(s, 'a', 'target')).toHaveLength(0);
    });
  });

  it('a grant variable that does not parse stops the server from starting, saying why', async () => {
    // Our own folder: the harness removes its temporary folder only for a process that started.
    const dir = mkdtempSync(join(tmpdir(), 'weft-grants-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    await Promise.all([
      expect(spawnWeft({ mode: 'serve', db: join(dir, 'a.db'), env: { WEFT_SECRET_GRANTS: 'A' } })).rejects.toThrow(/^(?=.*exited 2)(?=.*WEFT_ERR_GRANTS_SYNTAX)(?=.*WEFT_SECRET_GRANTS)/s),
      expect(spawnWeft({ mode: 'serve', db: join(dir, 'b.db'), env: { WEFT_RUN_GRANTS: 'b=>a' } })).rejects.toThrow(/^(?=.*exited 2)(?=.*WEFT_ERR_GRANTS_SYNTAX)(?=.*WEFT_RUN_GRANTS)/s),
    ]);
  });

  it('with WEFT_RUN_GRANTS="b->a" the same call starts the workflow in a', async () => {
    const s = open;
    const startB = (await createKey(s, [{ namespace: 'b', role: 'invoker' }])).secret;
    await register(s, TARGET);
    await register(s, CALLER);
    const r = await start(s, 'b', 'caller', startB);
    expect(r.body, r.text).toMatchObject({ status: 'completed', output: { hit: true, from: 'b' } });
    expect(await runsOf(s, 'a', 'target')).toHaveLength(1);
  });
});
