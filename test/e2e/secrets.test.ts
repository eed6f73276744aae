/**
 * The secrets pages in headless Chromium against a real `weft serve` with a master key: create a secret
 * (its value sent once, in the PUT's body, and nowhere in the page, its inputs, storage or URL after),
 * refuse a name the namespace already holds, set a new version as a JSON object with an overlap (the
 * previous version shown), grant and revoke namespaces and functions, rotate with a deployed function,
 * rotate it on a schedule and stop the schedule, see which workflows and functions used which version
 * (never the value), delete with a confirmation. A server without a master
 * key gets the "vault not configured" notice up front, and again for a save it refuses.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

const MASTER_KEY = Buffer.alloc(32, 9).toString('base64');
const VALUE = 'sk_live_e2e_Zq8rW3tY6uI9oP2aS5dF';
const PASSWORD = 'pw-e2e-Xy7Kp2Lm9Nq4Rt6';
const path = '/api/v1/namespaces/shop/secrets/STRIPE_KEY';

let browser: Browser;
let weft: Weft;
let page: Page;
const requests: { method: string; url: string; body: string | null }[] = [];

beforeAll(async () => {
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'serve', env: { WEFT_MASTER_KEY: MASTER_KEY, WEFT_SECRET_USAGE_FLUSH_MS: '100' } })]);
  page = await newPage(browser, weft);
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await weft?.stop();
});

/** What page.evaluate reads of the browser (the test program has no DOM library). */
interface Globals {
  document: { body: { innerHTML: string; innerText: string }; querySelectorAll(s: string): Iterable<{ value: string }> };
  location: { href: string };
  sessionStorage: Storage;
  localStorage: Storage;
}
interface Storage {
  length: number;
  key(i: number): string | null;
  getItem(k: string): string | null;
}

