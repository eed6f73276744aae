/**
 * Shared helpers of the studio's browser tests (DESIGN.md §8: every page runs in real headless Chromium).
 *
 *   const browser = await launchBrowser();            // Debian's /usr/bin/chromium through playwright-core
 *   const weft = await startWeft({ mode: 'dev' });     // a real server (in process) over a temp SQLite file
 *   const page = await newPage(browser, weft);         // 1280×800, console errors recorded, API key set
 *   await page.goto(`${weft.url}/#/runs`);
 *   await shot(page, 'runs-list');                     // test/e2e/screenshots/runs-list.png
 *   expectNoConsoleErrors(page);
 *   await browser.close(); await weft.stop();
 *
 * The server runs in the test's process (like test/gateway): faster than spawning the bin, and its
 * failures surface as test failures. The studio must have been built (`npm run build`) for `/` to serve it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { startServer } from '../../src/cli/server-command.js';

/** The WEFT_ADMIN_KEY of serve-mode servers (what the studio's settings page would be given). */
export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdefghijklmnop';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Headless Chromium with a fresh profile (playwright creates a temporary user-data dir per launch and
 * removes it on close). The flags keep it quiet and deterministic in CI: no GPU, no QUIC, no first-run UI,
 * no background traffic to Google (updates, sync), no sandbox (containers run as root).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Weft {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The admin key in serve mode (send it as a Bearer token); undefined in dev mode. */
  key?: string;
  /** Calls the API as the admin: JSON in (strings sent as is, with `contentType`), parsed JSON out. Throws on non-2xx. */
  api<T = any>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
  stop(): Promise<void>;
}

export interface WeftOptions {
  mode: 'dev' | 'serve';
  /** weft dev: a project folder to load (workflows and functions). */
  dir?: string;
  /** Extra environment; serve mode gets WEFT_ADMIN_KEY = ADMIN_KEY unless this sets it. */
  env?: Record<string, string>;
}

/** A real Weft server on a free 127.0.0.1 port over a temporary SQLite database. */
export async function startWeft(o: WeftOptions): Promise<Weft> {
  const tmp = mkdtempSync(join(tmpdir(), 'weft-e2e-'));
  const env: Record<string, string> = { WEFT_LOG_LEVEL: 'silent', ...(o.mode === 'serve' ? { WEFT_ADMIN_KEY: ADMIN_KEY } : {}), ...o.env };
  const quiet = { out: () => {}, err: () => {} };
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ mode: o.mode, host: '127.0.0.1', port: 0, db: join(tmp, 'weft.db'), ...(o.dir ? { dir: o.dir } : {}), env, watch: false }, quiet);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const key = o.mode === 'serve' ? env.WEFT_ADMIN_KEY : undefined;
  return {
    url: server.url,
    ...(key ? { key } : {}),
    async api(method, path, body, contentType) {
      const headers: Record<string, string> = {};
      if (key) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' && contentType ? body : JSON.stringify(body) } : {}) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async stop() {
      await server.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

const errorsOf = new WeakMap<Page, string[]>();

/**
 * A page at 1280×800 (the size the studio must be usable at) that records console errors and uncaught
 * page errors for `expectNoConsoleErrors`. Given a serve-mode server, the studio's API key is preset in
 * session storage, as the settings page would store it.
 */
export async function newPage(browser: Browser, weft?: Pick<Weft, 'key'>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (weft?.key) await context.addInitScript({ content: `sessionStorage.setItem('weft.apiKey', ${JSON.stringify(weft.key)});` });
  const page = await context.newPage();
  const errors: string[] = [];
  errorsOf.set(page, errors);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.stack ?? e.message}`));
  page.on('close', () => void context.close().catch(() => {}));
  return page;
}

/** The console and page errors recorded so far. */
export function consoleErrors(page: Page): string[] {
  return [...(errorsOf.get(page) ?? [])];
}

/**
 * Fails on any recorded console or page error. `allow` lists errors a test provokes on purpose: Chromium
 * logs every non-2xx fetch as "Failed to load resource: … status of 409", e.g. when a test checks that a
 * conflict is shown as a message. The browser's own /favicon.ico request is never the studio's error.
 */
export function expectNoConsoleErrors(page: Page, allow: RegExp[] = []): void {
  const ignored = [/\/favicon\.ico\)$/, ...allow];
  expect(consoleErrors(page).filter((e) => !ignored.some((a) => a.test(e)))).toEqual([]);
}

/** Saves a full-page PNG to test/e2e/screenshots/<name>.png (git-ignored; for people reviewing changes). */
export async function shot(page: Page, name: string): Promise<string> {
  const dir = join(here, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
