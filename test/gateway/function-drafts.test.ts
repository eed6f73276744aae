/**
 * Draft invocations (`POST /api/v1/functions/{name}/draft-invocations`): edited code packaged as a deploy
 * would package it, run once, stored nowhere. Output and record; the deploy's problems for a bad manifest
 * or a build error; the invoke's problems (with the draft's logs) when the function fails; a function not
 * deployed yet; the deploy's permission; an audit entry; versions, aliases and logs untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type TestServer, createKey, deployFunction, expectProblem, startTestServer } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ mode: 'serve' });
  await deployFunction(s, 'quote', "export default async (i: { n: number }) => ({ v: 'deployed', total: i.n * 2 });", { input: { type: 'object', required: ['n'] } });
  await s.call('PUT', '/api/v1/functions/quote/aliases/live', { body: { version: '1.0.0' } });
});
afterAll(() => s.stop());

const draft = (name: string, body: unknown, key?: string | null): Promise<Answer> =>
  s.call('POST', `/api/v1/functions/${name}/draft-invocations`, { body, ...(key !== undefined ? { key } : {}) });

/** What a reader of the function sees: versions, aliases, newest invocation records. */
const history = async (name: string) => ({
  fn: (await s.get(`/api/v1/functions/${name}`)).body,
  logs: (await s.get(`/api/v1/functions/${name}/logs`)).body,
});

describe('a draft run', () => {
  it('runs the edited code once and answers its output with the record; nothing is stored', async () => {
    await s.call('POST', '/api/v1/functions/quote/invoke', { body: { n: 1 } });
    const before = await history('quote');
    const source = "export default async (i: { n: number }, ctx: any) => { ctx.log.info('draft sees ' + i.n); return { v: 'draft', total: i.n * 3 }; };";
    const r = await draft('quote', { manifest: { version: '1.0.0', input: { type: 'object', required: ['n'] } }, source, input: { n: 5 } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({
      draft: true,
      output: { v: 'draft', total: 15 },
      invocation: {
        id: expect.any(String), name: 'quote', version: '1.0.0', hash: expect.stringMatching(/^[\da-f]{64}$/), at: expect.any(String),
        // Every draft gets a fresh isolate, closed after the call.
        cold: true, queueMs: expect.any(Number), startMs: expect.any(Number), durationMs: expect.any(Number), memoryBytes: expect.any(Number), ok: true,
        logs: [{ at: expect.any(String), level: 'info', message: 'draft sees 5' }],
      },
    });
    // The same version number as the deployed 1.0.0, other code: not a conflict, since nothing is stored.
    expect(r.body.invocation.hash).not.toBe(before.fn.versionsDetail[0].hash);
    expect(await history('quote')).toEqual(before);
    // The deployed version still runs the deployed code.
    expect((await s.call('POST', '/api/v1/functions/quote/invoke', { body: { n: 5 } })).body).toEqual({ v: 'deployed', total: 10 });
  });

  it('takes the deploy body: files + entry with a weft.json among them, and no input means null', async () => {
    const files = {
      'weft.json': JSON.stringify({ name: 'quote', version: '9.9.9' }),
      'src/main.ts': "import { word } from './word.js'; export default async (i: unknown) => `${word} ${JSON.stringify(i)}`;",
      'src/word.ts': "export const word = 'got';",
    };
    const r = await draft('quote', { files, entry: 'src/main.ts' });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ draft: true, output: 'got null', invocation: { version: '9.9.9' } });
    expect((await s.get('/api/v1/functions/quote')).body.versions).toEqual(['1.0.0']);
  });

  it('works for a function that is not deployed yet, and leaves it undeployed', async () => {
    const r = await draft('brand-new', { manifest: { version: '0.1.0' }, source: 'export default async (i: { a: number }) => i.a + 1;', input: { a: 41 } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ draft: true, output: 42, invocation: { name: 'brand-new', version: '0.1.0', ok: true } });
    expectProblem(await s.get('/api/v1/functions/brand-new'), 404, 'WEFT_ERR_API_NOT_FOUND');
    expect((await s.get('/api/v1/functions')).body.items.map((f: { name: string }) => f.name)).not.toContain('brand-new');
  });

  it('is audited as function:draft with the bundle hash', async () => {
    const r = await draft('quote', { manifest: { version: '1.0.0' }, source: 'export default async () => 7;' });
    expect(r.status, r.text).toBe(200);
    const items = (await s.get('/api/v1/audit?action=function:draft')).body.items;
    expect(items[0]).toMatchObject({ action: 'function:draft', target: 'function/quote', after: r.body.invocation.hash, detail: { version: '1.0.0', ok: true } });
  });
});

