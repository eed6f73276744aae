/**
 * The ONE contract suite every FunctionRuntime runs (DESIGN.md §9): isolate-runtime.test.ts and
 * worker-runtime.test.ts call `runtimeContract`. Import it from this file in a test only: it imports vitest.
 */
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../../shared/index.js';
import type { CloudEvent, FunctionManifest, FunctionVersion } from '../../../ports/index.js';
import { FN_ERROR_CODES, FunctionError } from '../../errors.js';
import type { FunctionRuntime, HostContext, Instance, LogLevel } from '../runtime.js';

/** A FunctionVersion whose code is `src` (the body of `export default`) in the runtime's bundle form. */
export function fnVersion(src: string, manifest: Partial<FunctionManifest> = {}, prelude = ''): FunctionVersion {
  const m: FunctionManifest = { name: 'fn', version: '1.0.0', memoryMb: 64, timeoutMs: 5_000, maxConcurrency: 2, minWarm: 0, idleMs: 60_000, egress: [], secrets: [], ...manifest };
  const code = `var __weft = (() => { ${prelude}; return { default: ${src} }; })();`;
  return { name: m.name, version: m.version, hash: 'h', size: code.length, code, manifest: m, createdAt: 0 };
}

export interface FakeHost {
  ctx: HostContext;
  logs: { level: LogLevel; message: string; fields?: Json }[];
  fetches: { url: string; init: unknown }[];
  secretsRead: string[];
  events: CloudEvent[];
}

/** A HostContext that records every call; hosts containing "refused" are refused like the egress policy would. */
export function fakeHost(over: Partial<HostContext> = {}): FakeHost {
  const h: FakeHost = { logs: [], fetches: [], secretsRead: [], events: [], ctx: undefined as unknown as HostContext };
  h.ctx = {
    invocationId: 'inv-1',
    idempotencyKey: 'idem-1',
    deadline: Date.now() + 60_000,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    async fetch(url, init) {
      h.fetches.push({ url, init });
      await new Promise((r) => setTimeout(r, 5));
      if (url.includes('refused')) throw new FunctionError(FN_ERROR_CODES.egress, `egress to ${new URL(url).host} is not allowed`);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, method: (init as { method?: string }).method ?? 'GET' }) };
    },
    secret(name) {
      h.secretsRead.push(name);
      return name === 'API_KEY' ? 's3cret' : undefined;
    },
    log: (level, message, fields) => void h.logs.push(fields === undefined ? { level, message } : { level, message, fields }),
    async emit(event) {
      h.events.push(event);
    },
    ...over,
  };
  return h;
}

async function rejection(p: Promise<unknown>): Promise<FunctionError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FunctionError);
    return err as FunctionError;
  }
  throw new Error('expected the invocation to fail');
}

