/** The `weft` command line. Each command lives in its own file; this file only declares them. */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { runExpr } from './expr-command.js';
import { fnAlias, fnDeploy, fnInvoke, fnList, fnLogs } from './fn-command.js';
import { fnNew } from './fn-new-command.js';
import { FN_TEMPLATES } from './fn-templates.js';
import { checkExpression } from '../platform/index.js';
import { runWorkflowCommand } from './run-command.js';
import { runsRedrive, runsRerun } from './runs-command.js';
import { type TestTaskFlags, workflowsTestTask } from './workflows-command.js';
import { type BulkRedriveFlags, reportUsage, runsRedriveMatching } from './runs-bulk-command.js';
import { runValidate } from './validate-command.js';
import { type Io, problemOf, processIo, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';
import { parseRoles, serverCommand } from './server-command.js';
import { nodesCommand } from './nodes-command.js';
import type { NodeRole } from '../ports/index.js';
import { eventsTail } from './events-command.js';
import { secretsDelete, secretsGrant, secretsKeygen, secretsList, secretsRekey, secretsRotate, secretsSchedule, secretsSet, secretsShow } from './secrets-command.js';

const VERSION = '0.1.0';
const DB_HELP = 'the SQLite database (default: .weft/weft.db)';
const SERVER_HELP = 'work on a running Weft through its HTTP API instead of a local database (default: WEFT_SERVER; the API key from WEFT_API_KEY)';

/** The `weft` command tree. An action's exit status lands in `status.code`; docs/cli.md is generated from it (reference.ts). */
export function buildProgram(io: Io, status: { code: number } = { code: 0 }): Command {
  const program = new Command('weft')
    .description('Weft: durable workflows (CNCF Serverless Workflow DSL 1.0) and serverless TypeScript functions')
    .version(VERSION)
    // `weft --version` is the program's; after a command name, `--version` is that command's (weft runs redrive --version).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('expr')
    .description('evaluate a jq expression; prints all outputs as one JSON array')
    .argument('<filter>', 'the jq filter')
    .option('--input <json>', 'the input value (default: null)')
    .option('--arg <name=json...>', 'a named variable, available as $name (repeatable)')
    .option('--json', 'problems as RFC 9457 JSON on stderr (for scripts)')
    .action((filter: string, opts: { input?: string; arg?: string[]; json?: boolean }) => {
      status.code = runExpr(filter, opts, io);
    });

  program
    .command('validate')
    .description('validate a workflow document (YAML or JSON): schema, references, expressions; or, by its name, a *.event-type or *.subscription file')
    .argument('<file>', 'the workflow, event type or subscription file')
    .option('--json', 'print {"valid": bool, "problems": […]} as one JSON object; problems as RFC 9457 JSON on stderr')
    .action((file: string, opts: { json?: boolean }) => {
      status.code = runValidate(file, opts, io, (p) => readFileSync(p, 'utf8'), checkExpression);
    });

  program
    .command('run')
    .description('run a workflow to its end in this process')
    .argument('<file>', 'the workflow file (YAML or JSON)')
    .option('--input <json>', 'the workflow input')
    .option('--input-file <file>', 'read the workflow input from a JSON file')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--memory', 'use an in-memory database')
    .option('--json', 'print {"id": …, "status": …, "output"|"error": …} as one JSON object; problems as RFC 9457 JSON on stderr')
    .option('--workflows <dir>', 'a folder of workflow documents that `run: workflow` may start')
    .option('--functions <dir>', 'deploy the function folders under <dir> first, and serve them at $runtime.metadata.baseUrl/fn/<name> for the run')
    .action(async (file: string, opts: { input?: string; inputFile?: string; db?: string; server?: string; memory?: boolean; json?: boolean; workflows?: string; functions?: string }) => {
      status.code = await runWorkflowCommand(file, opts, io);
    });

  const runs = program.command('runs').description('repair runs: redrive a faulted or cancelled run, rerun an ended run from a task (docs/repair.md)');
  const repairFlags = (c: Command) =>
    c
      .option('--version <version>', 'continue on this version of the workflow (its tasks before that point unchanged)')
      .option('--patch <json>', "a JSON merge patch (RFC 7386) of the run's input, e.g. '{\"amount\": 10}'")
      .option('--patch-file <file>', 'read the patch from a JSON file')
      .option('--db <path>', DB_HELP)
      .option('--server <url>', SERVER_HELP)
      .option('--json', 'print the run as JSON; problems as RFC 9457 JSON on stderr');
  repairFlags(
    runs
      .command('redrive')
      .description('the same run goes on from the task that failed; completed tasks are not performed again. Without an id: every faulted run a filter matches, paced (WEFT_REDRIVE_RATE per second)')
      .argument('[id]', 'the run id; leave out to redrive by filter')
      .option('--workflow <ns/name>', 'by filter: runs of this workflow')
      .option('--namespace <ns>', 'by filter: runs of this namespace')
      .option('--status <list>', 'by filter: faulted, cancelled or both, comma-separated (default faulted)')
      .option('--error-type <type>', "by filter: the run error's type URI or its last segment, e.g. communication")
      .option('--from <time>', 'by filter: created at or after (RFC 3339 or epoch ms)')
      .option('--to <time>', 'by filter: created before (RFC 3339 or epoch ms)')
      .option('--limit <n>', 'by filter: at most this many runs, newest first (max 1000)')
      .option('--dry-run', 'by filter: list the runs that would be redriven, change nothing'),
  ).action(async (id: string | undefined, opts: BulkRedriveFlags & { patch?: string; patchFile?: string }) => {
    const bulk = ['workflow', 'namespace', 'status', 'errorType', 'from', 'to', 'limit', 'dryRun'] as const;
    if (id !== undefined) {
      const stray = bulk.find((k) => opts[k] !== undefined);
      status.code = stray ? reportUsage(io, opts, `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} filters a bulk redrive: leave out the run id, or the filter`) : await runsRedrive(id, opts, io);
    } else if (opts.patch !== undefined || opts.patchFile !== undefined) status.code = reportUsage(io, opts, 'a bulk redrive takes no patch: each run keeps its own input (redrive one run by its id to patch it)');
    else if (opts.workflow === undefined && opts.namespace === undefined && !opts.dryRun) status.code = reportUsage(io, opts, 'give a run id, or a filter with --workflow or --namespace (or --dry-run to see what every faulted run would be)');
    else status.code = await runsRedriveMatching(opts, io);
  });
  repairFlags(
    runs
      .command('rerun')
      .description('a new run that copies the outcomes of the tasks before --from, then runs from that task')
      .argument('<id>', 'the run id')
      .requiredOption('--from <pointer>', 'the task to run again from, e.g. /do/4/charge'),
  ).action(async (id: string, opts: { from: string; version?: string; patch?: string; patchFile?: string; db?: string; server?: string; json?: boolean }) => {
    status.code = await runsRerun(id, opts, io);
  });

  const workflows = program.command('workflows').description('registered workflows: test one task in isolation with mocked effects (docs/repair.md)');
  workflows
    .command('test-task')
    .description('run one task of a registered workflow version in isolation: its effects answered from --mocks, or real where --real allows; nothing is stored as a run')
    .argument('<workflow>', 'namespace/name')
    .requiredOption('--task <pointer>', 'the task, e.g. /do/2/charge')
    .option('--version <version>', 'the workflow version (default: the highest)')
    .option('--input <json>', 'the task input (default {})')
    .option('--context <json>', '$context as the task sees it (default null)')
    .option('--variables <json>', 'variables in scope of a nested task, e.g. \'{"item": 1, "index": 0}\'')
    .option('--mocks <json>', 'effect results by task pointer or effect key, e.g. \'{"/do/2/charge": {"id": "ch_1"}}\'')
    .option('--mocks-file <file>', 'read the mocks from a JSON file')
    .option('--real <kinds>', 'perform these effect kinds for real when not mocked: a comma list of http, function, emit, or all')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--json', 'print the answer as JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: TestTaskFlags) => {
      status.code = await workflowsTestTask(ref, opts, io);
    });

  const fn = program.command('fn').description('serverless functions: new, deploy, list, alias, invoke, logs');
  fn.command('new')
    .description('write a new function folder (index.ts, weft.json, a unit test, tsconfig.json) that deploys as it is')
    .argument('<name>', 'the function name (lowercase letters, digits, dashes)')
    .option('--template <kind>', `what it starts as: ${FN_TEMPLATES.join(' | ')}`, 'transform')
    .option('--dir <parent>', 'where to create the folder', '.')
    .option('--json', 'print {"name", "template", "folder", "files"} as one JSON object; problems as RFC 9457 JSON on stderr')
    .action((name: string, opts: { template: string; dir: string; json?: boolean }) => {
      status.code = fnNew(name, opts, io);
    });
  fn.command('deploy')
    .description('bundle a function folder (or file) with its weft.json and store it as an immutable version')
    .argument('<path>', 'the function folder or entry file')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--json', 'print the deployed version as JSON; problems as RFC 9457 JSON on stderr')
    .action(async (path: string, opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await fnDeploy(path, opts, io);
    });
  fn.command('list')
    .description('deployed functions, their versions and aliases')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await fnList(opts, io);
    });
  fn.command('alias')
    .description('point an alias at a version (rollback: point it back); --weight splits traffic')
    .argument('<name>')
    .argument('<alias>')
    .argument('<version>')
    .option('--weight <version=pct...>', 'send pct% of calls to another version')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--json', 'problems as RFC 9457 JSON on stderr (for scripts)')
    .action(async (name: string, alias: string, version: string, opts: { db?: string; server?: string; weight?: string[]; json?: boolean }) => {
      status.code = await fnAlias(name, alias, version, opts, io);
    });

  fn.command('invoke')
    .description('invoke a deployed function: <name>[:<version|alias>] (default alias live, else the newest version)')
    .argument('<function>')
    .option('--input <json>', 'the input', '{}')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--json', 'problems as RFC 9457 JSON on stderr (for scripts)')
    .action(async (target: string, opts: { db?: string; server?: string; input?: string; json?: boolean }) => {
      status.code = await fnInvoke(target, opts, io);
    });

  fn.command('logs')
    .description('the newest invocations of a function: outcome, cold/warm, timing, log lines')
    .argument('<name>')
    .option('--limit <n>', 'how many invocations', '20')
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .action(async (name: string, opts: { db?: string; server?: string; limit?: string; json?: boolean }) => {
      status.code = await fnLogs(name, opts, io);
    });

  const secrets = program.command('secrets').description('the secret vault: set, rotate, schedule, list, show, grant, delete, rekey, keygen (values are never printed)');
  const vaultTarget = (c: Command) => c.option('--db <path>', DB_HELP).option('--server <url>', SERVER_HELP);
  vaultTarget(
    secrets
      .command('set')
      .description('store a new version of a secret, the value read from stdin (or --from-file, --from-env); never from an argument')
      .argument('<secret>', 'namespace/NAME (NAME alone: namespace default)')
      .option('--from-file <path>', 'read the value from a file')
      .option('--from-env <variable>', 'read the value from an environment variable')
      .option('--json-value', 'the value is a JSON object, e.g. {"username": …, "password": …}')
      .option('--description <text>', 'what it is for')
      .option('--overlap <duration>', 'how long the version it replaces stays readable (seconds, or 15m, 2h, 1d; default 1h)'),
  )
    .option('--json', 'print the secret\'s metadata as JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: { db?: string; server?: string; fromFile?: string; fromEnv?: string; jsonValue?: boolean; description?: string; overlap?: string; json?: boolean }) => {
      status.code = await secretsSet(ref, opts, io);
    });
  vaultTarget(
    secrets
      .command('rotate')
      .description('rotate a secret with a deployed function: its output becomes the next version (the value never reaches the CLI)')
      .argument('<secret>', 'namespace/NAME')
      .requiredOption('--function <name[:ref]>', 'the rotation function, called with {namespace, name, version}')
      .option('--overlap <duration>', 'how long the version it replaces stays readable'),
  )
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: { db?: string; server?: string; function: string; overlap?: string; json?: boolean }) => {
      status.code = await secretsRotate(ref, opts, io);
    });
  vaultTarget(
    secrets
      .command('schedule')
      .description('rotate a secret on a schedule with a deployed function (a scheduler node rotates each due slot once); --off stops it')
      .argument('<secret>', 'namespace/NAME')
      .option('--function <name[:ref]>', 'the rotation function, called with {namespace, name, version}')
      .option('--every <duration>', 'how often: seconds, or 15m, 12h, 30d (at least 1m); the first rotation is this long from now')
      .option('--off', 'stop the scheduled rotation'),
  )
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: { db?: string; server?: string; function?: string; every?: string; off?: boolean; json?: boolean }) => {
      status.code = await secretsSchedule(ref, opts, io);
    });
  vaultTarget(secrets.command('list').description('secrets and their metadata (never values)').argument('[namespace]', 'only this namespace'))
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (namespace: string | undefined, opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await secretsList(namespace, opts, io);
    });
  vaultTarget(secrets.command('show').description("a secret's metadata and versions (never values)").argument('<secret>', 'namespace/NAME'))
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await secretsShow(ref, opts, io);
    });
  vaultTarget(
    secrets
      .command('grant')
      .description("let other namespaces' workflows or functions read a secret (--revoke: stop them)")
      .argument('<secret>', 'namespace/NAME')
      .option('--namespace <ns...>', 'namespaces whose workflows may read it (* for all)')
      .option('--function <name...>', 'functions that may read it (* for all)')
      .option('--revoke', 'remove these grants instead'),
  )
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: { db?: string; server?: string; namespace?: string[]; function?: string[]; revoke?: boolean; json?: boolean }) => {
      status.code = await secretsGrant(ref, opts, io);
    });
  vaultTarget(secrets.command('delete').description('delete a secret and all its versions').argument('<secret>', 'namespace/NAME'))
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (ref: string, opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await secretsDelete(ref, opts, io);
    });
  vaultTarget(secrets.command('rekey').description('re-wrap every data key under WEFT_MASTER_KEY (the old key set as WEFT_MASTER_KEY_PREVIOUS meanwhile)'))
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await secretsRekey(opts, io);
    });
  secrets
    .command('keygen')
    .description('print a new random master key for WEFT_MASTER_KEY')
    .option('--json', 'print {"key": …}')
    .action((opts: { json?: boolean }) => {
      status.code = secretsKeygen(opts, io);
    });

  const server = (mode: 'dev' | 'serve') => async (opts: { host?: string; port: string; db?: string; dir?: string; watch?: boolean; roles?: string }) => {
    // --db, else WEFT_DB_URL (a postgres:// URL for scale-out), else the local SQLite file.
    const db = opts.db ?? process.env.WEFT_DB_URL ?? '.weft/weft.db';
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      reportProblem(io, usageProblem(CLI_ERROR_CODES.arg, `--port must be a port number, got '${opts.port}'`));
      status.code = 2;
      return;
    }
    let roles: NodeRole[] | undefined;
    try {
      if (opts.roles !== undefined) roles = parseRoles(opts.roles);
    } catch (err) {
      reportProblem(io, problemOf(err));
      status.code = 2;
      return;
    }
    status.code = await serverCommand({ mode, port, db, ...(opts.host ? { host: opts.host } : {}), ...(opts.dir ? { dir: opts.dir } : {}), ...(roles ? { roles } : {}), watch: opts.watch }, io);
  };

  program
    .command('nodes')
    .description('the nodes sharing the database: roles, leases held, last heartbeat')
    .option('--db <path|url>', 'a SQLite file or a postgres:// URL (default: WEFT_DB_URL, else .weft/weft.db)')
    .option('--server <url>', SERVER_HELP)
    .option('--json', 'print JSON; problems as RFC 9457 JSON on stderr')
    .action(async (opts: { db?: string; server?: string; json?: boolean }) => {
      status.code = await nodesCommand({ ...opts, db: opts.db ?? (opts.server ? undefined : process.env.WEFT_DB_URL) }, io);
    });

  const events = program.command('events').description('CloudEvents in the event log (the local database, or a server with --server)');
  events
    .command('tail')
    .description('print events as they are stored (JSON lines) until interrupted')
    .option('--db <path>', DB_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--type <type>', 'only events of this type')
    .option('--source <source>', 'only events from this source')
    .option('--from-start', 'print the stored history first')
    .option('--json', 'problems as RFC 9457 JSON on stderr (for scripts)')
    .action(async (opts: { db?: string; server?: string; type?: string; source?: string; fromStart?: boolean; json?: boolean }) => {
      status.code = await eventsTail(opts, io);
    });

  program
    .command('dev')
    .description('run the API on 127.0.0.1 without authentication; load and watch a project folder')
    .option('--port <port>', 'the port', '8787')
    .option('--db <path|url>', 'a SQLite file or a postgres:// URL (default: WEFT_DB_URL, else .weft/weft.db)')
    .option('--dir <project>', 'workflows (*.yaml|*.json) and function folders (with weft.json) to load', './examples')
    .option('--no-watch', 'do not reload the project on changes')
    .action(server('dev'));

  program
    .command('serve')
    .description('run the API in production mode: API keys required (WEFT_ADMIN_KEY bootstraps one), rate limits')
    .option('--host <host>', 'the address to bind', '127.0.0.1')
    .option('--port <port>', 'the port', '8787')
    .option('--db <path|url>', 'a SQLite file or a postgres:// URL (default: WEFT_DB_URL, else .weft/weft.db)')
    .option('--roles <roles>', 'what this node does: api, worker, scheduler, comma-separated (default all; fewer needs PostgreSQL)')
    .action(server('serve'));

  return program;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const status = { code: 0 };
  try {
    await buildProgram(io, status).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return status.code;
}
