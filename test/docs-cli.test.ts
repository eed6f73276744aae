/** docs/cli.md is the command tree rendered (src/cli/reference.ts): regenerate it with `npm run docs`. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { cliReference } from '../src/cli/reference.js';

const page = readFileSync(resolve(__dirname, '../docs/cli.md'), 'utf8');

describe('docs/cli.md', () => {
  it('is what the commands say today (run `npm run docs` after changing a command)', () => {
    expect(page).toBe(cliReference());
  });

  it('has a section for every command and every option', () => {
    const program = buildProgram({ out: () => {}, err: () => {} });
    const leaves = program.commands.flatMap((c) => (c.commands.length ? c.commands.map((s) => [`weft ${c.name()} ${s.name()}`, s] as const) : [[`weft ${c.name()}`, c] as const]));
    expect(leaves.length).toBeGreaterThanOrEqual(12);
    for (const [name, cmd] of leaves) {
      const at = page.indexOf(`## \`${name}\``);
      expect(at, name).toBeGreaterThan(-1);
      const section = page.slice(at, page.indexOf('\n## ', at + 1) === -1 ? undefined : page.indexOf('\n## ', at + 1));
      for (const o of cmd.options) if (o.long !== '--version') expect(section, `${name} ${o.flags}`).toContain(`\`${o.flags}\``);
    }
  });
});
