/**
 * The runs pages in headless Chromium against a real server: the list (filters, links), a completed
 * run's graph with every task completed and a task's output, a faulted run's error on the right node,
 * and cancelling a waiting run from its page. Everything is set up through the HTTP API.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

let browser: Browser;
let weft: Weft;
const runs: Record<'calc' | 'fail' | 'pause', string> = { calc: '', fail: '', pause: '' };

const workflow = (name: string, tasks: string) => `document: { dsl: '1.0.0', namespace: e2e, name: ${name}, version: '1.0.0' }\ndo:\n${tasks}`;

beforeAll(async () => {
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'serve' })]);
  await weft.api('PUT', '/api/v1/functions/double', { manifest: { name: 'double', version: '1.0.0' }, source: 'export default async (i: { n: number }) => ({ n: i.n * 2 });' });
  await weft.api('PUT', '/api/v1/workflows', workflow('calc', "  - prepare:\n      set:\n        n: '${ .n + 1 }'\n  - double:\n      call: double:1.0.0@default\n      with:\n        n: '${ .n }'\n  - finish:\n      set:\n        result: '${ .n }'\n"), 'application/yaml');
  await weft.api('PUT', '/api/v1/workflows', workflow('fail', "  - check:\n      set:\n        ok: true\n  - boom:\n      raise:\n        error:\n          type: https://example.com/errors/boom\n          status: 422\n          title: Order rejected\n          detail: the total is negative\n"), 'application/yaml');
  await weft.api('PUT', '/api/v1/workflows', workflow('slow', "  - hold:\n      wait:\n        seconds: 2\n  - after:\n      set:\n        done: true\n"), 'application/yaml');
  await weft.api('PUT', '/api/v1/workflows', workflow('pause', '  - hold:\n      wait:\n        minutes: 10\n'), 'application/yaml');
  const start = async (name: string, input: unknown, wait: boolean) => {
    const res = await fetch(`${weft.url}/api/v1/workflows/e2e/${name}/runs`, { method: 'POST', headers: { authorization: `Bearer ${weft.key}`, 'content-type': 'application/json', ...(wait ? { prefer: 'wait=10' } : {}) }, body: JSON.stringify(input) });
    return ((await res.json()) as { id: string }).id;
  };
  runs.calc = await start('calc', { n: 20 }, true);
  runs.fail = await start('fail', {}, true);
  runs.pause = await start('pause', {}, false);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await weft?.stop();
});

const open = async (hash: string): Promise<Page> => {
  const page = await newPage(browser, weft);
  await page.goto(`${weft.url}/${hash}`);
  return page;
};

describe('runs list', () => {
  it('lists the runs with their status, filters by status and links to a run', async () => {
    const page = await open('#/runs');
    await expect.poll(() => page.getByTestId(`run-${runs.calc}`).getAttribute('data-run-status')).toBe('completed');
    await expect.poll(() => page.getByTestId(`run-${runs.fail}`).getAttribute('data-run-status')).toBe('faulted');
    // The list endpoint reports a run blocked on a `wait` task as running (only GET /runs/:id says waiting).
    await expect.poll(() => page.getByTestId(`run-${runs.pause}`).getAttribute('data-run-status')).toMatch(/^(running|waiting)$/);
    await shot(page, 'runs-list');
    // Keyboard: ↓ moves from one run's link to the next one's.
    const links = page.locator('a.run-link');
    await links.first().focus();
    await page.keyboard.press('ArrowDown');
    // A string expression: the tests are type-checked without the DOM library.
    expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent')).toBe(await links.nth(1).textContent());

    await page.getByRole('checkbox', { name: 'faulted' }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('tbody tr[data-run-status]').count()).toBe(1);
    await expect.poll(() => page.getByTestId(`run-${runs.fail}`).count()).toBe(1);

    // Keyboard: the row link is focusable and Enter opens the run.
    await page.getByRole('link', { name: new RegExp(`^Run ${runs.fail} `) }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/runs/${runs.fail}$`));
    expectNoConsoleErrors(page);
    await page.close();
  });
});

describe('run detail', () => {
  it('colours every task of a completed run and shows a task’s input and output', async () => {
    const page = await open(`#/runs/${runs.calc}`);
    for (const task of ['/do/0/prepare', '/do/1/double', '/do/2/finish']) await expect.poll(() => page.getByTestId(`node-${task}`).getAttribute('data-status')).toBe('completed');
    await expect.poll(() => page.getByTestId('run-output').textContent()).toContain('"result": 42');

    await page.getByTestId('node-/do/1/double').click();
    await expect.poll(() => page.getByTestId('task-output').textContent()).toContain('"n": 42');
    expect(await page.getByTestId('task-input').textContent()).toContain('"n": 21');
    expect(await page.getByTestId('task-attempts').textContent()).toBe('1');
    // The timeline has a row per task, and its rows select tasks too.
    expect(await page.locator('.timeline-row').count()).toBe(3);
    await page.getByTestId('timeline-/do/0/prepare').press('Enter');
    await expect.poll(() => page.getByTestId('task-output').textContent()).toContain('"n": 21');
    await shot(page, 'run-completed');
    expectNoConsoleErrors(page);
    await page.close();
  });

  it('shows a faulted run’s error on the task that raised it', async () => {
    const page = await open(`#/runs/${runs.fail}`);
    await expect.poll(() => page.getByTestId('node-/do/1/boom').getAttribute('data-status')).toBe('faulted');
    expect(await page.getByTestId('node-/do/0/check').getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('node-/do/1/boom').textContent()).toContain('Order rejected');
    await page.getByTestId('node-/do/1/boom').click();
    await expect.poll(() => page.getByTestId('task-error').textContent()).toContain('Order rejected (422): the total is negative');
    await shot(page, 'run-faulted');
    expectNoConsoleErrors(page);
    await page.close();
  });

  it('follows a run live: tasks change status without reloading the page', async () => {
    // Suspended right after its start, so that the page surely sees it before it ends, however slow the machine.
    const started = await weft.api<{ id: string }>('POST', '/api/v1/workflows/e2e/slow/runs', {});
    await weft.api('POST', `/api/v1/runs/${started.id}/suspend`);
    const page = await open(`#/runs/${started.id}`);
    await expect.poll(() => page.locator('.run-head .status-badge').textContent()).toBe('suspended');
    expect(await page.getByTestId('node-/do/1/after').getAttribute('data-status')).toBe('none');
    await weft.api('POST', `/api/v1/runs/${started.id}/resume`);
    await expect.poll(() => page.getByTestId('node-/do/1/after').getAttribute('data-status'), { timeout: 8_000 }).toBe('completed');
    await expect.poll(() => page.locator('.run-head .status-badge').textContent()).toBe('completed');
    expect(await page.getByTestId('node-/do/0/hold').getAttribute('data-status')).toBe('completed');
    expectNoConsoleErrors(page);
    await page.close();
  });

  it('suspends, resumes and cancels a waiting run from its page', async () => {
    const page = await open(`#/runs/${runs.pause}`);
    await expect.poll(() => page.getByTestId('node-/do/0/hold').getAttribute('data-status')).toBe('waiting');
    await shot(page, 'run-waiting');
    await page.getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(() => page.locator('.run-head .status-badge').textContent()).toBe('suspended');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.locator('.run-head .status-badge').textContent()).toBe('waiting');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => page.locator('.run-head .status-badge').textContent()).toBe('cancelled');
    await expect.poll(() => page.getByTestId('node-/do/0/hold').getAttribute('data-status')).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'run-cancelled');
    expectNoConsoleErrors(page);
    await page.close();
  });
});
