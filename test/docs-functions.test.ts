/** docs/functions.md describes every weft.json field and every member of `ctx` (weft/sdk), as the code has them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FIELDS } from '../src/functions/index.js';

const page = readFileSync(resolve(__dirname, '../docs/functions.md'), 'utf8');
const sdk = readFileSync(resolve(__dirname, '../src/contracts/function-sdk.ts'), 'utf8');

describe('docs/functions.md', () => {
  it('has a row for every weft.json field', () => {
    const rows = page.split('\n').filter((l) => l.startsWith('| `'));
    expect(MANIFEST_FIELDS.length).toBeGreaterThanOrEqual(16);
    for (const field of MANIFEST_FIELDS) expect(rows.some((r) => r.split('|')[1].includes(`\`${field}\``)), field).toBe(true);
  });

  it('describes every member of ctx', () => {
    const body = /export interface FunctionContext \{([\s\S]*?)\n\}/.exec(sdk)![1];
    const members = [...body.matchAll(/^ {2}(\w+)[?(:]/gm)].map((m) => m[1]);
    expect(members).toEqual(expect.arrayContaining(['fetch', 'secrets', 'log', 'emit', 'invocationId', 'idempotencyKey', 'traceparent', 'deadline']));
    for (const m of members) expect(page, m).toContain(`ctx.${m}`);
  });
});
