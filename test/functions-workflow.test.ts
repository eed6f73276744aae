/** Workflows calling deployed functions: the engine, the invoker, real isolates, the memory stores. */
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../src/engine/index.js';
import { FunctionInvoker } from '../src/functions/invoker.js';
import { functionEgress } from '../src/security/index.js';
import { MemoryBus } from '../src/events/memory-bus.js';
import { createScriptRunner } from '../src/functions/script-runner.js';
import { assignAlias, deployFunction } from '../src/functions/packaging/index.js';
import { selectRuntime } from '../src/functions/runtime/index.js';
import { MemoryStore } from '../src/store/index.js';
import { FakeClock } from './support/fake-clock.js';
import { testInvoker } from './support/test-engine.js';

const store = new MemoryStore();
const bus = new MemoryBus();
let n = 0;
const invoker = testInvoker(store, bus);
const engine = new Engine({ store, clock: new FakeClock(), http: { request: async () => ({ status: 500, headers: {}, body: null }) }, bus, ids: { newId: () => `run-${++n}` }, functions: invoker });
afterAll(() => invoker.close());

const deploy = (name: string, version: string, code: string, extra: Record<string, unknown> = {}) =>
  deployFunction(store.functions, { files: { 'index.ts': code }, entry: 'index.ts' }, { name, version, ...extra }, 1);
const doc = { dsl: '1.0.0', namespace: 'test', name: 'fn', version: '1.0.0' };

describe('call: name:version@default', () => {
  it('calls a function with `with` as input and outputs its result', async () => {
    await deploy('fibo', '1.0.0', 'const f = (n: number): number => (n < 2 ? n : f(n - 1) + f(n - 2)); export default async (i: { n: number }) => ({ value: f(i.n) });');
    const r = await engine.run({ document: doc, do: [{ a: { call: 'fibo:1.0.0@default', with: { n: '${ .n }' } } }] } as never, { n: 10 });
    expect(r).toMatchObject({ status: 'completed', output: { value: 55 } });
  });

  it('retries a function that fails twice, then succeeds', async () => {
    await deploy('flaky', '1.0.0', 'let calls = 0; export default async () => { calls++; if (calls <= 2) throw new Error(`failure ${calls}`); return { calls }; };');
    const r = await engine.run(
      { document: doc, do: [{ t: { try: [{ f: { call: 'flaky:1.0.0@default' } }], catch: { errors: { with: { status: 500 } }, retry: { delay: 'PT1S', limit: { attempt: { count: 3 } } } } } }] } as never,
      {},
    );
    expect(r).toMatchObject({ status: 'completed', output: { calls: 3 } });
  });

  it('maps function errors to workflow errors: validation of the input, thrown errors, timeouts', async () => {
    await deploy('typed', '1.0.0', 'export default async (i: { n: number }) => i.n;', { input: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } });
    await deploy('thrower', '1.0.0', 'export default async () => { throw new Error("no stock"); };');
    await deploy('spinner', '1.0.0', 'export default async () => { for (;;) {} };', { timeoutMs: 100 });
    const call = (fn: string, input: unknown = {}) => engine.run({ document: doc, do: [{ c: { call: `${fn}:1.0.0@default`, with: input } }] } as never, {});
    expect(await call('typed', { n: 'x' })).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation', status: 400, instance: '/do/0/c' } });
    expect(await call('thrower')).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', detail: expect.stringContaining('no stock') } });
    expect(await call('spinner')).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout', status: 408 } });
  });

  it('routes an alias call to the aliased version', async () => {
    await deploy('price', '1.0.0', 'export default async () => ({ v: 1 });');
    await deploy('price', '2.0.0', 'export default async () => ({ v: 2 });');
    await assignAlias(store.functions, { name: 'price', alias: 'live', routes: [{ version: '2.0.0', weight: 100 }] });
    expect(await engine.run({ document: doc, do: [{ p: { call: 'price:live@default' } }] } as never, {})).toMatchObject({ output: { v: 2 } });
  });
});

