/** The `weft` command line. Each command lives in its own file; this file only declares them. */
import { Command, CommanderError } from 'commander';
import { runExpr } from './expr-command.js';
import { type Io, processIo } from './problem.js';

const VERSION = '0.1.0';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command('weft')
    .description('Weft: durable workflows (CNCF Serverless Workflow DSL 1.0) and serverless TypeScript functions')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('expr')
    .description('evaluate a jq expression; prints all outputs as one JSON array')
    .argument('<filter>', 'the jq filter')
    .option('--input <json>', 'the input value (default: null)')
    .option('--arg <name=json...>', 'a named variable, available as $name (repeatable)')
    .action((filter: string, opts: { input?: string; arg?: string[] }) => {
      code = runExpr(filter, opts, io);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return code;
}
