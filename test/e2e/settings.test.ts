/**
 * Settings against `weft serve` (keys required) in real headless Chromium: the login form refuses a
 * wrong key with the server's 401 problem, accepts the admin key (kept in session storage), and the
 * admin manages keys — create (secret shown once), rotate, revoke.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserGlobals } from './designer-support.js';
import { ADMIN_KEY, type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

let browser: Browser;
let weft: Weft;
beforeAll(async () => {
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'serve' })]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await weft?.stop();
});

describe('settings', () => {
  it('logs in with an API key against weft serve and manages keys as an admin', async () => {
    const page = await newPage(browser);
    await page.goto(`${weft.url}/#/settings`);
    const keyField = page.getByLabel('API key', { exact: true });
    await keyField.fill('wk_nope_not-a-real-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Unauthorized/);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('weft.apiKey'))).toBeNull();

    await keyField.fill(ADMIN_KEY);
    await keyField.press('Enter');
    await expect.poll(() => page.getByTestId('auth-state').textContent()).toContain('Logged in with key');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('weft.apiKey'))).toBe(ADMIN_KEY);

    // Key management (admins only): create, rotate, revoke.
    await page.getByLabel('Key name').fill('ci-bot');
    await page.getByLabel('Role').selectOption('invoker');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.getByTestId('new-secret').textContent()).toMatch(/^wk_/);
    const secret = (await page.getByTestId('new-secret').textContent()) as string;
    const row = page.getByRole('row', { name: /ci-bot/ });
    await expect.poll(() => row.textContent()).toContain('invoker@*');
    await page.getByRole('button', { name: 'Rotate key ci-bot' }).click();
    await expect.poll(() => page.getByTestId('new-secret').textContent()).not.toBe(secret);
    await page.getByRole('button', { name: 'Revoke key ci-bot' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    const keys = await weft.api('GET', '/api/v1/keys');
    expect(keys.items.find((k: { name: string }) => k.name === 'ci-bot').revokedAt).toEqual(expect.any(String));
    await shot(page, 'settings');

    // The key is used by every page of the tab.
    await page.getByRole('link', { name: 'Workflows' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Workflows' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Log in' }).count()).toBe(1);
    expectNoConsoleErrors(page, [/status of 401/]);
  });
});
