/**
 * The docs point at things that exist:
 * - every relative link in README.md and docs/*.md reaches a file of the repository, and an `#anchor`
 *   into a Markdown file reaches one of its headings (GitHub's slugs);
 * - every `WEFT_*` name in docs/concepts.md, docs/operations.md, docs/secrets.md and docs/sso.md occurs in the code under src/
 *   (`WEFT_SECRET_<NAME>` is the one family whose tail is the operator's own);
 * - every `/api/v1/…` route those two pages name is one the gateway registers (src/gateway/routes), read
 *   from the OpenAPI document it generates; `{id}`, `:id`, `<id>`, `$ID` stand for a parameter, and a
 *   concrete value (`/api/v1/runs/01a2…`) fills one.
 * The checker's own tests at the end prove each check can fail.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../src/gateway/index.js';
import { accessPolicy } from '../src/security/index.js';

const ROOT = resolve(__dirname, '..');
const DOCS = join(ROOT, 'docs');
/** The pages whose settings and routes are checked against the code. */
const REFERENCE_PAGES = ['docs/concepts.md', 'docs/operations.md', 'docs/secrets.md', 'docs/sso.md'];

const pages = ['README.md', ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');

// ---- Markdown ---------------------------------------------------------------------------------------

/** The page's lines with fenced code blocks blanked (line numbers kept): links and headings live outside them. */
function prose(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && m) {
      fence = m[1];
      return '';
    }
    if (fence !== undefined) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
      return '';
    }
    return line;
  });
}

