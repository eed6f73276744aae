/**
 * docs/errors.md, generated from the error definitions themselves (error-catalog.ts), so that the page
 * cannot drift from the code: `npm run docs` writes it, and a test fails when the committed page differs
 * from what this renders. Each code's heading carries an anchor equal to its problem type's slug, so
 * `https://weft.dev/problems/<slug>` can land on `errors.md#<slug>`.
 */
import { type ErrorDefinition, problemTypeOf, statusTitle } from '../contracts/index.js';
import { DSL_ERRORS, DSL_VALIDATION_ERROR_TYPE } from '../dsl/index.js';
import { type CatalogSection, ERROR_CATALOG } from './error-catalog.js';
import { humanProblem } from './problem.js';

const DSL_ERROR_CODES = DSL_ERRORS.codes;

/** The human form of a document's problem, said by the same code the CLI says it with. */
function humanExample(): string {
  const message = "then: 'nowhere' is not a task of this list; expected continue, exit, end or one of: a, b";
  return humanProblem({
    type: DSL_VALIDATION_ERROR_TYPE, title: 'Invalid workflow', status: 400, code: DSL_ERROR_CODES.invalid,
    detail: `flow.yaml is not a valid workflow: /do/0/a/then: ${message}`, problems: [{ pointer: '/do/0/a/then', message }],
  });
}

const preface = (example: string) => `# Error catalog

Generated from the error definitions themselves (\`npm run docs\`; a test keeps this page equal to the code).
Every failure Weft reports carries a stable code, \`WEFT_ERR_<AREA>_<WHAT>\` (a warning: \`WEFT_WARN_…\`). This
page lists every one: what it means, its HTTP status, and what to do about it.

## What a problem looks like

The HTTP API answers a failure with RFC 9457 problem details (\`application/problem+json\`); \`weft\`
commands print the same object with \`--json\`:

\`\`\`json
{
  "type": "https://weft.dev/problems/api-not-found",
  "status": 404,
  "title": "Not found",
  "detail": "workflow shop/place-order does not exist",
  "code": "WEFT_ERR_API_NOT_FOUND"
}
\`\`\`

- \`type\` — a URI naming the kind of problem: \`https://weft.dev/problems/<slug>\` for Weft's own codes (each
  code below has its slug as its anchor), or one of the DSL's error types
  (\`https://serverlessworkflow.io/spec/1.0.0/errors/validation\`, …) where the code names one; a workflow's
  \`try\`/\`catch\` filters on it.
- \`status\` — the HTTP status of the answer.
- \`title\` — a short summary of the kind of problem, the same every time.
- \`detail\` — what happened this time, and where.
- \`code\` — the stable code: test for it in scripts, look it up here.
- Some problems add members: \`pointer\` (the JSON pointer of the field at fault), \`problems\` (every
  problem of a document, each with its own code and pointer), \`instance\` (the task where a run failed).

Without \`--json\`, a command says a problem for people, on stderr: what failed and where, the code, and
on a second line what to do (the code's *what to do* below). A document's problems are listed between the
two:

\`\`\`text
${example}
\`\`\`

A run that faults records the problem of the task that failed as its \`error\`, with its \`code\` where
Weft raised it.
`;

const slugOf = (code: string): string => problemTypeOf(code).slice('https://weft.dev/problems/'.length);
const anchor = (code: string): string => `#${slugOf(code)}`;
// GitHub's anchor for a section heading: lowercase, spaces to dashes, punctuation dropped.
const headingAnchor = (title: string): string => `#${title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')}`;

function statusText(d: ErrorDefinition): string {
  return d.status === undefined ? '—' : `${d.status} ${d.title ?? statusTitle(d.status)}`;
}

function entry(d: ErrorDefinition): string[] {
  const facts = d.status === undefined ? ['**Status:** none (never an HTTP answer by itself)'] : [`**Status:** ${d.status}`, `**Title:** ${d.title ?? statusTitle(d.status)}`, `**Type:** \`${d.type ?? problemTypeOf(d.code)}\``];
  if (d.status === undefined && d.title) facts.push(`**Title:** ${d.title}`);
  if (d.status === undefined && d.type) facts.push(`**Type:** \`${d.type}\``);
  return [`<a id="${slugOf(d.code)}"></a>`, '', `### \`${d.code}\``, '', facts.join(' · '), '', d.meaning, '', `**What to do:** ${d.action}`, ''];
}

/** Each code's section: the first in catalog order that defines it (a shared code is said once). */
function owners(): Map<string, CatalogSection> {
  const owner = new Map<string, CatalogSection>();
  for (const s of ERROR_CATALOG) for (const d of s.family.definitions) if (!owner.has(d.code)) owner.set(d.code, s);
  return owner;
}

function index(owner: Map<string, CatalogSection>): string[] {
  const rows = [...owner.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const definition = (code: string, s: CatalogSection) => s.family.definitions.find((d) => d.code === code) as ErrorDefinition;
  return [
    '## Every code',
    '',
    '| code | status | section |',
    '|---|---|---|',
    ...rows.map(([code, s]) => `| [\`${code}\`](${anchor(code)}) | ${statusText(definition(code, s))} | [${s.title.replace(/`/g, '')}](${headingAnchor(s.title)}) |`),
    '',
  ];
}

function section(s: CatalogSection, owner: Map<string, CatalogSection>): string[] {
  const own = s.family.definitions.filter((d) => owner.get(d.code) === s);
  const shared = s.family.definitions.filter((d) => owner.get(d.code) !== s);
  const lines = [`## ${s.title}`, '', `${s.about} Defined in \`${s.source}\`.`, ''];
  if (shared.length) {
    const list = shared.map((d) => `[\`${d.code}\`](${anchor(d.code)}) (${(owner.get(d.code) as CatalogSection).title})`).join(', ');
    lines.push(`Also raised here, described in its own section: ${list}.`, '');
  }
  return [...lines, ...own.flatMap(entry)];
}

/** The page: the preface, an index of every code, then one section per family with one heading per code. */
export function errorsReference(): string {
  const owner = owners();
  const lines = [preface(humanExample()), ...index(owner), ...ERROR_CATALOG.flatMap((s) => section(s, owner))];
  return `${lines.join('\n').trimEnd()}\n`;
}
