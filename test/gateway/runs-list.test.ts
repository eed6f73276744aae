/** GET /api/v1/runs: filters (workflow, namespace, version, status, from/to) and cursor pagination. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, expectProblem, registerWorkflow, startTestServer, workflowYaml } from './support.js';

let s: TestServer;
interface Run {
  id: string;
  workflow: string;
  status: string;
  createdAt: string;
}
const ids = { a: [] as string[], b: [] as string[], faulted: [] as string[] };
let middle: string;

const list = async (query: string): Promise<{ items: Run[]; next?: string }> => {
  const r = await s.get(`/api/v1/runs${query}`);
  expect(r.status, r.text).toBe(200);
  return r.body;
};
const idsOf = (items: Run[]) => items.map((r) => r.id);

beforeAll(async () => {
  s = await startTestServer();
  await registerWorkflow(s, workflowYaml('alpha', 'a', "  - x: { set: { ok: true } }\n"));
  await registerWorkflow(s, workflowYaml('alpha', 'a', "  - x: { set: { ok: 2 } }\n", '2.0.0'));
  await registerWorkflow(s, workflowYaml('beta', 'b', "  - x: { set: { ok: true } }\n"));
  await registerWorkflow(s, workflowYaml('beta', 'f', "  - x: { raise: { error: { type: 'https://example.com/e', status: 400 } } }\n"));
  const start = async (path: string, into: string[]) => {
    const r = await s.call('POST', path, { body: {}, headers: { prefer: 'wait=5' } });
    expect(r.status).toBe(200);
    into.push(r.body.id);
    // Distinct createdAt milliseconds, so from/to can split the runs exactly.
    await new Promise((res) => setTimeout(res, 3));
  };
  for (let i = 0; i < 4; i++) await start('/api/v1/workflows/alpha/a/runs?version=1.0.0', ids.a);
  middle = (await s.get(`/api/v1/runs/${ids.a[3]}`)).body.createdAt;
  for (let i = 0; i < 3; i++) await start('/api/v1/workflows/alpha/a/runs', ids.a);
  for (let i = 0; i < 3; i++) await start('/api/v1/workflows/beta/b/runs', ids.b);
  for (let i = 0; i < 2; i++) await start('/api/v1/workflows/beta/f/runs', ids.faulted);
});
afterAll(() => s.stop());

describe('GET /api/v1/runs', () => {
  it('lists every run, newest first', async () => {
    const all = await list('');
    expect(idsOf(all.items)).toEqual([...ids.a, ...ids.b, ...ids.faulted].reverse());
    expect(all.next).toBeUndefined();
  });

  it('filters by workflow, namespace and version', async () => {
    expect(idsOf((await list('?workflow=alpha/a')).items)).toEqual([...ids.a].reverse());
    expect(idsOf((await list('?workflow=alpha/a&version=1.0.0')).items)).toEqual(ids.a.slice(0, 4).reverse());
    expect(idsOf((await list('?namespace=beta')).items)).toEqual([...ids.b, ...ids.faulted].reverse());
    expect((await list('?namespace=nobody')).items).toEqual([]);
  });

  it('filters by status (one or a comma-separated set)', async () => {
    const faulted = await list('?status=faulted');
    expect(idsOf(faulted.items)).toEqual([...ids.faulted].reverse());
    expect(faulted.items.every((r) => r.status === 'faulted')).toBe(true);
    expect((await list('?namespace=beta&status=completed')).items.map((r) => r.id)).toEqual([...ids.b].reverse());
    expect((await list('?namespace=beta&status=completed,faulted')).items).toHaveLength(5);
    expect((await list('?status=cancelled')).items).toEqual([]);
    expectProblem(await s.get('/api/v1/runs?status=completed,exploded'), 400, 'WEFT_ERR_API_INVALID');
  });

  it('filters by createdAt: from (inclusive) and to (exclusive), ISO 8601 or epoch ms', async () => {
    const t = Date.parse(middle);
    const after = await list(`?workflow=alpha/a&from=${encodeURIComponent(middle)}`);
    expect(idsOf(after.items)).toEqual(ids.a.slice(3).reverse());
    const before = await list(`?workflow=alpha/a&to=${t}`);
    expect(idsOf(before.items)).toEqual(ids.a.slice(0, 3).reverse());
    const window = await list(`?workflow=alpha/a&from=${t}&to=${t + 1}`);
    expect(idsOf(window.items)).toEqual([ids.a[3]]);
    expectProblem(await s.get('/api/v1/runs?from=last-tuesday'), 400, 'WEFT_ERR_API_INVALID');
  });

  it('pages with a cursor: pages chain, never overlap, and together are the whole list', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let query = '?limit=4';
    for (let guard = 0; guard < 10; guard++) {
      const page = await list(query);
      sizes.push(page.items.length);
      for (const id of idsOf(page.items)) {
        expect(seen).not.toContain(id);
        seen.push(id);
      }
      if (!page.next) break;
      query = `?limit=4&cursor=${encodeURIComponent(page.next)}`;
    }
    expect(sizes).toEqual([4, 4, 4]);
    expect(seen).toEqual(idsOf((await list('')).items));
  });

  it('pages within a filter, and a cursor keeps working with it', async () => {
    const first = await list('?workflow=alpha/a&limit=5');
    expect(first.items).toHaveLength(5);
    expect(first.next).toEqual(expect.any(String));
    const second = await list(`?workflow=alpha/a&limit=5&cursor=${encodeURIComponent(first.next!)}`);
    expect(idsOf([...first.items, ...second.items])).toEqual([...ids.a].reverse());
    expect(second.next).toBeUndefined();
  });

  it('refuses a cursor it did not issue', async () => {
    expectProblem(await s.get('/api/v1/runs?cursor=not-a-cursor'), 400, 'WEFT_ERR_API_INVALID');
    expect((await s.get('/api/v1/runs?cursor=not-a-cursor')).body.pointer).toBe('/cursor');
  });
});