/** Everything of the page a value could linger in: its HTML and text, every field's value, both storages, the URL. */
async function pageTexts(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const g = globalThis as unknown as Globals;
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`).join('\n');
    return [g.document.body.innerHTML, g.document.body.innerText, ...Array.from(g.document.querySelectorAll('input, textarea, select'), (e) => e.value), dump(g.sessionStorage), dump(g.localStorage), g.location.href];
  });
}

async function expectNowhereInPage(p: Page, ...secrets: string[]): Promise<void> {
  const texts = await pageTexts(p);
  expect(texts.length).toBeGreaterThan(5);
  for (const t of texts) for (const s of secrets) expect(t).not.toContain(s);
}

describe('secrets', () => {
  it('creates a secret; the value goes once in the PUT body and is in no part of the page afterwards', async () => {
    await page.goto(`${weft.url}/#/secrets`);
    await expect.poll(() => page.getByText('No secrets yet').count()).toBe(1);
    expect(await page.getByTestId('write-only-note').textContent()).toContain('Values are write-only.');
    await expect.poll(() => page.getByTestId('vault-keys').textContent()).toMatch(/^master key mk_[0-9a-f]{16}$/);
    expect(await page.getByTestId('vault-off').count()).toBe(0);
    await page.getByRole('button', { name: 'New secret' }).click();
    const form = page.getByRole('form', { name: 'New secret' });
    await form.getByLabel('Namespace').fill('shop');
    await form.getByLabel('Name', { exact: true }).fill('STRIPE_KEY');
    const value = form.getByLabel('Value', { exact: true });
    expect(await value.getAttribute('type')).toBe('password');
    await value.fill(VALUE);
    // "Show while typing" shows it as text, and hides it again.
    await form.getByLabel('Show while typing').check();
    expect(await value.getAttribute('type')).toBe('text');
    await form.getByLabel('Show while typing').uncheck();
    expect(await value.getAttribute('type')).toBe('password');
    await form.getByLabel('Description (optional)').fill('payments');
    // Typed but not saved: the text is in the field only, never in the HTML (no value attribute).
    expect(await page.evaluate(() => (globalThis as unknown as Globals).document.body.innerHTML)).not.toContain(VALUE);
    await shot(page, 'secret-new');
    await form.getByRole('button', { name: 'Create secret' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Created shop/STRIPE_KEY, version 1. The value is stored encrypted and was cleared from this page.');

    const stored = await weft.api('GET', path);
    expect(stored).toMatchObject({ namespace: 'shop', name: 'STRIPE_KEY', version: 1, description: 'payments', grants: { namespaces: [], functions: [] } });
    expect(JSON.stringify(stored)).not.toContain(VALUE);
    expect(await value.inputValue()).toBe('');
    expect(await value.getAttribute('type')).toBe('password');
    await expectNowhereInPage(page, VALUE);
    // The value left the browser once: in the body of the PUT, never in a URL.
    expect(requests.filter((r) => r.body?.includes(VALUE) || r.url.includes(VALUE)).map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`PUT ${path}`]);

    await expect.poll(() => page.getByTestId('secret-shop/STRIPE_KEY').textContent()).toContain('payments');
    expect(await page.getByTestId('namespace-shop').locator('th').first().textContent()).toContain('namespace shop');
    expect(await page.getByTestId('secret-shop/STRIPE_KEY').locator('td').nth(1).textContent()).toBe('1');

    // A name the namespace holds is not overwritten from "New secret": its page sets new versions.
    await form.getByLabel('Name', { exact: true }).fill('STRIPE_KEY');
    await value.fill('another-value-not-sent');
    await form.getByRole('button', { name: 'Create secret' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('shop/STRIPE_KEY already exists');
    expect((await weft.api('GET', path)).version).toBe(1);
    expect(requests.some((r) => r.body?.includes('another-value-not-sent'))).toBe(false);
    await form.getByRole('button', { name: 'Close' }).click();
    await shot(page, 'secrets-list');
    expectNoConsoleErrors(page);
  });

  it('sets a new version as a JSON object with an overlap; the previous version is shown', async () => {
    await page.getByRole('link', { name: 'STRIPE_KEY', exact: true }).click();
    await page.waitForURL(/#\/secrets\/shop\/STRIPE_KEY$/);
    await expect.poll(() => page.getByTestId('secret-version').textContent()).toBe('1');
    expect(await page.getByTestId('secret-previous').textContent()).toBe('none readable');
    expect(await page.getByTestId('secret-version-1').textContent()).toMatch(/mk_[0-9a-f]{16}/);

    const form = page.getByRole('form', { name: 'Set new version' });
    await form.getByRole('radio', { name: 'JSON object' }).check();
    const value = form.getByLabel('New value', { exact: true });
    expect(await value.evaluate((e) => e.tagName)).toBe('TEXTAREA');
    expect(await value.getAttribute('class')).toContain('masked');
    // A syntax error says where, never what.
    await value.fill(`{"username": "app", "password": "${PASSWORD}",`);
    await expect.poll(() => form.locator('.error').textContent()).toMatch(/^not valid JSON at line 1, column \d+$/);
    expect(await form.getByRole('button', { name: 'Save new version' }).isDisabled()).toBe(true);
    await value.fill(`{"username": "app", "password": "${PASSWORD}"}`);
    await form.getByLabel('Overlap').fill('15m');
    await form.getByRole('button', { name: 'Save new version' }).click();
    await expect.poll(() => page.locator('.secret-panel [role=status]').textContent()).toMatch(/^Stored version 2\. Version 1 stays readable until /);

    expect(await page.getByTestId('secret-version').textContent()).toBe('2');
    expect(await page.getByTestId('secret-previous').textContent()).toMatch(/^version 1, readable until /);
    await expect.poll(() => page.getByTestId('secret-version-2').textContent()).toContain('(current)');
    expect(await page.getByTestId('secret-version-1').textContent()).toContain('(previous)');
    const stored = await weft.api('GET', path);
    expect(stored).toMatchObject({ version: 2, previous: { version: 1 }, description: 'payments', rotatedAt: expect.any(String) });
    const overlapMs = Date.parse(stored.previous.until) - Date.parse(stored.updatedAt);
    expect(overlapMs).toBe(15 * 60_000);
    expect(await value.inputValue()).toBe('');
    await expectNowhereInPage(page, VALUE, PASSWORD);
    expect(requests.filter((r) => r.body?.includes(PASSWORD) || r.url.includes(PASSWORD)).map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`PUT ${path}`]);
    expectNoConsoleErrors(page);
  });

  it('grants a namespace and functions, lists them, and revokes one', async () => {
    const namespaces = page.getByRole('form', { name: 'Grant namespaces' });
    await namespaces.getByLabel('Add namespaces').fill('Bad_NS');
    await namespaces.getByRole('button', { name: 'Grant' }).click();
    expect(await namespaces.locator('.error').textContent()).toBe("'Bad_NS' is not a namespace (letters, digits and '-') or *");
    await namespaces.getByLabel('Add namespaces').fill('billing');
    await namespaces.getByRole('button', { name: 'Grant' }).click();
    await expect.poll(() => page.getByTestId('grants-namespaces').textContent()).toContain('billing');

    const functions = page.getByRole('form', { name: 'Grant functions' });
    await functions.getByLabel('Add functions').fill('charge, *');
    await functions.getByRole('button', { name: 'Grant' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Granted functions' }).locator('li').allTextContents()).toEqual(['* (every function) Revoke', 'charge Revoke']);
    expect(await functions.getByLabel('Add functions').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Revoke function *' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Granted functions' }).locator('li').allTextContents()).toEqual(['charge Revoke']);
    expect((await weft.api('GET', path)).grants).toEqual({ namespaces: ['billing'], functions: ['charge'] });

    await page.getByRole('link', { name: 'All secrets' }).click();
    await expect.poll(() => page.getByTestId('secret-shop/STRIPE_KEY').textContent()).toContain('namespaces: billing; functions: charge');
    expectNoConsoleErrors(page);
  });

  it('rotates with a deployed function: version 3, the new value never in the page', async () => {
    await weft.api('PUT', '/api/v1/functions/mint', { manifest: { version: '1.0.0' }, source: 'export default async (i: { version: number }) => ({ value: "minted-" + (i.version + 1) });' });
    await page.goto(`${weft.url}/#/secrets/shop/STRIPE_KEY`);
    const form = page.getByRole('form', { name: 'Rotate with function' });
    await expect.poll(() => form.getByLabel('Function').locator('option').allTextContents()).toEqual(['choose a function', 'mint']);
    await form.getByLabel('Function').selectOption('mint');
    expect(await form.getByLabel('Version or alias').locator('option').allTextContents()).toEqual(['default (live alias, else newest)', 'version 1.0.0']);
    await form.getByRole('button', { name: 'Rotate' }).click();
    await expect.poll(() => page.locator('.secret-panel [role=status]').allTextContents()).toContain('Rotated to version 3 by mint.');
    expect(await page.getByTestId('secret-version').textContent()).toBe('3');
    expect(await page.getByTestId('secret-previous').textContent()).toMatch(/^version 2, readable until /);
    await expect.poll(() => page.getByTestId('secret-version-3').textContent()).toContain('via mint');
    expect(await weft.api('GET', path)).toMatchObject({ version: 3, previous: { version: 2 } });
    await expectNowhereInPage(page, VALUE, PASSWORD, 'minted-3');
    await shot(page, 'secret-detail');
    expectNoConsoleErrors(page);
  });

  it('rotates on a schedule: saved, shown on the page and in the list, then stopped', async () => {
    const vault = await weft.api('GET', '/api/v1/vault');
    expect(vault).toEqual({ enabled: true, masterKeyId: expect.stringMatching(/^mk_[0-9a-f]{16}$/) });
    await page.goto(`${weft.url}/#/secrets/shop/STRIPE_KEY`);
    await expect.poll(() => page.getByTestId('secret-rotation').textContent()).toBe('none');
    expect(await page.getByTestId('vault-keys').textContent()).toBe(`master key ${vault.masterKeyId}`);
    const form = page.getByRole('form', { name: 'Rotate on a schedule' });
    expect(await form.getByRole('button', { name: 'Stop schedule' }).count()).toBe(0);
    await expect.poll(() => form.getByLabel('Function').locator('option').allTextContents()).toEqual(['choose a function', 'mint']);
    await form.getByLabel('Function').selectOption('mint');
    await form.getByLabel('Version or alias').selectOption('1.0.0');
    // At least a minute, as the vault wants.
    await form.getByLabel('Every').fill('30s');
    expect(await form.locator('.error').textContent()).toBe('at least 1 minute (1m)');
    expect(await form.getByRole('button', { name: 'Save schedule' }).isDisabled()).toBe(true);
    await form.getByLabel('Every').fill('30d');
    const before = Date.now();
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(() => page.locator('.secret-panel [role=status]').allTextContents()).toContain('Schedule saved.');

    const stored = await weft.api('GET', path);
    expect(stored).toMatchObject({ version: 3, rotation: { everySeconds: 30 * 86_400, function: 'mint:1.0.0' } });
    expect(Date.parse(stored.rotation.nextAt) - before).toBeGreaterThan(30 * 86_400_000 - 60_000);
    expect(await page.getByTestId('secret-rotation').textContent()).toMatch(/^every 30 days by mint:1\.0\.0, next at /);
    expect(await page.getByTestId('schedule-current').textContent()).toMatch(/^Rotates every 30 days by mint:1\.0\.0; next at /);
    await shot(page, 'secret-schedule');

    // The list marks it; the detail page, opened again, starts from the schedule.
    await page.getByRole('link', { name: 'All secrets' }).click();
    const mark = page.getByTestId('secret-shop/STRIPE_KEY').getByTestId('rotation-mark');
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.getAttribute('title')).toMatch(/^rotates every 30 days by mint:1\.0\.0, next at /);
    expect(await mark.textContent()).toBe('↻ 30d, rotates every 30 days by mint:1.0.0');
    expect(await page.getByTestId('vault-keys').textContent()).toBe(`master key ${vault.masterKeyId}`);
    await shot(page, 'secrets-list-schedule');
    await page.getByRole('link', { name: 'STRIPE_KEY', exact: true }).click();
    await expect.poll(() => form.getByLabel('Every').inputValue()).toBe('30d');
    // The function list loads on its own; the select shows 'mint' once its option is there.
    await expect.poll(() => form.getByLabel('Function').inputValue()).toBe('mint');
    await expect.poll(() => form.getByLabel('Version or alias').inputValue()).toBe('1.0.0');

    await form.getByRole('button', { name: 'Stop schedule' }).click();
    await expect.poll(() => page.getByTestId('secret-rotation').textContent()).toBe('none');
    expect(await page.locator('.secret-panel [role=status]').allTextContents()).toContain('Schedule stopped: the secret rotates only when asked.');
    expect(await form.getByRole('button', { name: 'Stop schedule' }).count()).toBe(0);
    expect(await weft.api('GET', path)).not.toHaveProperty('rotation');
    expect((await weft.api('GET', path)).version).toBe(3);
    expect(requests.filter((r) => new URL(r.url).pathname === `${path}/rotation`).map((r) => [r.method, r.body && JSON.parse(r.body)])).toEqual([
      ['PUT', { everySeconds: 30 * 86_400, function: 'mint:1.0.0' }],
      ['DELETE', null],
    ]);
    expectNoConsoleErrors(page);
  });

  it('shows who used which version: a workflow and a function that read it, with their counts, never the value', async () => {
    await weft.api('POST', `${path}/grants`, { functions: ['reader'] });
    await weft.api('PUT', '/api/v1/functions/reader', { manifest: { version: '2.0.0', secrets: ['shop/STRIPE_KEY'] }, source: 'export default async (_i: unknown, ctx: any) => ({ n: ctx.secrets.get("shop/STRIPE_KEY").length });' });
    const flow = "document: { dsl: '1.0.0', namespace: shop, name: charge, version: '1.4.0' }\nuse:\n  secrets: [STRIPE_KEY]\ndo:\n  - read: { set: { ok: '${ $secrets.STRIPE_KEY != null }' } }\n";
    await weft.api('PUT', '/api/v1/workflows', flow, 'application/yaml');
    const run = await weft.api('POST', '/api/v1/workflows/shop/charge/runs', {});
    await expect.poll(async () => (await weft.api('GET', `/api/v1/runs/${run.id}`)).status).toBe('completed');
    for (let i = 0; i < 2; i++) expect(await weft.api('POST', '/api/v1/functions/reader/invoke', {})).toEqual({ n: 'minted-3'.length });

    // Already on this page since the last test (same address): through the list, so that it loads afresh.
    await page.goto(`${weft.url}/#/secrets`);
    await page.getByRole('link', { name: 'STRIPE_KEY', exact: true }).click();
    const panel = page.getByTestId('secret-usage');
    await expect.poll(() => page.getByRole('list', { name: 'Granted functions' }).locator('li').allTextContents()).toEqual(['charge Revoke', 'reader Revoke']);
    // Reads are written every WEFT_SECRET_USAGE_FLUSH_MS; "Refresh" reads them again.
    await expect.poll(async () => {
      await panel.getByRole('button', { name: 'Refresh' }).click();
      return panel.getByTestId('secret-usage-3').count();
    }, { timeout: 10_000 }).toBe(2);
    const rows = await panel.getByTestId('secret-usage-3').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^3 \(current\) function reader:2\.0\.0 .+ 2$/),
      expect.stringMatching(/^workflow shop\/charge:1\.4\.0 .+ 1$/),
    ]);
    expect(await panel.getByLabel('function reader:2.0.0: 2 reads').count()).toBe(1);
    await shot(page, 'secret-usage');
    await expectNowhereInPage(page, VALUE, PASSWORD, 'minted-3');
    expectNoConsoleErrors(page);
  });

  it('deletes after a confirmation, and the secret is gone', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete shop/STRIPE_KEY?' });
    expect(await dialog.textContent()).toContain('all its 3 versions');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await weft.api('GET', path)).version).toBe(3);

    await page.getByRole('button', { name: 'Delete…' }).click();
    await shot(page, 'secret-delete');
    await dialog.getByRole('button', { name: 'Delete secret' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Deleted shop/STRIPE_KEY and all its versions.');
    await expect(weft.api('GET', path)).rejects.toThrow(/404/);
    await page.getByRole('link', { name: 'Back to the secrets' }).click();
    await expect.poll(() => page.getByText('No secrets yet').count()).toBe(1);
    expect(await page.getByTestId('secret-shop/STRIPE_KEY').count()).toBe(0);
    expectNoConsoleErrors(page);
  });
});

