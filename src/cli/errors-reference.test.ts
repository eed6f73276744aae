import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from './error-catalog.js';
import { errorsReference } from './errors-reference.js';

const page = errorsReference();

describe('errorsReference (docs/errors.md)', () => {
  it('renders the same page every time', () => {
    expect(errorsReference()).toBe(page);
    expect(page.endsWith('\n') && !page.endsWith('\n\n')).toBe(true);
  });

  it('has one section per family, in catalog order, saying where the family is defined', () => {
    const sections = [...page.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['What a problem looks like', 'Every code', ...ERROR_CATALOG.map((s) => s.title)]);
    for (const s of ERROR_CATALOG) expect(page).toContain(`Defined in \`${s.source}\`.`);
  });

  it('gives each code an anchor equal to its problem type slug, its status, type, meaning and what to do', () => {
    const at = page.indexOf('<a id="egress-timeout"></a>');
    const entry = page.slice(at, page.indexOf('<a id=', at + 1));
    expect(entry).toContain('### `WEFT_ERR_EGRESS_TIMEOUT`');
    expect(entry).toContain('**Status:** 504 · **Title:** Gateway timeout · **Type:** `https://serverlessworkflow.io/spec/1.0.0/errors/communication`');
    expect(entry).toMatch(/\n\nThe outbound request.+WEFT_EGRESS_TIMEOUT_MS/);
    expect(entry).toMatch(/\*\*What to do:\*\* .+WEFT_EGRESS_TIMEOUT_MS/);
    // A code without a type of its own has Weft's.
    expect(page).toContain('**Type:** `https://weft.dev/problems/store-busy`');
    // A code that is never an HTTP answer says so instead of a status.
    const studio = page.slice(page.indexOf('<a id="studio-name-taken"></a>'));
    expect(studio).toMatch(/^[^#]+### `WEFT_ERR_STUDIO_NAME_TAKEN`\n\n\*\*Status:\*\* none/);
  });

  it('describes a code two families share once, and points to it from the other section', () => {
    expect(page.split('### `WEFT_ERR_DSL_INVALID`')).toHaveLength(2);
    expect(page).toContain('Also raised here, described in its own section: [`WEFT_ERR_DSL_INVALID`](#dsl-invalid) (Workflow documents).');
  });

  it('indexes every code with a link to its entry', () => {
    expect(page).toContain('| [`WEFT_ERR_CLI_ARG`](#cli-arg) | 400 Invalid command-line input | [The weft command line](#the-weft-command-line) |');
  });

  it('shows the human form of a problem as the CLI prints it, with what to do', () => {
    expect(page).toMatch(/```text\nweft: flow\.yaml is not a valid workflow \[WEFT_ERR_DSL_INVALID\]\n {2}\/do\/0\/a\/then: .+\n {2}→ Fix each listed problem/);
  });
});
