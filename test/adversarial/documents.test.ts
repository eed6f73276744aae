/**
 * Hostile documents against a running `weft serve`: each is refused with a 4xx problem while /healthz
 * keeps answering within 250 ms, and a key that may not register workflows is refused before the server
 * parses anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type WeftProcess, createKey, expectProblem4xx, spawnWeft, underAttack, workflowYaml } from './harness.js';

const YAML = { 'content-type': 'application/yaml' };

/** A workflow document with `n` more keys under `input.schema.document.properties` (~12 bytes each). */
function wideYaml(n: number): string {
  const props = Array.from({ length: n }, (_, i) => `        p${i.toString(36)}: {}\n`).join('');
  return workflowYaml('wide', 'flow', '  - a:\n      set: {x: 1}\n', '1.0.0', `input:\n  schema:\n    format: json\n    document:\n      type: object\n      properties:\n${props}`);
}

/** The DSL problem codes behind an invalid-workflow answer. */
const dslCodes = (r: Answer) => ((r.body?.problems ?? []) as { code: string }[]).map((p) => p.code);

describe('hostile documents against weft serve', () => {
  let server: WeftProcess;
  let viewer: string;
  let invoker: string;
  beforeAll(async () => {
    server = await spawnWeft({ mode: 'serve' });
    viewer = (await createKey(server, [{ namespace: 'wide', role: 'viewer' }])).secret;
    invoker = (await createKey(server, [{ namespace: '*', role: 'invoker' }])).secret;
  }, 30_000);
  afterAll(() => server?.stop());

  const put = (body: string, o: { key?: string | null; headers?: Record<string, string> } = {}) => server.call('PUT', '/api/v1/workflows', { body, headers: o.headers ?? YAML, ...(o.key !== undefined ? { key: o.key } : {}) });

  it('refuses a 60,000-key YAML mapping from an admin without holding the event loop', async () => {
    const body = wideYaml(60_000);
    expect(body.length).toBeGreaterThan(600_000);
    const r = await underAttack(server, () => put(body));
    expectProblem4xx(r, 'WEFT_ERR_DSL_INVALID');
    expect(dslCodes(r)[0]).toBe('WEFT_ERR_DSL_LIMIT');
  });

  it('refuses YAML just under the size bound but over the line bound, and JSON over the entry bound', async () => {
    const yaml = wideYaml(12_000);
    expect(yaml.length).toBeLessThan(256 * 1024);
    const json = JSON.stringify({ document: { dsl: '1.0.0', namespace: 'wide', name: 'flow', version: '1.0.0' }, do: [{ a: { set: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1])) } }] });
    const [a, b] = await underAttack(server, async () => [await put(yaml), await put(json, { headers: { 'content-type': 'application/json' } })]);
    expectProblem4xx(a, 'WEFT_ERR_DSL_INVALID');
    expect(a.body.detail).toMatch(/more than 5000 lines/);
    expectProblem4xx(b, 'WEFT_ERR_API_TOO_LARGE');
    expect(b.body.detail).toMatch(/more than 20000 entries/);
  });

  it('answers a viewer, an invoker and a caller without a key before parsing the 60,000-key body', async () => {
    const body = wideYaml(60_000);
    await put('warm: up\n', { key: viewer });
    for (const [key, status, code] of [[viewer, 403, 'WEFT_ERR_AUTH_FORBIDDEN'], [invoker, 403, 'WEFT_ERR_AUTH_FORBIDDEN'], [null, 401, /^WEFT_ERR_AUTH_/]] as const) {
      const t0 = performance.now();
      const r = await underAttack(server, () => put(body, { key }));
      const ms = performance.now() - t0;
      expectProblem4xx(r, code);
      expect(r.status).toBe(status);
      // Sending 700 KB to a local socket and the probe's first round trip included: the parse alone took
      // seconds before.
      expect(ms, `answered in ${ms.toFixed(0)} ms`).toBeLessThan(1_000);
    }
  });

  it('holds event types and subscriptions to the same entry bound, and authorizes them before parsing', async () => {
    const schema = JSON.stringify({ type: 'object', properties: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [i.toString(36), {}])) });
    expect(schema.length).toBeLessThan(1024 * 1024);
    const [admin, asViewer] = await underAttack(server, async () => [
      await server.call('PUT', '/api/v1/event-types/com.example.wide', { body: schema, headers: { 'content-type': 'application/json' } }),
      await server.call('PUT', '/api/v1/event-types/com.example.wide', { body: schema, headers: { 'content-type': 'application/json' }, key: viewer }),
    ]);
    expectProblem4xx(admin, 'WEFT_ERR_API_TOO_LARGE');
    expect(admin.body.detail).toMatch(/more than 20000 entries/);
    expectProblem4xx(asViewer, 'WEFT_ERR_AUTH_FORBIDDEN');
  });

  it('refuses a billion laughs, an alias flood, a !!binary blob and a megabyte of nesting', async () => {
    const laughs = ['document: {dsl: 1.0.0, namespace: wide, name: lol, version: 1.0.0}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const bodies: [string, string, RegExp][] = [
      ['billion laughs', laughs.join('\n') + '\ndo: []\n', /more than 20000 entries/],
      ['alias flood', 'a: &a x\nb:\n' + '- *a\n'.repeat(2_000), /more than 100 YAML aliases/],
      ['!!binary 200 KB', workflowYaml('wide', 'bin', '  - a:\n      set: {x: 1}\n', '1.0.0', 'blob: !!binary |\n' + ('  ' + 'QUJD'.repeat(19) + '\n').repeat(2_600)), /YAML tags are not accepted \(!!binary\)/],
      ['!!binary 900 KB', workflowYaml('wide', 'bin', '  - a:\n      set: {x: 1}\n', '1.0.0', 'blob: !!binary |\n' + ('  ' + 'QUJD'.repeat(19) + '\n').repeat(11_500)), /larger than 262144 bytes/],
      // Not JSON (the comment), so the YAML parser would have it: its composer recursed per level.
      ['deep flow, 200 KB', '['.repeat(100_000) + ']'.repeat(100_000) + ' # c', /deeper than 128 levels/],
      ['deep flow, 1 MB', '['.repeat(500_000) + ']'.repeat(500_000), /deeper than 128 levels|larger than/],
    ];
    const answers = await underAttack(server, async () => {
      const out: Answer[] = [];
      for (const [, body] of bodies) out.push(await put(body));
      return out;
    });
    bodies.forEach(([name, , detail], i) => {
      expectProblem4xx(answers[i], 'WEFT_ERR_DSL_INVALID');
      expect(answers[i].body.detail, name).toMatch(detail);
    });
  });

  it('refuses __proto__ keys at the top and nested, in YAML and JSON, naming the key', async () => {
    const top = await put(workflowYaml('wide', 'proto', '  - a:\n      set: {x: 1}\n', '1.0.0', '__proto__:\n  polluted: true\n'));
    expectProblem4xx(top, 'WEFT_ERR_DSL_INVALID');
    expect(top.body.problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_UNSAFE_KEY', pointer: '/__proto__' });
    const nested = await put(workflowYaml('wide', 'proto', '  - a:\n      set:\n        __proto__: {polluted: true}\n'));
    expect(nested.body.problems[0]).toMatchObject({ code: 'WEFT_ERR_DSL_UNSAFE_KEY', pointer: '/do/0/a/set/__proto__' });
    const json = await put('{"document": {"dsl": "1.0.0", "namespace": "wide", "name": "proto", "version": "1.0.0"}, "do": [], "__proto__": {"polluted": true}}', { headers: { 'content-type': 'application/json' } });
    expectProblem4xx(json);
    expect((await server.call('GET', '/api/v1/workflows/wide/proto')).status).toBe(404);
  });

  it('answers 415 to a body declaring a charset other than UTF-8, 400 to bytes that are not UTF-8', async () => {
    const doc = JSON.stringify({ document: { dsl: '1.0.0', namespace: 'wide', name: 'cs', version: '1.0.0' }, do: [{ a: { set: { x: 1 } } }] });
    for (const type of ['application/json; charset=utf-16', 'application/json;charset="UTF-16LE"', 'application/yaml; charset=iso-8859-1']) {
      const r = await put(doc, { headers: { 'content-type': type } });
      expectProblem4xx(r, 'WEFT_ERR_API_MEDIA_TYPE');
      expect(r.status).toBe(415);
    }
    const ok = await put(doc, { headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(ok.status, ok.text).toBe(201);
    const bad = await server.call('PUT', '/api/v1/workflows', { body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), headers: { 'content-type': 'application/json' } });
    expectProblem4xx(bad, 'WEFT_ERR_API_MALFORMED');
    expect(bad.status).toBe(400);
  });
});
