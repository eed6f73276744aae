/**
 * docs/cli.md, generated from the command tree itself (main.ts `buildProgram`), so the reference cannot
 * drift from the code: `node bin/weft-docs.js` (npm run docs) writes it, and a test fails when the
 * committed page differs from what this renders.
 */
import type { Command } from 'commander';
import { buildProgram } from './main.js';

const silent = { out: () => {}, err: () => {} };

/** What the page says before the commands: how they answer, and their exit statuses. */
const PREFACE = `# CLI reference

Generated from the commands themselves (\`npm run docs\`; a test keeps this page equal to the code). Run
\`weft <command> --help\` for the same text in a terminal. A problem is said on stderr for people:
\`weft: <what failed, where> [<code>]\`, then one line per problem in a document, then \`→ <what to do>\`;
with \`--json\` it is the RFC 9457 problem-details object, with the same stable \`code\`, and the command's
answer is JSON too. Every code, what it means and what to do about it: [errors.md](errors.md).

| command | exit 0 | exit 1 | exit 2 | exit 3 |
|---|---|---|---|---|
| \`weft expr\` | printed the outputs | any error (a filter that does not compile or fails) | — | — |
| \`weft validate\` | valid (warnings allowed) | invalid | the file cannot be read | — |
| \`weft run\` | the run completed | the run faulted or was cancelled | an invalid document, input, function folder or flag | — |
| \`weft fn new\` | the folder was written | — | a bad name or template; the folder exists | — |
| \`weft fn deploy\\|list\\|alias\\|invoke\\|logs\` | done | the platform refused or failed | a bad flag | — |
| \`weft dev\`, \`weft serve\` | stopped gracefully (SIGTERM, SIGINT) | — | cannot start, fixable on the command line (a flag, a taken port, no API key) | cannot start for another reason |
| \`weft nodes\` | done | the database cannot be read | — | — |
| \`weft events tail\` | stopped (SIGINT, SIGTERM) | reading the log failed | the database cannot be opened | — |
`;

function usage(cmd: Command, path: string[]): string {
  const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
  return [...path, ...args, ...(cmd.options.length ? ['[options]'] : [])].join(' ');
}

function section(cmd: Command, path: string[]): string[] {
  const lines = [`## \`${path.join(' ')}\``, '', cmd.description(), '', '```text', usage(cmd, path), '```', ''];
  if (cmd.registeredArguments.length) {
    lines.push('| argument | meaning |', '|---|---|');
    for (const a of cmd.registeredArguments) lines.push(`| \`${a.name()}\` | ${a.description} |`);
    lines.push('');
  }
  const options = cmd.options.filter((o) => o.long !== '--version');
  if (options.length) {
    lines.push('| option | meaning | default |', '|---|---|---|');
    for (const o of options) {
      const def = o.defaultValue === undefined || o.negate ? '' : `\`${String(o.defaultValue)}\``;
      lines.push(`| \`${o.flags}\` | ${o.description.replace(/\|/g, '\\|')} | ${def} |`);
    }
    lines.push('');
  }
  return lines;
}

/** The whole page: every command and subcommand with its arguments and options, in declaration order. */
export function cliReference(): string {
  const program = buildProgram(silent);
  const out = [PREFACE];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const p = [...path, sub.name()];
      if (sub.commands.length) {
        out.push(...section(sub, p).slice(0, 3));
        walk(sub, p);
      } else out.push(...section(sub, p));
    }
  };
  walk(program, ['weft']);
  return `${out.join('\n').trimEnd()}\n`;
}