describe('ctx.fetch from a run', () => {
  it('sends the call\'s Idempotency-Key and a traceparent in the caller\'s trace', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const traced = new FunctionInvoker({ store: store.functions, invocations: store.invocations, runtime: async () => (await selectRuntime({ isolateMode: 'inline' })).runtime, bus, egress: functionEgress(['127.0.0.1']), newId: () => 'inv-1' });
    try {
      await deploy('caller', '1.0.0', `export default async (i: unknown, ctx: any) => (await ctx.fetch('http://127.0.0.1:${port}/x')).status;`, { egress: ['127.0.0.1'] });
      const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const out = await traced.invoke({ name: 'caller', ref: '1.0.0', input: null, idempotencyKey: 'run-9:k', runId: 'run-9', pointer: '/do/0/c', traceparent: parent, ready: Promise.resolve() });
      expect(out.output).toBe(200);
      expect(seen[0]['idempotency-key']).toBe('run-9:k');
      expect(seen[0].traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-(?!b7ad6b7169203331)[\da-f]{16}-01$/);
      const refused = traced.invoke({ name: 'caller', ref: '1.0.0', input: null, idempotencyKey: 'run-9:k2', runId: 'run-9', pointer: '/do/0/c', ready: Promise.reject(new Error('disk full')) });
      await expect(refused).rejects.toMatchObject({ problem: { detail: expect.stringContaining('could not be journaled: disk full') } });
      expect(seen).toHaveLength(1);
    } finally {
      server.close();
      await traced.close();
    }
  });
});

describe('run: script (JavaScript)', () => {
  const scripts = createScriptRunner({ runtime: async () => (await selectRuntime({ isolateMode: 'inline' })).runtime, newId: () => `s-${++n}`, timeoutMs: 200 });
  const scriptEngine = new Engine({ store: new MemoryStore(), clock: new FakeClock(), http: { request: async () => ({ status: 500, headers: {}, body: null }) }, bus, ids: { newId: () => `run-${++n}` }, scripts });
  const run = (script: Record<string, unknown>, ret?: string) =>
    scriptEngine.run({ document: doc, do: [{ s: { run: { script: { language: 'js', ...script }, ...(ret ? { return: ret } : {}) } } }] } as never, { who: 'ada' });

  it('gives the code argv, env and stdin, and outputs stdout by default', async () => {
    const r = await run({ code: "console.log(process.argv[2], process.env.GREETING, process.stdin.read());", arguments: ['${ .who }'], environment: { GREETING: 'hi' }, stdin: 'in' });
    expect(r).toMatchObject({ status: 'completed', output: 'ada hi in\n' });
  });

  it('reports a throw as exit code 1 with the message on stderr, per `return`', async () => {
    expect(await run({ code: "console.error('bad'); throw new Error('boom');" }, 'all')).toMatchObject({ output: { code: 1, stdout: '', stderr: 'bad\nboom\n' } });
    expect(await run({ code: 'throw new Error("x");' }, 'code')).toMatchObject({ output: 1 });
    expect(await run({ code: 'console.log(1);' }, 'none')).toMatchObject({ output: null });
  });

  it('has no Node APIs, and times out endless scripts', async () => {
    expect(await run({ code: 'console.log(typeof require, typeof fetch, typeof Buffer);' })).toMatchObject({ output: 'undefined undefined undefined\n' });
    expect(await run({ code: 'for (;;) {}' })).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout' } });
    expect(await run({ code: 'print(1)', language: 'python' })).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/configuration' } });
  });
});

describe('payload bounds', () => {
  it('refuses a function input or output over the payload limit, and faults a run whose output is too large', async () => {
    await deploy('big', '1.0.0', 'export default async (i: { n: number }) => "x".repeat(i.n);');
    const small = new FunctionInvoker({ store: store.functions, invocations: store.invocations, runtime: async () => (await selectRuntime({ isolateMode: 'inline' })).runtime, bus, egress: functionEgress([]), newId: () => 'inv', maxPayloadBytes: 1000 });
    try {
      const call = (input: unknown) => small.invoke({ name: 'big', ref: '1.0.0', input: input as never, idempotencyKey: 'k', runId: '', pointer: '' });
      await expect(call({ n: 10 })).resolves.toMatchObject({ output: 'x'.repeat(10) });
      await expect(call({ n: 5000 })).rejects.toMatchObject({ problem: { code: 'WEFT_ERR_FN_VALIDATION', detail: expect.stringMatching(/output is 5002 bytes, over the 1000-byte payload limit/) } });
      await expect(call({ n: 1, pad: 'é'.repeat(600) })).rejects.toMatchObject({ problem: { detail: expect.stringMatching(/input is \d+ bytes/) } });
    } finally {
      await small.close();
    }
    const bounded = new Engine({ store: new MemoryStore(), clock: new FakeClock(), http: { request: async () => ({ status: 500, headers: {}, body: null }) }, bus, ids: { newId: () => `run-${++n}` }, maxPayloadBytes: 100 });
    const r = await bounded.run({ document: doc, do: [{ s: { set: { text: '${ "y" * 200 }' } } }] } as never, {});
    expect(r).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/validation', detail: expect.stringMatching(/output is 211 bytes/) } });
  });
});
