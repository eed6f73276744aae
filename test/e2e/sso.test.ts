/**
 * Single sign-on in headless Chromium against `weft serve` and a real OpenID Connect provider
 * (oidc-provider, test/support/oidc-idp.ts): "Log in with SSO" on the studio's login screen, the
 * provider's own login form, back in the studio with the person's name and roles in the navigation, only
 * the namespaces their groups grant, a run started from the studio (an unsafe request: the session
 * cookie plus the CSRF header the studio sends), and Log out — here, then at the provider's end-session
 * page, back to the studio's login screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, type Idp, ROLE_MAPPING, startIdp } from '../support/oidc-idp.js';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

let browser: Browser;
let weft: Weft;
let idp: Idp;

beforeAll(async () => {
  idp = await startIdp();
  [browser, weft] = await Promise.all([
    launchBrowser(),
    startWeft({
      mode: 'serve',
      env: { WEFT_OIDC_ISSUER: idp.issuer, WEFT_OIDC_CLIENT_ID: CLIENT_ID, WEFT_OIDC_CLIENT_SECRET: CLIENT_SECRET, WEFT_OIDC_ROLES: ROLE_MAPPING },
    }),
  ]);
  await idp.allow(weft.url);
  for (const ns of ['shop', 'hr']) {
    await weft.api('PUT', '/api/v1/workflows', `document: { dsl: '1.0.0', namespace: ${ns}, name: orders, version: '1.0.0' }\ndo:\n  - a: { set: { ok: true } }\n`, 'application/yaml');
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await weft?.stop();
  await idp?.close();
});

/**
 * Refusals on purpose: /api/v1/me is 401 before login and after logout; the provider's pages' web font is
 * refused by localPage; bob (developer in shop only) may not list functions, which are global (`default`),
 * so the designer's function list is a 403 for him.
 */
const ALLOWED = [/status of 401/, /fonts\.googleapis\.com/, /status of 403 .*\/api\/v1\/functions\)$/];

/** A page that reaches only 127.0.0.1: the provider's pages import a web font, which must not stall their load. */
async function localPage(): Promise<Page> {
  const page = await newPage(browser);
  await page.route((u) => u.hostname !== '127.0.0.1', (r) => r.abort());
  return page;
}

async function logIn(page: Page, user: string): Promise<void> {
  await page.goto(`${weft.url}/#/settings`);
  await page.getByRole('link', { name: 'Log in with SSO' }).click();
  // The provider's own page (devInteractions): any password for a known login.
  await page.waitForURL((u) => u.href.startsWith(idp.issuer));
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${weft.url}/`));
}

describe('single sign-on', () => {
  it('logs in through the provider, shows who and what they may do, and logs out', async () => {
    const page = await localPage();
    await logIn(page, 'bob');

    const identity = page.getByTestId('identity');
    await expect.poll(() => identity.textContent()).toContain('Bob Builder');
    expect(await identity.textContent()).toContain('bob@example.test');
    expect(await page.getByTestId('identity-roles').textContent()).toBe('developer@shop');
    // The session cookie is HttpOnly: the page's script cannot read it (only the CSRF token).
    const visible = await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie);
    expect(visible).toMatch(/weft_csrf=/);
    expect(visible).not.toMatch(/weft_session/);

    // Only the namespaces the groups grant.
    await page.goto(`${weft.url}/#/workflows`);
    await expect.poll(() => page.getByRole('link', { name: 'shop/orders' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'hr/orders' }).count()).toBe(0);
    await shot(page, 'sso-logged-in');

    // An unsafe request from the studio: the cookie plus X-CSRF-Token.
    const starts: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/runs')) starts.push(r.headers()['x-csrf-token']);
    });
    await page.goto(`${weft.url}/#/workflows/shop/orders`);
    await page.getByRole('button', { name: 'Run…' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatch(/^[\w-]{43}$/);

    // Log out: the session ends here, then at the provider (its confirmation page), back to the studio.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${weft.url}/`));
    await expect.poll(() => page.getByTestId('identity').textContent()).toContain('Not logged in');
    await page.goto(`${weft.url}/#/settings`);
    await expect.poll(() => page.getByRole('link', { name: 'Log in with SSO' }).count()).toBe(1);
    // The provider ended its session too: logging in again asks for the login form.
    await page.getByRole('link', { name: 'Log in with SSO' }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await expect.poll(() => page.locator('input[name="login"]').count()).toBe(1);
    // Refusals the flow provokes on purpose: /api/v1/me is 401 before login and after logout.
    expectNoConsoleErrors(page, ALLOWED);
  });

  it('an admin group sees every namespace', async () => {
    const page = await localPage();
    await logIn(page, 'alice');
    await expect.poll(() => page.getByTestId('identity-roles').textContent()).toBe('admin@*');
    await page.goto(`${weft.url}/#/workflows`);
    await expect.poll(() => page.getByRole('link', { name: 'hr/orders' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'shop/orders' }).count()).toBe(1);
    expectNoConsoleErrors(page, ALLOWED);
  });
});