export function runtimeContract(name: string, make: () => FunctionRuntime | Promise<FunctionRuntime>): void {
  describe(`FunctionRuntime contract: ${name}`, () => {
    const instances: Instance[] = [];
    afterEach(() => {
      for (const i of instances.splice(0)) i.dispose();
    });
    async function start(src: string, manifest: Partial<FunctionManifest> = {}, prelude = ''): Promise<Instance> {
      const inst = await (await make()).create(fnVersion(src, manifest, prelude));
      instances.push(inst);
      return inst;
    }
    const run = async (src: string, input: Json = null, host = fakeHost(), manifest: Partial<FunctionManifest> = {}) =>
      (await start(src, manifest)).invoke(input, host.ctx);

    it('echoes its input and round-trips JSON', async () => {
      const input = { s: 'héllo ✓ \u2028', n: -1.5e-7, i: 2 ** 53 - 1, b: [true, false, null], o: { nested: [{ deep: [] }] } };
      expect(await run('async (input) => input', input)).toEqual(input);
      expect(await run('(input) => ({ when: new Date(0), skip: undefined, f() {}, nan: NaN })')).toEqual({ when: '1970-01-01T00:00:00.000Z', nan: null });
      expect(await run('async () => undefined')).toBeNull();
    });

    it('runs an esbuild bundle built with { format: "iife", globalName: "__weft" }', async () => {
      const src = 'const twice = (n: number): number => n * 2;\nexport default async function (input: { n: number }) { return { n: twice(input.n) }; }';
      const out = await build({ stdin: { contents: src, loader: 'ts' }, bundle: true, write: false, format: 'iife', globalName: '__weft', platform: 'neutral' });
      const v = { ...fnVersion('null'), code: out.outputFiles[0].text };
      const inst = await (await make()).create(v);
      instances.push(inst);
      expect(await inst.invoke({ n: 21 }, fakeHost().ctx)).toEqual({ n: 42 });
    });

    it('sees standard JS only: no process, require, global fetch, fs or Node globals, and no way out', async () => {
      const out = await run(`async (_input, ctx) => {
        const escape = (f) => { try { return f.constructor.constructor('return typeof process')(); } catch (e) { return 'throws'; } };
        return {
          process: typeof process, require: typeof require, fetch: typeof fetch, fs: typeof globalThis.fs, module: typeof module,
          Buffer: typeof Buffer, setInterval: typeof setInterval, json: typeof JSON, promise: typeof Promise,
          viaGlobal: escape(globalThis), viaCtx: escape(ctx.fetch), viaLog: escape(ctx.log.info), viaConsole: escape(console.log),
        };
      }`);
      expect(out).toEqual({
        process: 'undefined', require: 'undefined', fetch: 'undefined', fs: 'undefined', module: 'undefined', Buffer: 'undefined',
        setInterval: 'undefined', json: 'object', promise: 'function', viaGlobal: 'undefined', viaCtx: 'undefined', viaLog: 'undefined', viaConsole: 'undefined',
      });
    });

    it('yields no host function through stack-trace introspection', async () => {
      const out = await run(`async () => {
        Error.prepareStackTrace = (_e, frames) => frames.map((f) => { const fn = f.getFunction && f.getFunction();
          try { return fn ? fn.constructor.constructor('return typeof process')() : 'none'; } catch (e) { return 'throws'; } });
        const seen = new Error().stack;
        Error.prepareStackTrace = undefined;
        return Array.isArray(seen) ? seen.filter((s) => s !== 'undefined' && s !== 'none') : 'no frames';
      }`);
      expect(out).toEqual([]);
    });

    it('fails the invocation on an unhandled rejection (like Node), and the instance stays usable', async () => {
      const inst = await start(`async (input) => {
        if (input === 'leak') { Promise.reject(new Error('nobody listens')); await new Promise((r) => setTimeout(r, 20)); }
        return input;
      }`);
      const err = await rejection(inst.invoke('leak', fakeHost().ctx));
      expect([err.code, err.message]).toEqual([FN_ERROR_CODES.runtime, 'function fn@1.0.0 failed: nobody listens']);
      expect(inst.disposed).toBe(false);
      expect(await inst.invoke('fine', fakeHost().ctx)).toBe('fine');
    });

    it('calls ctx.fetch through the host and awaits the response', async () => {
      const host = fakeHost();
      const out = await run(`async (input, ctx) => {
        const res = await ctx.fetch(input.url, { method: 'post', headers: { 'x-a': 1 }, body: { q: 1 } });
        return { status: res.status, ok: res.ok, type: res.headers['content-type'], json: await res.json() };
      }`, { url: 'https://api.example.com/x' }, host);
      expect(out).toEqual({ status: 200, ok: true, type: 'application/json', json: { url: 'https://api.example.com/x', method: 'POST' } });
      expect(host.fetches).toEqual([{ url: 'https://api.example.com/x', init: { method: 'POST', headers: { 'x-a': '1' }, body: '{"q":1}' } }]);
    });

    it('surfaces a refused fetch as an error the function may catch, or as WEFT_ERR_FN_EGRESS', async () => {
      const caught = await run(`async (_i, ctx) => { try { await ctx.fetch('https://refused.example.com/'); return 'no'; } catch (e) { return { message: e.message, code: e.code }; } }`);
      expect(caught).toEqual({ message: 'egress to refused.example.com is not allowed', code: FN_ERROR_CODES.egress });
      const err = await rejection(run(`async (_i, ctx) => (await ctx.fetch('https://refused.example.com/')).body`));
      expect([err.code, err.kind, err.message]).toEqual([FN_ERROR_CODES.egress, 'communication', 'egress to refused.example.com is not allowed']);
    });

    it('reads granted secrets only: unset → undefined, not granted → WEFT_ERR_FN_SECRET without asking the host', async () => {
      const host = fakeHost();
      const src = `(_i, ctx) => { let denied; try { ctx.secrets.get('DB_PASSWORD'); } catch (e) { denied = [e.code, e.message]; }
        return { key: ctx.secrets.get('API_KEY'), unset: ctx.secrets.get('UNSET') === undefined, denied }; }`;
      const out = await run(src, null, host, { secrets: ['API_KEY', 'UNSET'] });
      expect(out).toEqual({ key: 's3cret', unset: true, denied: [FN_ERROR_CODES.secret, 'secret "DB_PASSWORD" is not granted to this function (manifest "secrets")'] });
      expect(host.secretsRead.sort()).toEqual(['API_KEY', 'UNSET']);
      const err = await rejection(run(`(_i, ctx) => ctx.secrets.get('API_KEY')`));
      expect([err.code, err.kind]).toEqual([FN_ERROR_CODES.secret, 'runtime']);
    });

    it('captures console and ctx.log as the invocation\'s structured logs (load-time output goes to the first one)', async () => {
      const host = fakeHost();
      const inst = await start(`async (_i, ctx) => { console.log('a', { b: 1 }, 2); console.error(new TypeError('bad')); console.debug('d'); ctx.log.warn('w', { k: [1] }); return 1; }`, {}, `console.info('loaded')`);
      await inst.invoke(null, host.ctx);
      expect(host.logs[0]).toEqual({ level: 'info', message: 'loaded' });
      expect(host.logs[1]).toEqual({ level: 'info', message: 'a {"b":1} 2' });
      expect(host.logs[2].level).toBe('error');
      expect(host.logs[2].message).toMatch(/^TypeError: bad/);
      expect(host.logs.slice(3)).toEqual([{ level: 'debug', message: 'd' }, { level: 'warn', message: 'w', fields: { k: [1] } }]);
    });

    it('bounds an invocation\'s logs: a flood keeps the first lines, truncates long ones, and ends with ONE marker line', async () => {
      let crossed = 0;
      const host = fakeHost();
      const log = host.ctx.log;
      host.ctx.log = (level, message, fields) => (crossed++, log(level, message, fields));
      host.ctx.logLimits = { lines: 50, bytes: 64 * 1024, lineBytes: 100 };
      const out = await run(`async (n, ctx) => { ctx.log.info('x'.repeat(500), { big: 'y'.repeat(500) }); for (let i = 0; i < n; i++) ctx.log.info('line ' + i); console.log('after'); return n; }`, 200_000, host);
      expect(out).toBe(200_000);
      expect(host.logs).toHaveLength(51);
      expect(crossed).toBe(51);
      expect(host.logs[0].message.length).toBeLessThan(200);
      expect(host.logs[0].message).toMatch(/truncated/);
      expect(host.logs[0].fields).toBeUndefined();
      expect(host.logs[49].message).toBe('line 48');
      expect(host.logs[50]).toEqual({ level: 'warn', message: expect.stringMatching(/^… 199952 log lines dropped \(over the per-invocation limit of 50 lines/) });
      // The next invocation of the same instance has a fresh budget.
      const again = fakeHost();
      again.ctx.logLimits = { lines: 1, bytes: 1024, lineBytes: 100 };
      const inst = await start(`async (_i, ctx) => { ctx.log.info('a'); ctx.log.info('b'); return 1; }`);
      await inst.invoke(null, again.ctx);
      await inst.invoke(null, host.ctx);
      expect(again.logs.map((l) => l.message)).toEqual(['a', expect.stringMatching(/^… 1 log line dropped/)]);
    });

    it('gives ctx the invocation\'s ids, deadline and trace, and emits CloudEvents through the host', async () => {
      const host = fakeHost();
      const event = { specversion: '1.0', id: 'e1', source: '/fn', type: 'com.example.done', data: { ok: true } };
      const out = (await run(`async (input, ctx) => { await ctx.emit(input); return [ctx.invocationId, ctx.idempotencyKey, ctx.deadline, ctx.traceparent]; }`, event, host)) as Json[];
      expect(out.slice(0, 2)).toEqual(['inv-1', 'idem-1']);
      expect(out[2]).toBeLessThanOrEqual(host.ctx.deadline);
      expect(out[3]).toBe(host.ctx.traceparent);
      expect(host.events).toEqual([event]);
    });

    it('preserves a thrown error\'s message as WEFT_ERR_FN_RUNTIME, and the instance stays usable', async () => {
      const inst = await start(`async (input) => { if (input === 'boom') throw new Error('boom: ' + input); if (input === 's') throw 'a string'; return input; }`);
      const err = await rejection(inst.invoke('boom', fakeHost().ctx));
      expect([err.code, err.kind, err.message]).toEqual([FN_ERROR_CODES.runtime, 'runtime', 'boom: boom']);
      expect((await rejection(inst.invoke('s', fakeHost().ctx))).message).toBe('a string');
      expect(inst.disposed).toBe(false);
      expect(await inst.invoke('ok', fakeHost().ctx)).toBe('ok');
      expect((await rejection(run('() => 10n'))).message).toMatch(/not JSON/);
    });

    it('ends `while(true){}` with WEFT_ERR_FN_TIMEOUT within timeout + 100 ms, disposes it, and a new instance works', async () => {
      const inst = await start(`(input) => { if (input === 'spin') while (true) {} return input; }`, { timeoutMs: 200 });
      const t0 = Date.now();
      const err = await rejection(inst.invoke('spin', fakeHost().ctx));
      const elapsed = Date.now() - t0;
      expect([err.code, err.kind]).toEqual([FN_ERROR_CODES.timeout, 'timeout']);
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(300);
      expect(inst.disposed).toBe(true);
      const next = await start(`(input) => input`, { timeoutMs: 200 });
      expect(await next.invoke('again', fakeHost().ctx)).toBe('again');
    });

    it('times out async waits and loops after an await, and honours an earlier caller deadline', async () => {
      const never = await rejection(run(`() => new Promise(() => {})`, null, fakeHost(), { timeoutMs: 150 }));
      expect(never.code).toBe(FN_ERROR_CODES.timeout);
      const t0 = Date.now();
      const late = await rejection(run(`async (_i, ctx) => { await ctx.fetch('https://a.example.com/'); while (true) {} }`, null, fakeHost(), { timeoutMs: 200 }));
      expect(late.code).toBe(FN_ERROR_CODES.timeout);
      expect(Date.now() - t0).toBeLessThan(300);
      const t1 = Date.now();
      const early = await rejection(run(`() => new Promise(() => {})`, null, fakeHost({ deadline: Date.now() + 100 })));
      expect(early.code).toBe(FN_ERROR_CODES.timeout);
      expect(Date.now() - t1).toBeLessThan(200);
    });

    it('ends a memory blow-up with a clear WEFT_ERR_FN_RUNTIME and keeps the process alive', async () => {
      const inst = await start(`() => { const a = []; while (true) a.push(new Array(10000).fill(Math.random())); }`, { memoryMb: 16 });
      const err = await rejection(inst.invoke(null, fakeHost().ctx));
      expect(err.code).toBe(FN_ERROR_CODES.runtime);
      expect(err.message).toMatch(/exceeded its memory limit of 16 MB/);
      expect(inst.disposed).toBe(true);
      expect(await run('(i) => i + 1', 1)).toBe(2);
    });

    it('provides a setTimeout bounded by the invocation', async () => {
      const host = fakeHost();
      const inst = await start(`async (input) => {
        if (input === 'wait') { await new Promise((r) => setTimeout(r, 20)); const id = setTimeout(() => console.log('cleared'), 1); clearTimeout(id); return 'waited'; }
        setTimeout(() => console.log('late'), 30); return 'left';
      }`);
      expect(await inst.invoke('wait', host.ctx)).toBe('waited');
      expect(await inst.invoke('leave', host.ctx)).toBe('left');
      await new Promise((r) => setTimeout(r, 80));
      expect(host.logs).toEqual([]);
    });

    it('keeps module state across invocations of one instance (a warm instance), reports memory, and refuses bad bundles', async () => {
      const inst = await start(`() => ++count`, {}, 'let count = 0');
      expect([await inst.invoke(null, fakeHost().ctx), await inst.invoke(null, fakeHost().ctx)]).toEqual([1, 2]);
      expect(inst.memoryBytes).toBeGreaterThan(0);
      expect(inst.memoryBytes).toBeLessThan(64 * 1024 * 1024);
      const runtime = await make();
      const noDefault = await rejection(runtime.create({ ...fnVersion('null'), code: 'var x = 1;' }));
      expect(noDefault.message).toMatch(/__weft\.default/);
      const throwing = await rejection(runtime.create(fnVersion('null', {}, `throw new Error('at load')`)));
      expect(throwing.message).toMatch(/failed to load: at load/);
      const syntax = await rejection(runtime.create({ ...fnVersion('null'), code: 'var __weft = {' }));
      expect(syntax.code).toBe(FN_ERROR_CODES.runtime);
    });
  });
}