const withoutCode = (line: string) => line.replace(/(`+)[\s\S]*?\1/g, '');

interface Link {
  line: number;
  target: string;
}

/** Inline links and images `[text](target "title")` and reference definitions `[id]: target`. */
function linksOf(text: string): Link[] {
  const out: Link[] = [];
  prose(text).forEach((raw, i) => {
    const line = withoutCode(raw);
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ line: i + 1, target: m[1] });
    const def = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
    if (def) out.push({ line: i + 1, target: def[1] });
  });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (not `-` or `_`), spaces to dashes. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page: its ATX headings (repeats get `-1`, `-2`…) and explicit `<a id|name="…">`. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const h = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const a of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(a[1]);
  }
  return out;
}

/** What is wrong with each relative link of `page` (repository-relative path), given how to read files. */
function brokenLinks(page: string, text: string, fs: { exists(p: string): boolean; read(p: string): string } = disk): string[] {
  const problems: string[] = [];
  for (const { line, target } of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:, …
    const hash = target.indexOf('#');
    const file = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const where = `${page}:${line}: ${target}`;
    const resolved = file === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), file);
    const inRepo = relative(ROOT, resolved);
    if (inRepo.startsWith('..') || inRepo.startsWith(sep)) {
      problems.push(`${where} leaves the repository`);
      continue;
    }
    const key = inRepo.split(sep).join('/');
    if (!fs.exists(resolved)) {
      problems.push(`${where}: no such file (${key})`);
      continue;
    }
    if (anchor !== undefined && anchor !== '' && key.endsWith('.md') && !anchorsOf(fs.read(resolved)).has(anchor)) {
      problems.push(`${where}: ${key} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

const disk = { exists: (p: string) => existsSync(p), read: (p: string) => readFileSync(p, 'utf8') };

// ---- settings -----------------------------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const WEFT_NAME = /\bWEFT_[A-Z0-9_]+/g;
/** Variables whose name the operator completes: `WEFT_SECRET_<NAME>` holds the secret `<NAME>`. */
const FAMILIES = ['WEFT_SECRET_'];

/** The `WEFT_*` names `text` uses that are not in `known` (nor of a family). */
function unknownSettings(text: string, known: ReadonlySet<string>): string[] {
  const used = new Set(text.match(WEFT_NAME) ?? []);
  return [...used].filter((n) => !known.has(n) && !FAMILIES.some((f) => n.startsWith(f) && n.length > f.length)).sort();
}

// ---- routes -------------------------------------------------------------------------------------------

interface RouteMention {
  method?: string;
  path: string;
}

/** `/api/v1/…` paths in `text` (code included), with the method when it is written just before the path. */
function routesOf(text: string): RouteMention[] {
  const out: RouteMention[] = [];
  const re = /(?:\b(GET|POST|PUT|DELETE|PATCH)\s+|-X\s*(GET|POST|PUT|DELETE|PATCH)\s+['"]?(?:https?:\/\/)?[\w.:$-]*)?(\/api\/v1\/[^\s`'"()<>,;|\]]*)/g;
  for (const m of text.matchAll(re)) {
    const path = m[3].replace(/[?#].*$/, '').replace(/[.:]+$/, '');
    out.push({ ...(m[1] ?? m[2] ? { method: m[1] ?? m[2] } : {}), path });
  }
  return out;
}

const PLACEHOLDER = /^(\{[^}]+\}|:\w+|<[^>]+>|\$\w+)$/;

/** Whether a mention names a registered route: `routes` maps OpenAPI paths (`/api/v1/runs/{id}`) to their methods. */
function isRegistered(mention: RouteMention, routes: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const want = mention.path.split('/');
  for (const [path, methods] of routes) {
    const have = path.split('/');
    if (have.length !== want.length) continue;
    const fits = have.every((seg, i) => (/^\{.+\}$/.test(seg) ? want[i] !== '' : seg === want[i] && !PLACEHOLDER.test(want[i])));
    if (fits && (!mention.method || methods.has(mention.method))) return true;
  }
  return false;
}

// ---- the checks ---------------------------------------------------------------------------------------

describe('docs links', () => {
  it('finds the pages and their links', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/concepts.md', 'docs/operations.md', 'docs/security.md']));
    expect(pages.reduce((n, p) => n + linksOf(read(p)).length, 0)).toBeGreaterThan(40);
  });

  it.each(pages)('%s: every relative link reaches a file (and a heading)', (page) => {
    expect(brokenLinks(page, read(page))).toEqual([]);
  });

  it('docs/README.md lists every page of docs/', () => {
    const listed = new Set(linksOf(read('docs/README.md')).map((l) => l.target));
    const expected = pages.filter((p) => p.startsWith('docs/') && p !== 'docs/README.md').map((p) => p.slice('docs/'.length));
    for (const p of expected) expect(listed, p).toContain(p);
  });
});

describe('settings named in the docs exist in src/', () => {
  const known = new Set(sourceFiles(join(ROOT, 'src')).flatMap((f) => readFileSync(f, 'utf8').match(WEFT_NAME) ?? []));

  it('reads the code', () => {
    expect(known).toContain('WEFT_DB_URL');
    for (const f of FAMILIES) expect(known, f).toContain(f);
  });

  it.each(REFERENCE_PAGES)('%s', (page) => {
    expect(read(page).match(WEFT_NAME)?.length ?? 0).toBeGreaterThan(10);
    expect(unknownSettings(read(page), known)).toEqual([]);
  });
});

describe('/api/v1 routes named in the docs are registered', () => {
  const routes = new Map<string, Set<string>>();
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    // Only route registration runs: no handler is called, so the platform, keys and audit can be empty.
    const app = await buildGateway({ platform: {} as never, keys: {} as never, audit: {} as never, access: accessPolicy, auth: false, rateLimits: false });
    await app.ready();
    close = () => app.close();
    const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) routes.set(path, new Set(Object.keys(ops).map((m) => m.toUpperCase())));
  });
  afterAll(() => close());

  it('reads the gateway and the pages', () => {
    expect(routes.get('/api/v1/runs/{id}/cancel')).toContain('POST');
    expect(routes.get('/api/v1/workflows/{namespace}/{name}/runs')).toContain('POST');
    expect(REFERENCE_PAGES.flatMap((p) => routesOf(read(p))).length).toBeGreaterThan(30);
  });

  it.each(REFERENCE_PAGES)('%s', (page) => {
    const mentions = routesOf(read(page));
    expect(mentions.length).toBeGreaterThan(0);
    const unknown = mentions.filter((m) => !isRegistered(m, routes)).map((m) => `${m.method ?? ''} ${m.path}`.trim());
    expect(unknown).toEqual([]);
  });
});

describe('the checker can fail', () => {
  const fake = (files: Record<string, string>) => ({
    exists: (p: string) => relative(ROOT, p).split(sep).join('/') in files,
    read: (p: string) => files[relative(ROOT, p).split(sep).join('/')],
  });

  it('reports a missing file, a missing anchor and a link out of the repository; skips code and the web', () => {
    const fs = fake({ 'docs/a.md': '', 'docs/b.md': '# Several nodes on `PostgreSQL`\n## Keys, roles & grants\n## Keys, roles & grants\n' });
    const page = [
      '[ok](b.md#several-nodes-on-postgresql) [ok](b.md#keys-roles--grants-1) [web](https://example.com/x.md)',
      '[gone](c.md) [anchor](b.md#nowhere) [out](../../etc/passwd)',
      '`[in code](missing.md)`',
      '```md',
      '[in a block](missing.md)',
      '```',
    ].join('\n');
    expect(brokenLinks('docs/a.md', page, fs)).toEqual([
      'docs/a.md:2: c.md: no such file (docs/c.md)',
      'docs/a.md:2: b.md#nowhere: docs/b.md has no heading with the anchor #nowhere',
      'docs/a.md:2: ../../etc/passwd leaves the repository',
    ]);
  });

  it('reports a setting the code does not have', () => {
    expect(unknownSettings('WEFT_DB_URL, $WEFT_DB_URLS, WEFT_SECRET_STRIPE_KEY', new Set(['WEFT_DB_URL', 'WEFT_SECRET_']))).toEqual(['WEFT_DB_URLS']);
  });

  it('reports a route the gateway does not have, or not with that method', () => {
    const routes = new Map([['/api/v1/runs/{id}/cancel', new Set(['POST'])], ['/api/v1/workflows', new Set(['GET', 'PUT'])]]);
    const text = 'POST /api/v1/runs/{id}/cancel, curl -XPOST localhost:8787/api/v1/runs/01a2/cancel. GET /api/v1/workflows?x=1 '
      + 'DELETE /api/v1/workflows `/api/v1/runs/{id}/pause` /api/v1/workflows/{ns}';
    const unknown = routesOf(text).filter((m) => !isRegistered(m, routes)).map((m) => `${m.method ?? ''} ${m.path}`.trim());
    expect(unknown).toEqual(['DELETE /api/v1/workflows', '/api/v1/runs/{id}/pause', '/api/v1/workflows/{ns}']);
  });
});
