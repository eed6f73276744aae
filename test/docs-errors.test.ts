/**
 * docs/errors.md is the error catalog rendered (src/cli/errors-reference.ts): regenerate it with
 * `npm run docs`. The catalog is complete (every `WEFT_ERR_*`/`WEFT_WARN_*` name in the sources is in it)
 * and every entry says what it means and what to do.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorFamily } from '../src/contracts/index.js';
import { ERROR_CATALOG, catalogCodes } from '../src/cli/error-catalog.js';
import { errorsReference } from '../src/cli/errors-reference.js';

const root = resolve(__dirname, '..');
const page = readFileSync(join(root, 'docs/errors.md'), 'utf8');

/** Production sources under `dir`: TypeScript, tests left out (they make up codes to test with). */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/**
 * The Weft code names in `text` the catalog does not cover. A name ending in `_` is a prefix (a pattern
 * like `WEFT_ERR_EGRESS_*`, a template, a `startsWith`): it must start at least one catalogued code.
 */
function uncovered(text: string, codes: ReadonlySet<string>): string[] {
  const names = text.match(/WEFT_(?:ERR|WARN)_[A-Z0-9_]*/g) ?? [];
  return names.filter((n) => (n.endsWith('_') ? ![...codes].some((c) => c.startsWith(n)) : !codes.has(n)));
}

/** Entries whose meaning or action is missing, blank or not a sentence. */
function unexplained(families: readonly ErrorFamily[]): string[] {
  const sentence = (s: unknown) => typeof s === 'string' && s.trim().length > 10 && /[.)]$/.test(s.trim());
  return families.flatMap((f) => f.definitions.filter((d) => !sentence(d.meaning) || !sentence(d.action)).map((d) => `${f.name} ${d.code}`));
}

/** Codes defined by several families with different statuses. */
function conflicting(families: readonly ErrorFamily[]): string[] {
  const status = new Map<string, number | undefined>();
  const out: string[] = [];
  for (const f of families) {
    for (const d of f.definitions) {
      if (status.has(d.code) && status.get(d.code) !== d.status) out.push(d.code);
      status.set(d.code, d.status);
    }
  }
  return out;
}

const families = ERROR_CATALOG.map((s) => s.family);
const codes = new Set(catalogCodes());

describe('docs/errors.md', () => {
  it('is what the error definitions say today (run `npm run docs` after changing one)', () => {
    expect(page).toBe(errorsReference());
  });

  it('has one heading per code, anchored at its problem type\'s slug', () => {
    expect(codes.size).toBeGreaterThanOrEqual(100);
    for (const code of codes) {
      const slug = code.replace(/^WEFT_ERR_/, '').toLowerCase().replace(/_/g, '-');
      expect(page.split(`<a id="${slug}"></a>\n\n### \`${code}\``), code).toHaveLength(2);
    }
  });
});

describe('the error catalog', () => {
  it('covers every WEFT_ERR_/WEFT_WARN_ name in the sources (src/, studio/src/), prefixes by a code they start', () => {
    const files = [...sources('src'), ...sources('studio/src')];
    expect(files.length).toBeGreaterThan(300);
    const missing = files.flatMap((f) => uncovered(readFileSync(join(root, f), 'utf8'), codes).map((n) => `${f}: ${n}`));
    expect(missing).toEqual([]);
    // The scan itself can fail: an unknown code, a code with a typo, a prefix no code starts.
    expect(uncovered("throw x('WEFT_ERR_NOPE'); WEFT_ERR_API_NOT_FOUN; WEFT_ERR_EGRESS_*; WEFT_ERR_NADA_*", codes)).toEqual(['WEFT_ERR_NOPE', 'WEFT_ERR_API_NOT_FOUN', 'WEFT_ERR_NADA_']);
  });

  it('covers every code the documentation names (README, ARCHITECTURE, docs/, module READMEs)', () => {
    const readmes = (dir: string) => readdirSync(join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name === 'README.md').map((e) => relative(root, join(e.parentPath, e.name)));
    const pages = ['README.md', 'ARCHITECTURE.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), ...readmes('src'), ...readmes('studio')];
    expect(pages).toEqual(expect.arrayContaining(['docs/security.md', 'docs/functions.md', 'src/cli/README.md']));
    expect(pages.flatMap((f) => uncovered(readFileSync(join(root, f), 'utf8'), codes).map((n) => `${f}: ${n}`))).toEqual([]);
  });

  it('says for every code what it means and what to do', () => {
    expect(unexplained(families)).toEqual([]);
    const bare = { name: 'Bare', definitions: [{ code: 'WEFT_ERR_X', meaning: 'It broke.', action: ' ' }, { code: 'WEFT_ERR_Y', meaning: '', action: 'Run `weft fix`.' }] };
    expect(unexplained([bare])).toEqual(['Bare WEFT_ERR_X', 'Bare WEFT_ERR_Y']);
  });

  it('defines no code twice with different statuses', () => {
    expect(conflicting(families)).toEqual([]);
    const twice = (status: number) => ({ name: `F${status}`, definitions: [{ code: 'WEFT_ERR_SAME', status, meaning: 'm.', action: 'a.' }] });
    expect(conflicting([twice(400), twice(400)])).toEqual([]);
    expect(conflicting([twice(400), twice(409)])).toEqual(['WEFT_ERR_SAME']);
  });
});
