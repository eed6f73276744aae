/**
 * Repairs in the studio, in headless Chromium against `weft dev`: a workflow whose last HTTP task fails
 * against a local server until it is told to recover. Open the faulted run → Redrive… with an input patch
 * (the diff before → after shown before confirming) → the same run completes and lists the redrive; the
 * earlier tasks were not sent again. Then "Rerun from here" on the middle task → the studio lands on the
 * new run, which completes and links back to its origin.
 */
import { type Server, createServer } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

let browser: Browser;
let weft: Weft;
let page: Page;
let upstream: Server;
let base = '';
let down = true;
const hits = new Map<string, number>();

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      const fail = down && path === '/ship';
      res.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(fail ? { error: 'down' } : { at: path }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const a = upstream.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'dev' })]);
  page = await newPage(browser, weft);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await weft?.stop();
  await new Promise((r) => upstream.close(r));
});

const doc = () =>
  `document: { dsl: '1.0.0', namespace: shop, name: checkout, version: '1.0.0' }\ndo:\n` +
  `  - reserve: { call: http, with: { method: post, endpoint: '${base}/reserve' } }\n` +
  `  - charge: { call: http, with: { method: post, endpoint: '${base}/charge' } }\n` +
  `  - ship: { call: http, with: { method: post, endpoint: '${base}/ship' } }\n`;

const count = (p: string) => hits.get(p) ?? 0;

describe('repair in the studio', () => {
  let runId = '';

  it('redrives a faulted run with an input patch, shown as a diff first; the run completes and lists the redrive', async () => {
    await weft.api('PUT', '/api/v1/workflows', doc(), 'application/yaml');
    const run = await weft.api<{ id: string; status: string }>('POST', '/api/v1/workflows/shop/checkout/runs', { amount: 5, address: 'Old St' });
    runId = run.id;
    await page.goto(`${weft.url}/#/runs/${encodeURIComponent(runId)}`);
    await expect.poll(() => page.getByTestId('node-/do/2/ship').getAttribute('data-status'), { timeout: 10_000 }).toBe('faulted');
    expect(await page.getByTestId('run-repairs').count()).toBe(0);

    await page.getByRole('button', { name: 'Redrive…' }).click();
    const dialog = page.getByRole('dialog');
    const patch = dialog.getByTestId('redrive-patch');
    await patch.fill('{"amount": ');
    expect(await dialog.getByRole('alert').textContent()).toMatch(/^not JSON/);
    expect(await dialog.getByRole('button', { name: /^Redrive/ }).isDisabled()).toBe(true);
    await patch.fill('{"amount": 10, "address": null, "note": "fixed"}');
    const diff = dialog.getByTestId('patch-diff');
    await expect.poll(() => diff.locator('tbody tr').count()).toBe(3);
    const rows = await diff.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['/amount 5 10', '/address "Old St" (removed)', '/note (none) "fixed"']);
    await shot(page, 'repair-redrive-dialog');

    down = false;
    await dialog.getByRole('button', { name: 'Redrive with this input' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('node-/do/2/ship').getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
    await expect.poll(() => page.locator('.run-head .status-badge').textContent()).toBe('completed');
    const redrives = page.getByTestId('run-redrives');
    await expect.poll(() => redrives.count()).toBe(1);
    expect(await redrives.locator('caption').textContent()).toBe('Redriven once');
    expect((await redrives.locator('tbody tr').innerText()).replace(/\s+/g, ' ')).toMatch(/patched$/);
    expect(await page.getByTestId('run-input').textContent()).toContain('"note": "fixed"');
    // The same run, the earlier tasks not sent again; the failed one once more.
    expect(page.url()).toContain(encodeURIComponent(runId));
    expect([count('/reserve'), count('/charge'), count('/ship')]).toEqual([1, 1, 2]);
    expect(await page.getByRole('button', { name: 'Redrive…' }).isDisabled()).toBe(true);
    await shot(page, 'repair-redriven');
  });

  it('reruns from the middle task: lands on the new run, which completes and links back', async () => {
    await page.getByTestId('node-/do/1/charge').click();
    await page.getByRole('button', { name: 'Rerun from here…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('/do/1/charge');
    await dialog.getByRole('button', { name: 'Start the new run' }).click();
    await expect.poll(() => page.url()).not.toContain(encodeURIComponent(runId));
    await expect.poll(() => page.getByTestId('node-/do/2/ship').getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
    const origin = page.getByTestId('run-origin');
    expect(await origin.textContent()).toContain(`Rerun of run ${runId} from /do/1/charge`);
    // The reservation was copied, not sent again; charge and ship were.
    expect([count('/reserve'), count('/charge'), count('/ship')]).toEqual([1, 2, 3]);
    await shot(page, 'repair-rerun');
    await origin.getByRole('link').click();
    await expect.poll(() => page.locator('#run-title').textContent()).toContain(runId);
    expectNoConsoleErrors(page);
  });
});
