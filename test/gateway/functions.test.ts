/** Function routes: deploy (one module or several files), read, logs, aliases, invoke and /fn ingress. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, expectProblem, startTestServer } from './support.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const deploy = (name: string, body: unknown) => s.call('PUT', `/api/v1/functions/${name}`, { body });
const price = (v: string, factor: number) => ({ manifest: { version: v, description: `price v${v}` }, source: `export default async (i: { n: number }) => ({ v: '${v}', total: i.n * ${factor} });` });

describe('deploy and read', () => {
  it('deploys {manifest, source}: 201 + Location, the same again is 200, the manifest name defaults to the path', async () => {
    const r = await deploy('price', price('1.0.0', 2));
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/api/v1/functions/price');
    expect(r.body).toMatchObject({ name: 'price', version: '1.0.0', hash: expect.stringMatching(/^[\da-f]{64}$/), size: expect.any(Number), manifest: { name: 'price', version: '1.0.0', timeoutMs: 10_000 } });
    const again = await deploy('price', price('1.0.0', 2));
    expect(again.status).toBe(200);
    expect(again.body.hash).toBe(r.body.hash);
    expect((await deploy('price', price('2.0.0', 3))).status).toBe(201);
    expectProblem(await deploy('price', price('2.0.0', 4)), 409, 'WEFT_ERR_FN_VERSION_EXISTS');
  });

  it('deploys {files, entry} with a weft.json among the files', async () => {
    const files = {
      'weft.json': JSON.stringify({ name: 'greet', version: '0.1.0' }),
      'src/main.ts': "import { hello } from './words.js'; export default async (i: { who: string }) => `${hello}, ${i.who}`;",
      'src/words.ts': "export const hello = 'Hello';",
    };
    const r = await deploy('greet', { files, entry: 'src/main.ts' });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ name: 'greet', version: '0.1.0' });
    const out = await s.call('POST', '/fn/greet', { body: { who: 'Ada' } });
    expect(out).toMatchObject({ status: 200, body: 'Hello, Ada' });
  });

  it('lists functions with versions and aliases, and reads one with its manifests', async () => {
    const all = await s.get('/api/v1/functions');
    expect(all.status).toBe(200);
    expect(all.body.items).toContainEqual(expect.objectContaining({ name: 'price', latest: '2.0.0', versions: ['2.0.0', '1.0.0'] }));
    const one = await s.get('/api/v1/functions/price');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ name: 'price', latest: '2.0.0', description: 'price v2.0.0', versions: ['2.0.0', '1.0.0'] });
    expect(one.body.versionsDetail.map((v: { version: string }) => v.version)).toEqual(['2.0.0', '1.0.0']);
  });
});

describe('version sources', () => {
  const sourceOf = (name: string, version: string, key?: string | null) => s.get(`/api/v1/functions/${name}/versions/${version}/source`, key !== undefined ? { key } : {});

  it('keeps the source of a one-module deploy as index.ts, per version', async () => {
    const r = await sourceOf('price', '1.0.0');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ name: 'price', version: '1.0.0', entry: 'index.ts', files: { 'index.ts': price('1.0.0', 2).source } });
    expect((await sourceOf('price', '2.0.0')).body.files['index.ts']).toBe(price('2.0.0', 3).source);
  });

  it('keeps every module of a {files, entry} deploy, weft.json left out (the manifest is the version\'s)', async () => {
    const r = await sourceOf('greet', '0.1.0');
    expect(r.status, r.text).toBe(200);
    expect(r.body.entry).toBe('src/main.ts');
    expect(Object.keys(r.body.files).sort()).toEqual(['src/main.ts', 'src/words.ts']);
    expect(r.body.files['src/words.ts']).toBe("export const hello = 'Hello';");
  });

  it('the hash does not depend on the kept source: the same bundle from other file text is the same version', async () => {
    const first = await deploy('same', { manifest: { version: '1.0.0' }, source: 'export default async () => 1;' });
    expect(first.status, first.text).toBe(201);
    // A comment changes the source but not the bundle esbuild emits.
    const again = await deploy('same', { manifest: { version: '1.0.0' }, source: '// a comment\nexport default async () => 1;' });
    expect(again.status, again.text).toBe(200);
    expect(again.body.hash).toBe(first.body.hash);
    expect((await sourceOf('same', '1.0.0')).body.files['index.ts']).toBe('export default async () => 1;');
  });

  it('404 for an unknown function or version', async () => {
    const fn = await sourceOf('nope', '1.0.0');
    expectProblem(fn, 404, 'WEFT_ERR_API_NOT_FOUND');
    expect(fn.body.detail).toMatch(/function nope does not exist/);
    const v = await sourceOf('price', '9.9.9');
    expectProblem(v, 404, 'WEFT_ERR_API_NOT_FOUND');
    expect(v.body.detail).toMatch(/version 9\.9\.9 of function price does not exist/);
  });
});

describe('aliases and invocation', () => {
  it('invokes the newest version by default; ?ref= and /fn/name:version pick one', async () => {
    expect(await s.call('POST', '/api/v1/functions/price/invoke', { body: { n: 5 } })).toMatchObject({ status: 200, body: { v: '2.0.0', total: 15 } });
    const v1 = await s.call('POST', '/api/v1/functions/price/invoke?ref=1.0.0', { body: { n: 5 } });
    expect(v1).toMatchObject({ status: 200, body: { v: '1.0.0', total: 10 } });
    expect(v1.headers.get('weft-function-version')).toBe('1.0.0');
    expect(v1.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await s.call('POST', '/fn/price:1.0.0', { body: { n: 1 } })).toMatchObject({ status: 200, body: { v: '1.0.0', total: 2 } });
  });

  it('points an alias at a version ({version}), routes through it, and rolls back by moving it', async () => {
    const set = await s.call('PUT', '/api/v1/functions/price/aliases/live', { body: { version: '1.0.0' } });
    expect(set).toMatchObject({ status: 200, body: { name: 'price', alias: 'live', routes: [{ version: '1.0.0', weight: 100 }] } });
    // The live alias is the default target once it exists.
    expect((await s.call('POST', '/api/v1/functions/price/invoke', { body: { n: 1 } })).body.v).toBe('1.0.0');
    expect((await s.call('POST', '/fn/price:live', { body: { n: 1 } })).body.v).toBe('1.0.0');
    await s.call('PUT', '/api/v1/functions/price/aliases/live', { body: { version: '2.0.0' } });
    expect((await s.call('POST', '/api/v1/functions/price/invoke?ref=live', { body: { n: 1 } })).body.v).toBe('2.0.0');
    expect((await s.get('/api/v1/functions/price')).body.aliases).toEqual([{ name: 'price', alias: 'live', routes: [{ version: '2.0.0', weight: 100 }] }]);
  });

  it('splits an alias by weight ({routes})', async () => {
    const routes = [{ version: '1.0.0', weight: 50 }, { version: '2.0.0', weight: 50 }];
    expect(await s.call('PUT', '/api/v1/functions/price/aliases/canary', { body: { routes } })).toMatchObject({ status: 200, body: { routes } });
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add((await s.call('POST', '/fn/price:canary', { body: { n: i } })).headers.get('weft-function-version')!);
    expect([...seen].sort()).toEqual(['1.0.0', '2.0.0']);
    // All the weight on one side routes there only.
    await s.call('PUT', '/api/v1/functions/price/aliases/canary', { body: { routes: [{ version: '1.0.0', weight: 0 }, { version: '2.0.0', weight: 100 }] } });
    for (let i = 0; i < 5; i++) expect((await s.call('POST', '/fn/price:canary', { body: { n: i } })).body.v).toBe('2.0.0');
  });

  it('answers with any JSON output (a string, a number, null)', async () => {
    await deploy('shape', { manifest: { version: '1.0.0' }, source: 'export default async (i: unknown) => i;' });
    for (const v of ['text', 42, null, [1, { a: 2 }]]) {
      const r = await s.call('POST', '/fn/shape', { body: JSON.stringify(v), headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toEqual(v);
    }
  });

  it('keeps the newest invocations in the logs: outcome, cold/warm, timing and log lines', async () => {
    await deploy('chatty', { manifest: { version: '1.0.0' }, source: "export default async (i: { n: number }, ctx: any) => { ctx.log.info('saw ' + i.n); return i.n; };" });
    for (let n = 1; n <= 3; n++) await s.call('POST', '/fn/chatty', { body: { n } });
    const logs = await s.get('/api/v1/functions/chatty/logs?limit=2');
    expect(logs.status).toBe(200);
    expect(logs.body.items).toHaveLength(2);
    const newest = logs.body.items[0];
    expect(newest).toMatchObject({ name: 'chatty', version: '1.0.0', cold: false });
    expect(JSON.stringify(newest)).toContain('saw 3');
    expect(JSON.stringify(logs.body.items[1])).toContain('saw 2');
    const all = (await s.get('/api/v1/functions/chatty/logs')).body.items;
    expect(all.map((i: { cold: boolean; ok: boolean }) => [i.cold, i.ok])).toEqual([[false, true], [false, true], [true, true]]);
    expect(all[2].logs).toEqual([expect.objectContaining({ level: 'info', message: 'saw 1' })]);
  });
});
