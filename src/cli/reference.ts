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

Every command exits with the same scheme: **0** done; **1** the thing ran and failed (a run faulted or
was cancelled, an invoked function failed, a filter failed on its input, a document is invalid); **2** the
command was refused, fix it (a flag, an input, a file, a request the server refused with a 4xx problem: an
unknown function, a version that exists with other content, a missing or insufficient API key); **3** the
server, the database or Weft failed (a 5xx problem, a server that cannot be reached), try again or look at
the server.

| command | exit 0 | exit 1 | exit 2 | exit 3 |
|---|---|---|---|---|
| \`weft expr\` | printed the outputs | the filter failed on this input | the filter does not compile; an input is not JSON | internal error |
| \`weft validate\` | valid (warnings allowed) | invalid | the file cannot be read | — |
| \`weft run\` | the run completed | the run faulted or was cancelled | an invalid document, input, function folder or flag; refused by the server | the server or database failed |
| \`weft fn new\` | the folder was written | — | a bad name or template; the folder exists | — |
| \`weft fn deploy\\|list\\|alias\\|logs\` | done | — | refused: a bad flag, folder or manifest, an unknown function, a taken version | the server or database failed |
| \`weft fn invoke\` | printed the output | the function failed (threw, timed out, its fetch or a secret failed) | refused: unknown function or version, input not matching its schema | the server or database failed |
| \`weft dev\`, \`weft serve\` | stopped gracefully (SIGTERM, SIGINT) | — | cannot start, fixable on the command line (a flag, a taken port, no API key) | cannot start for another reason |
| \`weft nodes\` | done | — | refused (a bad flag or API key) | the server or database failed |
| \`weft events tail\` | stopped (SIGINT, SIGTERM) | — | refused (a bad flag or API key) | the server or database failed |

## Remote mode

The commands that read or change platform state (\`weft run\`, \`weft fn deploy|list|alias|invoke|logs\`,
\`weft nodes\`, \`weft events tail\`) work on a local database by default, or on a running \`weft serve\`
(or \`weft dev\`) through its HTTP API with \`--server <url>\` (or the \`WEFT_SERVER\` environment variable,
unless \`--db\` is given). The API key comes from \`WEFT_API_KEY\` and is sent as \`Authorization: Bearer\`;
answers and problems are the same as locally. \`weft fn deploy --server\` builds the folder here first and
uploads the modules that went into the bundle (bare npm imports resolve on the server). \`weft run
--server\` registers the document (and \`--workflows\`, \`--functions\`) on the server, where versions are
immutable, starts the run there and waits for its end.

\`\`\`sh
export WEFT_API_KEY=wk_…            # a key with the roles the command needs
weft fn deploy ./greet --server http://127.0.0.1:8787
weft run flow.yaml --input '{"name":"Ada"}' --server http://127.0.0.1:8787
\`\`\`
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
  // The program's own --version is not an option of a command; a command's --version (weft runs redrive) is.
  const options = cmd.options.filter((o) => o.long !== '--version' || path.length > 1);
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
