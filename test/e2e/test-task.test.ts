/**
 * "Test this task" on the designer, in real headless Chromium against a real `weft dev`: a registered
 * workflow's HTTP task is tested with a mocked response; the mocks start as a skeleton of the pending
 * call, the answer shows the output after `output.as`, the request and the mocked effect; no run is made.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

let browser: Browser;
let weft: Weft;
const doc = `document: { dsl: '1.0.0', namespace: shop, name: order, version: '1.0.0' }
do:
  - prepare: { set: { amount: '\${ .amount }' } }
  - charge:
      call: http
      with: { method: post, endpoint: 'https://pay.example/charges', body: { amount: '\${ .amount }' } }
      output: { as: '\${ {charged: .id, amount: $input.amount} }' }
`;

beforeAll(async () => {
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'dev' })]);
  await weft.api('PUT', '/api/v1/workflows', doc, 'application/yaml');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await weft?.stop();
});

describe('test one task in the designer', () => {
  it('tests an HTTP task with a mocked response and shows its output; nothing is stored as a run', async () => {
    const page = await newPage(browser);
    await page.goto(`${weft.url}/#/workflows/shop/order`);
    await page.getByTestId('node-/do/1/charge').click();
    await page.getByRole('button', { name: 'Test this task…' }).click();
    const dialog = page.getByRole('dialog');
    // The first test, without mocks, stops at the call: the mocks start as its skeleton.
    await expect.poll(() => dialog.getByTestId('test-task-answer').getAttribute('data-outcome')).toBe('pending');
    await expect.poll(() => dialog.getByLabel(/^Mocks/).inputValue()).toContain('/do/1/charge');
    await dialog.getByLabel('Input (JSON)').fill('{"amount": 42}');
    await dialog.getByLabel(/^Mocks/).fill('{"/do/1/charge": {"status": 201, "body": {"id": "ch_42"}}}');
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('test-task-answer').getAttribute('data-outcome')).toBe('completed');
    const output = JSON.parse((await dialog.getByTestId('test-task-output').textContent()) ?? 'null');
    expect(output).toEqual({ charged: 'ch_42', amount: 42 });
    const effects = (await dialog.getByTestId('test-task-effects').textContent()) ?? '';
    expect(effects).toContain('https://pay.example/charges');
    expect(effects).toContain('mocked');
    await shot(page, 'designer-test-task');
    expect((await weft.api('GET', '/api/v1/runs?workflow=shop/order')).items).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expectNoConsoleErrors(page);
  });
});
