/**
 * The functions pages in headless Chromium against a real server: create a function in the editor,
 * deploy it, test-run it (output, duration, cold then warm), deploy a second version, split an alias
 * between the two by weight, and see a conflicting deploy refused with the server's message; open a
 * function deployed through the API (several modules) and see, undo, edit and redeploy its source;
 * test-run edited code as a draft (labelled, nothing deployed), also before a function's first deploy.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

let browser: Browser;
let weft: Weft;
let page: Page;

beforeAll(async () => {
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'serve' })]);
  page = await newPage(browser, weft);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await weft?.stop();
});

/** Replaces the editor's whole text, as a user selecting all and typing would. */
async function setCode(code: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
  await expect.poll(() => page.locator('.cm-content').innerText()).toContain(code.split('\n')[0]);
}

const source = (greeting: string) => `export default async function (input: { name: string }, ctx: { log: { info(m: string): void } }) {\n  ctx.log.info('greeting ' + input.name);\n  return { message: '${greeting}, ' + input.name };\n}`;

describe('functions', () => {
  it('creates a function from the list, edits, deploys and test-runs it (output, duration, cold then warm)', async () => {
    await page.goto(`${weft.url}/#/functions`);
    await expect.poll(() => page.getByText('No functions yet').count()).toBe(1);
    await page.getByLabel('Name').fill('greeter');
    await page.getByRole('button', { name: 'New function' }).click();
    await page.waitForURL(/#\/functions\/greeter$/);
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('a Weft function');
    await shot(page, 'function-new');

    await setCode(source('Hello'));
    await page.getByLabel('Timeout (ms)').fill('3000');
    await page.getByLabel('Input schema (JSON Schema, optional)').fill('{"type": "object", "required": ["name"]}');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Deployed version 1.0.0.');
    await expect.poll(() => page.getByRole('textbox', { name: 'Version' }).inputValue()).toBe('1.0.1');

    await page.getByLabel('Input (JSON)').fill('{"name": "Ada"}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('test-output').textContent()).toContain('"message": "Hello, Ada"');
    expect(await page.getByTestId('test-duration').textContent()).toMatch(/^\d+(\.\d)? ms$/);
    expect(await page.getByTestId('test-start').textContent()).toBe('cold');
    expect(await page.getByTestId('test-logs').textContent()).toContain('greeting Ada');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('test-start').textContent()).toBe('warm');
    await shot(page, 'function-test-run');

    // The input schema is enforced: a test run without `name` shows the server's validation problem.
    await page.getByLabel('Input (JSON)').fill('{}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('.test-result [role=alert]').textContent()).toMatch(/name/);
    // Refused before the function ran: no stale record of the previous run is shown as this one's.
    expect(await page.getByTestId('test-start').textContent()).toBe('—');
    expectNoConsoleErrors(page, [/status of 400/]);
  });

  it('deploys a second version, refuses a changed one under a used number, and splits an alias by weight', async () => {
    await setCode(source('Hi'));
    await page.getByRole('button', { name: 'Deploy' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Deployed version 1.0.1.');
    await expect.poll(() => page.getByTestId('version-1.0.1').count()).toBe(1);
    expect(await page.getByTestId('version-1.0.0').count()).toBe(1);

    // The server keeps every version's source: version 1.0.0's opens in the editor again.
    await page.getByRole('button', { name: 'Open the source of 1.0.0 in the editor' }).click();
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain("'Hello, '");

    await setCode(source('Hey'));
    await page.getByRole('textbox', { name: 'Version' }).fill('1.0.1');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await expect.poll(() => page.locator('.function-manifest [role=alert]').textContent()).toMatch(/1\.0\.1/);

    await page.getByLabel('Alias', { exact: true }).fill('live');
    await page.getByRole('form', { name: 'Set an alias' }).getByLabel('Version').selectOption('1.0.1');
    await page.getByLabel('Split with').selectOption('1.0.0');
    await page.getByLabel('Weight %', { exact: true }).fill('75');
    expect(await page.getByLabel('Its weight %').inputValue()).toBe('25');
    await page.getByRole('button', { name: 'Save alias' }).click();
    await expect.poll(() => page.getByTestId('alias-live').textContent()).toContain('1.0.1 (75%), 1.0.0 (25%)');
    await shot(page, 'function-aliases');

    await page.goto(`${weft.url}/#/functions`);
    await expect.poll(() => page.getByTestId('function-greeter').textContent()).toContain('live → 1.0.1 75% / 1.0.0 25%');
    await shot(page, 'functions-list');
    expectNoConsoleErrors(page, [/status of 400/, /status of 409/]);
  });

  it('shows the source of a function deployed through the API (not this browser), file by file, with undo', async () => {
    const main = "import { words } from './words';\nexport default async (input: { who: string }) => ({ text: `${words.hello}, ${input.who}` });\n";
    const words = "export const words = { hello: 'Howdy' };\n";
    await weft.api('PUT', '/api/v1/functions/howdy', { manifest: { version: '2.0.0' }, files: { 'src/main.ts': main, 'src/words.ts': words }, entry: 'src/main.ts' });

    await page.goto(`${weft.url}/#/functions/howdy`);
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain("import { words } from './words';");
    expect(await page.locator('.source-origin').textContent()).toContain('the source of 2.0.0 stored on the server');
    expect(await page.getByLabel('File').inputValue()).toBe('src/main.ts');
    await page.getByLabel('File').selectOption('src/words.ts');
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain("hello: 'Howdy'");

    // Typing can be undone and redone inside the editor (CodeMirror's history).
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('// edited');
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('// edited');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.locator('.cm-content').innerText()).not.toContain('// edited');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('// edited');

    // Changing a module and deploying sends every file (files + entry): the new version runs the edit.
    await setCode("export const words = { hello: 'Hiya' };");
    await page.getByRole('button', { name: 'Deploy' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Deployed version 2.0.1.');
    expect(await weft.api('POST', '/api/v1/functions/howdy/invoke', { who: 'Bo' })).toEqual({ text: 'Hiya, Bo' });
    const kept = await weft.api('GET', '/api/v1/functions/howdy/versions/2.0.1/source');
    expect(kept).toEqual({ name: 'howdy', version: '2.0.1', entry: 'src/main.ts', files: { 'src/main.ts': main, 'src/words.ts': "export const words = { hello: 'Hiya' };" } });

    // An earlier version opens from the server too.
    await page.getByRole('button', { name: 'Open the source of 2.0.0 in the editor' }).click();
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain("import { words } from './words';");
    await page.getByLabel('File').selectOption('src/words.ts');
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain("hello: 'Howdy'");
    await shot(page, 'function-source-from-server');
    expectNoConsoleErrors(page, [/status of 400/, /status of 409/]);
  });

  it('test-runs the edited code as a draft, labelled, without deploying it; a deployed version still runs its own code', async () => {
    await page.goto(`${weft.url}/#/functions/greeter`);
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain("'Hi, '");
    const versions = async () => (await weft.api('GET', '/api/v1/functions/greeter')).versions as string[];
    const before = await versions();
    expect(before).toEqual(['1.0.1', '1.0.0']);
    // Nothing edited yet: the default route, as before.
    expect(await page.getByLabel('Call').inputValue()).toBe('');

    await setCode(source('Howdy'));
    // Unsaved edits make the edited code the default choice.
    await expect.poll(() => page.getByLabel('Call').inputValue()).toBe(':draft');
    expect(await page.getByLabel('Call').locator('option:checked').textContent()).toContain('edited code (draft, not deployed)');
    await page.getByLabel('Input (JSON)').fill('{"name": "Ada"}');
    await page.getByRole('button', { name: 'Run draft' }).click();
    await expect.poll(() => page.getByTestId('test-output').textContent()).toContain('"message": "Howdy, Ada"');
    expect(await page.getByTestId('test-draft-label').textContent()).toContain('Draft run — not deployed');
    expect(await page.getByTestId('test-version').textContent()).toBe('draft of 1.0.2 (not deployed)');
    expect(await page.getByTestId('test-start').textContent()).toBe('cold');
    expect(await page.getByTestId('test-duration').textContent()).toMatch(/^\d+(\.\d)? ms$/);
    expect(await page.getByTestId('test-logs').textContent()).toContain('greeting Ada');
    await page.getByTestId('test-result').scrollIntoViewIfNeeded();
    await shot(page, 'function-draft-run');

    // Nothing was deployed: the same versions, in the page and on the server.
    expect(await versions()).toEqual(before);
    expect(await page.locator('[data-testid^="version-"]').count()).toBe(2);

    // A deployed version still answers with its own code, and is not labelled a draft.
    await page.getByLabel('Call').selectOption('1.0.1');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByTestId('test-output').textContent()).toContain('"message": "Hi, Ada"');
    expect(await page.getByTestId('test-draft-label').count()).toBe(0);
    expect(await page.getByTestId('test-version').textContent()).toBe('1.0.1');
    // The editor still holds the edit.
    expect(await page.locator('.cm-content').innerText()).toContain("'Howdy, '");
    // (The 400 and 409 are the earlier tests' refused run and deploy: the page's console is shared.)
    expectNoConsoleErrors(page, [/status of 400/, /status of 409/]);
  });

  it('test-runs a new function before its first deploy (the draft is the only choice)', async () => {
    await page.goto(`${weft.url}/#/functions`);
    await page.getByLabel('Name').fill('drafty');
    await page.getByRole('button', { name: 'New function' }).click();
    await page.waitForURL(/#\/functions\/drafty$/);
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('a Weft function');
    expect(await page.getByLabel('Call').locator('option').allTextContents()).toEqual(['edited code (draft, not deployed)']);
    await page.getByLabel('Input (JSON)').fill('{"name": "Bo"}');
    await page.getByRole('button', { name: 'Run draft' }).click();
    await expect.poll(() => page.getByTestId('test-output').textContent()).toContain('"greeting": "Hello, Bo!"');
    expect(await page.getByTestId('test-draft-label').isVisible()).toBe(true);
    expect((await weft.api('GET', '/api/v1/functions')).items.map((f: { name: string }) => f.name)).not.toContain('drafty');
    expect(await page.getByText('not deployed yet').count()).toBe(1);
    expectNoConsoleErrors(page, [/status of 400/, /status of 409/]);
  });
});