describe('a server without a master key', () => {
  it('says up front that the vault is off and how to configure it, and shows the 503 of a refused save the same way', async () => {
    const bare = await startWeft({ mode: 'serve' });
    try {
      const p = await newPage(browser, bare);
      await p.goto(`${bare.url}/#/secrets`);
      await expect.poll(() => p.getByText('No secrets yet').count()).toBe(1);
      // Said up front, from GET /api/v1/vault, before anything is typed or sent.
      expect(await bare.api('GET', '/api/v1/vault')).toEqual({ enabled: false });
      await expect.poll(() => p.getByTestId('vault-off').textContent()).toContain('The secret vault is not configured on this server.');
      expect(await p.getByTestId('vault-off').textContent()).not.toContain('WEFT_ERR_VAULT_NO_MASTER_KEY');
      expect(await p.getByTestId('vault-keys').count()).toBe(0);
      await shot(p, 'secrets-vault-off-list');
      // "New secret" says it too (the one notice moves into the form).
      await p.getByRole('button', { name: 'New secret' }).click();
      const form = p.getByRole('form', { name: 'New secret' });
      expect(await form.getByTestId('vault-off').textContent()).toContain('The secret vault is not configured on this server.');
      expect(await p.getByTestId('vault-off').count()).toBe(1);
      await form.getByLabel('Name', { exact: true }).fill('TOKEN');
      await form.getByLabel('Value', { exact: true }).fill(VALUE);
      await form.getByRole('button', { name: 'Create secret' }).click();
      // The up-front notice is already there: wait for the one the refused save puts in its place (it names the code).
      await expect.poll(() => p.getByTestId('vault-off').textContent()).toContain('(WEFT_ERR_VAULT_NO_MASTER_KEY)');
      const notice = (await p.getByTestId('vault-off').textContent()) ?? '';
      expect(notice).toContain('WEFT_MASTER_KEY');
      expect(notice).toContain('(WEFT_ERR_VAULT_NO_MASTER_KEY)');
      expect(notice).not.toContain(VALUE);
      await shot(p, 'secrets-vault-off');
      expectNoConsoleErrors(p, [/status of 503/]);
      await p.close();
    } finally {
      await bare.stop();
    }
  });
});
