/**
 * Step 3 of docs/tutorial.md, clicked in headless Chromium against a real `weft dev`: the clicks the page
 * describes (test/docs-tutorial.test.ts runs its code blocks, not its clicks), with the values it tells the
 * reader to type (its `yaml studio` blocks), must save the flow the page then gives as `flow.yaml` — but
 * for the version and the empty `catch.do` the page says the designer keeps.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Weft, expectNoConsoleErrors, launchBrowser, newPage, shot, startWeft } from './support.js';

const page = readFileSync(resolve(__dirname, '../../docs/tutorial.md'), 'utf8');
/** The values the page has the reader type into the property panel, in order (indented in a list item). */
const typed = [...page.matchAll(/^( *)```yaml studio\n([\s\S]*?)^ *```$/gm)].map(([, indent, body]) => body.split('\n').map((l) => l.slice(indent.length)).join('\n').trimEnd());
const flowFile = parse(/^File: `flow\.yaml`\n+```yaml\n([\s\S]*?)^```$/m.exec(page)![1]) as { document: Record<string, unknown> };

let browser: Browser;
let weft: Weft;
beforeAll(async () => {
  [browser, weft] = await Promise.all([launchBrowser(), startWeft({ mode: 'dev' })]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await weft?.stop();
});

describe('the tutorial in the studio', () => {
  it('draws and saves the flow of step 3 with the clicks the page describes', async () => {
    expect(typed).toHaveLength(2);
    const p = await newPage(browser);
    p.setDefaultTimeout(5000);
    const node = (pointer: string) => p.getByTestId(`node-${pointer}`);
    const props = (task: string) => p.getByRole('form', { name: `Properties of ${task}` });
    const fill = async (task: string, label: string, value: string) => {
      const field = props(task).getByLabel(label);
      await field.fill(value);
      await field.blur();
    };
    // 1. New workflow tutorial/weather-report.
    await p.goto(`${weft.url}/#/workflows`);
    await p.getByLabel('Namespace').fill('tutorial');
    await p.getByLabel('Name', { exact: true }).fill('weather-report');
    await p.getByRole('button', { name: 'New workflow' }).click();
    await p.waitForURL(/#\/workflows\/tutorial\/weather-report$/);
    // 2. try from the palette: try1 with attempt inside and recover in its catch.
    await p.getByTestId('palette-try').click();
    await expect.poll(() => node('/do/0/try1/catch/do/0/recover').count()).toBe(1);
    // 3. call after attempt, inside the group; delete attempt and recover.
    await node('/do/0/try1/try/0/attempt').click();
    await p.getByTestId('palette-call').click();
    await expect.poll(() => node('/do/0/try1/try/1/call1').count()).toBe(1);
    await node('/do/0/try1/try/0/attempt').click();
    await p.getByRole('button', { name: 'Delete task' }).click();
    await node('/do/0/try1/catch/do/0/recover').click();
    await p.getByRole('button', { name: 'Delete task' }).click();
    // 4. The call's name, target and input.
    await node('/do/0/try1/try/0/call1').click();
    await fill('call1', 'name *', 'getWeather');
    await fill('getWeather', 'call *', 'weather:live@default');
    await fill('getWeather', 'with (YAML)', 'city: ${ .city }');
    // 5. The group, by its title: name and catch.
    await node('/do/0/try1').click({ position: { x: 30, y: 12 } });
    await fill('try1', 'name *', 'lookup');
    await fill('lookup', 'catch (YAML)', typed[0]);
    // 6. set after the group.
    await node('/do/0/lookup').click({ position: { x: 30, y: 12 } });
    await p.getByTestId('palette-set').click();
    await fill('set1', 'name *', 'report');
    await fill('report', 'set (YAML)', typed[1]);
    // 7. Save.
    await p.getByRole('button', { name: 'Save version' }).click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain('Saved tutorial/weather-report version 0.1.0.');
    await shot(p, 'tutorial-weather-report');

    const saved = (await weft.api('GET', '/api/v1/workflows/tutorial/weather-report/versions/0.1.0')).definition;
    expect(saved.do[0].lookup.catch.do).toEqual([]);
    delete saved.do[0].lookup.catch.do;
    expect(saved).toEqual({ ...flowFile, document: { ...flowFile.document, version: '0.1.0' } });
    expectNoConsoleErrors(p);
  }, 60_000);
});