describe('refused like a deploy, before anything runs', () => {
  it('a build error: 400 WEFT_ERR_FN_BUILD, the deploy\'s problem', async () => {
    const body = { manifest: { version: '1.0.0' }, source: 'export default async () => {' };
    const r = await draft('quote', body);
    expectProblem(r, 400, 'WEFT_ERR_FN_BUILD');
    const deployed = await s.call('PUT', '/api/v1/functions/quote', { body: { ...body, manifest: { version: '1.0.1' } } });
    expect({ status: deployed.status, code: deployed.body.code, type: deployed.body.type }).toEqual({ status: r.status, code: r.body.code, type: r.body.type });
    expectProblem(await draft('quote', { manifest: { version: '1.0.0' }, source: 'export const notDefault = 1;' }), 400, 'WEFT_ERR_FN_BUILD');
  });

  it('a bad manifest (every problem at once) or one over the operator\'s caps: 400 WEFT_ERR_FN_MANIFEST', async () => {
    const bad = await draft('quote', { manifest: { version: 'one', timeoutMs: -1 }, source: 'export default async () => 1;' });
    expectProblem(bad, 400, 'WEFT_ERR_FN_MANIFEST');
    expect(bad.body.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/timeoutMs', '/version']);
    const over = await draft('quote', { manifest: { version: '1.0.0', memoryMb: 1024 }, source: 'export default async () => 1;' });
    expectProblem(over, 400, 'WEFT_ERR_FN_MANIFEST');
    expect(over.body.problems).toEqual([{ pointer: '/memoryMb', message: expect.stringContaining('WEFT_FN_MAX_MEMORY_MB') }]);
  });

  it('a manifest naming another function: 400 with a pointer, nothing run', async () => {
    const r = await draft('quote', { manifest: { name: 'other', version: '1.0.0' }, source: 'export default async () => 1;' });
    expectProblem(r, 400, 'WEFT_ERR_API_INVALID');
    expect(r.body.pointer).toBe('/manifest/name');
    const files = { 'weft.json': JSON.stringify({ name: 'other', version: '1.0.0' }), 'index.ts': 'export default async () => 1;' };
    const inFiles = await draft('quote', { files });
    expectProblem(inFiles, 400, 'WEFT_ERR_API_INVALID');
    expect(inFiles.body.pointer).toBe('/files/weft.json');
    expect((await s.get('/api/v1/functions')).body.items.map((f: { name: string }) => f.name)).not.toContain('other');
  });

  it('an input against the manifest\'s schema: 400 WEFT_ERR_FN_VALIDATION, no invocation', async () => {
    const r = await draft('quote', { manifest: { version: '1.0.0', input: { type: 'object', required: ['n'] } }, source: 'export default async () => 1;', input: {} });
    expectProblem(r, 400, 'WEFT_ERR_FN_VALIDATION');
    expect(r.body).toMatchObject({ draft: true, functionVersion: '1.0.0' });
    expect(r.body.invocation).toBeUndefined();
  });

  it('a body with both source and files, or neither: 400 WEFT_ERR_API_INVALID', async () => {
    expectProblem(await draft('quote', { manifest: { version: '1.0.0' }, source: 'x', files: {} }), 400, 'WEFT_ERR_API_INVALID');
    expectProblem(await draft('quote', { manifest: { version: '1.0.0' }, input: 1 }), 400, 'WEFT_ERR_API_INVALID');
  });
});

describe('a failing draft answers what the deployed version would, with its logs', () => {
  const throws = "export default async (_i: unknown, ctx: any) => { ctx.log.warn('about to fail'); throw new Error('boom'); };";

  it('a thrown error: 500 WEFT_ERR_FN_RUNTIME with draft: true and the record', async () => {
    const r = await draft('thrower', { manifest: { version: '1.0.0' }, source: throws });
    expectProblem(r, 500, 'WEFT_ERR_FN_RUNTIME');
    expect(r.body.detail).toContain('boom');
    expect(r.body).toMatchObject({ draft: true, functionVersion: '1.0.0', invocation: { name: 'thrower', ok: false, cold: true, logs: [{ level: 'warn', message: 'about to fail' }] } });
    // The same code deployed and invoked fails the same way.
    await deployFunction(s, 'thrower', throws);
    const deployed = await s.call('POST', '/api/v1/functions/thrower/invoke', { body: {} });
    expect({ status: deployed.status, code: deployed.body.code, type: deployed.body.type, title: deployed.body.title }).toEqual({ status: r.status, code: r.body.code, type: r.body.type, title: r.body.title });
    // The draft left no record among the deployed version's.
    expect((await s.get('/api/v1/functions/thrower/logs')).body.items).toHaveLength(1);
  });

  it('past its timeout: 408 WEFT_ERR_FN_TIMEOUT', async () => {
    const r = await draft('quote', { manifest: { version: '1.0.0', timeoutMs: 200 }, source: 'export default async () => { for (;;) {} };' });
    expectProblem(r, 408, 'WEFT_ERR_FN_TIMEOUT');
    expect(r.body.invocation).toMatchObject({ ok: false });
  });

  it('an output against the manifest\'s schema: 400 WEFT_ERR_FN_VALIDATION, after it ran', async () => {
    const r = await draft('quote', { manifest: { version: '1.0.0', output: { type: 'string' } }, source: "export default async (_i: unknown, ctx: any) => { ctx.log.info('ran'); return 1; };" });
    expectProblem(r, 400, 'WEFT_ERR_FN_VALIDATION');
    expect(r.body.invocation).toMatchObject({ ok: false, logs: [{ message: 'ran' }] });
  });
});

describe('permission: the deploy\'s (function:write)', () => {
  it('a viewer or an invoker gets 403; a developer runs it', async () => {
    const body = { manifest: { version: '1.0.0' }, source: 'export default async () => 1;' };
    for (const role of ['viewer', 'invoker', 'operator']) {
      const { secret } = await createKey(s, [{ namespace: 'default', role }]);
      const r = await draft('quote', body, secret);
      expectProblem(r, 403, 'WEFT_ERR_AUTH_FORBIDDEN');
      expect(r.body.detail).toContain('function:write');
    }
    const dev = await createKey(s, [{ namespace: 'default', role: 'developer' }]);
    expect((await draft('quote', body, dev.secret)).body).toMatchObject({ draft: true, output: 1 });
    expectProblem(await draft('quote', body, null), 401, 'WEFT_ERR_AUTH_MISSING');
  });
});
