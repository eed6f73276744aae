/**
 * `weft run <file> [--input <json> | --input-file <file>] [--db <path> | --memory | --server <url>]
 * [--workflows <dir>] [--functions <dir>] [--json]`: runs a workflow to its end. Here (the default) it runs
 * in this process on the given documents; `--functions` deploys the function folders under <dir> into the
 * run's store first and, as `weft dev` does, serves the API on a loopback port for the run
 * (`$runtime.metadata.baseUrl`: a flow may call `/fn/<name>` over HTTP). With `--server` the documents and
 * functions are registered on that server and the run happens there. Exit 0 completed, 1 faulted or
 * cancelled, 2 invalid document, function folder, input or flag, 3 server or internal failure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryRegistry } from '../engine/index.js';
import type { Json } from '../shared/index.js';
import type { FastifyInstance } from 'fastify';
import { MANIFEST_FILE } from '../functions/index.js';
import { httpHygieneFromEnv } from '../gateway/index.js';
import { createLogger, createTelemetry } from '../telemetry/index.js';
import { TERMINAL } from '../contracts/index.js';
import { type CliPlatform, DEFAULT_DB, openDatabase, serverOf, withPlatform } from './cli-platform.js';
import { type Composed, compose, gatewayOver } from './compose.js';
import { type LoadReport, loadFunctions } from './project-loader.js';
import { type Loaded, loadWorkflow } from './load-workflow.js';
import { masterKeysFor } from './master-key-file.js';
import { type Io, type Problem, exitStatusOf, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface RunOptions {
  input?: string;
  inputFile?: string;
  /** The SQLite database (default `.weft/weft.db`). */
  db?: string;
  /** A running server to run on (else WEFT_SERVER); its API key from WEFT_API_KEY. */
  server?: string;
  memory?: boolean;
  json?: boolean;
  /** A folder of workflow documents that `run: workflow` may start. */
  workflows?: string;
  /** A folder whose function folders (with a weft.json) are deployed before the run. */
  functions?: string;
}

/** Deploys `dir`'s functions (locally or on a server), saying each on stderr; the problem when one fails or there are none. */
async function deployFunctions(platform: Pick<CliPlatform, 'functions'>, dir: string, io: Io): Promise<Problem | undefined> {
  let reports: LoadReport[];
  try {
    reports = await loadFunctions(platform, dir);
  } catch (err) {
    return usageProblem(CLI_ERROR_CODES.file, `cannot read ${dir}: ${(err as Error).message}`);
  }
  if (!reports.length) return usageProblem(CLI_ERROR_CODES.arg, `--functions ${dir}: no function folder (a folder with ${MANIFEST_FILE}) under it`);
  for (const r of reports) {
    if (r.outcome === 'failed') return usageProblem(CLI_ERROR_CODES.function, `function ${join(dir, r.path)}: ${r.detail}`);
    io.err(`weft: function ${r.what} ${r.outcome === 'registered' ? 'deployed' : 'unchanged'} (${join(dir, r.path)}${r.note ? `: ${r.note}` : ''})`);
  }
  return undefined;
}

/** The API on 127.0.0.1 for the run's duration, quiet (stdout is the run's output). */
async function serveLoopback(app: Composed): Promise<FastifyInstance> {
  const telemetry = createTelemetry({ logger: createLogger({ level: 'silent' }) });
  const hygiene = httpHygieneFromEnv('dev', '127.0.0.1', process.env);
  const gateway = await gatewayOver(app, telemetry, { rateLimits: false, hygiene, ready: () => true, auth: false, api: true });
  app.listening(await gateway.listen({ host: '127.0.0.1', port: 0 }));
  return gateway;
}

/** The workflow documents in `dir` (`--workflows`), each read and checked; the first problem if one is not valid. */
function readWorkflows(dir: string | undefined): Extract<Loaded, { ok: true }>[] | Problem {
  if (dir === undefined) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f));
  } catch (err) {
    return usageProblem(CLI_ERROR_CODES.file, `cannot read ${dir}: ${(err as Error).message}`);
  }
  const loaded: Extract<Loaded, { ok: true }>[] = [];
  for (const name of names) {
    const l = loadWorkflow(join(dir, name));
    if (!l.ok) return l.problem;
    loaded.push(l);
  }
  return loaded;
}

function readInput(o: RunOptions): Json {
  if (o.input !== undefined && o.inputFile !== undefined) throw usageProblem(CLI_ERROR_CODES.arg, 'use either --input or --input-file, not both');
  let text: string | undefined = o.input;
  if (o.inputFile !== undefined) {
    try {
      text = readFileSync(o.inputFile, 'utf8');
    } catch (err) {
      throw usageProblem(CLI_ERROR_CODES.file, `cannot read ${o.inputFile}: ${(err as Error).message}`);
    }
  }
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw usageProblem(CLI_ERROR_CODES.json, `the input is not valid JSON: ${(err as Error).message}`);
  }
}

export async function runWorkflowCommand(file: string, o: RunOptions, io: Io): Promise<number> {
  let input: Json;
  let server: string | undefined;
  try {
    input = readInput(o);
    server = serverOf(o);
    if (server !== undefined && o.memory) throw usageProblem(CLI_ERROR_CODES.arg, 'use either --server (a running Weft) or --memory (a database in this process), not both');
  } catch (problem) {
    reportProblem(io, problemOf(problem), o.json);
    return 2;
  }
  const loaded = loadWorkflow(file);
  if (!loaded.ok) {
    reportProblem(io, loaded.problem, o.json);
    return 2;
  }
  const others = readWorkflows(o.workflows);
  if (!Array.isArray(others)) {
    reportProblem(io, others, o.json);
    return 2;
  }
  return server === undefined ? runHere(loaded, others, input, o, io) : runOnServer(server, loaded, others, input, o, io);
}

/** Runs in this process, on a registry of the given documents (nothing is registered in the database). */
async function runHere(loaded: Extract<Loaded, { ok: true }>, others: Extract<Loaded, { ok: true }>[], input: Json, o: RunOptions, io: Io): Promise<number> {
  const registry = new MemoryRegistry();
  for (const w of [...others, loaded]) registry.add(w.definition);
  let store;
  try {
    store = await openDatabase(o.memory ? ':memory:' : (o.db ?? DEFAULT_DB));
  } catch (err) {
    const problem = problemOf(err);
    reportProblem(io, problem, o.json);
    return exitStatusOf(problem);
  }
  const masterKeys = masterKeysFor(process.env, o.memory ? ':memory:' : (o.db ?? DEFAULT_DB));
  const app = compose({ db: store, egress: 'open', registry, grants: 'all', onNote: (note) => io.err(`weft: ${note}`), ...(masterKeys ? { masterKeys } : {}) });
  let gateway: FastifyInstance | undefined;
  try {
    try {
      await app.ready();
    } catch (err) {
      const problem = problemOf(err);
      reportProblem(io, problem, o.json);
      return exitStatusOf(problem);
    }
    if (o.functions !== undefined) {
      const problem = await deployFunctions(app.platform, o.functions, io);
      if (problem) {
        reportProblem(io, problem, o.json);
        return 2;
      }
      gateway = await serveLoopback(app);
    }
    const result = await app.engine.run(loaded.definition, input);
    // What the run shows, with secret values masked as everywhere else (the journal keeps what it ran on).
    return reportRun(app.redact({ id: result.id, status: result.status, output: result.output ?? null, error: (result.error ?? null) as Json }), o, io);
  } finally {
    await gateway?.close();
    await app.close();
  }
}

/**
 * Runs on a server (`--server`): registers the documents and deploys the functions there (versions are
 * immutable: an edited document needs a new version), starts the run and waits for its end.
 */
function runOnServer(server: string, loaded: Extract<Loaded, { ok: true }>, others: Extract<Loaded, { ok: true }>[], input: Json, o: RunOptions, io: Io): Promise<number> {
  return withPlatform({ server, json: o.json }, io, async (platform) => {
    if (o.functions !== undefined) {
      const problem = await deployFunctions(platform, o.functions, io);
      if (problem) {
        reportProblem(io, problem, o.json);
        return 2;
      }
    }
    for (const w of others) await platform.workflows.register(w.text);
    const { workflow, created } = await platform.workflows.register(loaded.text);
    if (!o.json) io.err(`weft: workflow ${workflow.namespace}/${workflow.name}@${workflow.version} ${created ? 'registered' : 'unchanged'} on ${server}`);
    let { run } = await platform.runs.start({ namespace: workflow.namespace, name: workflow.name, version: workflow.version, input, waitMs: WAIT_MS });
    for (let pause = 100; !TERMINAL.has(run.status); pause = Math.min(pause * 2, 1000)) {
      await new Promise((r) => setTimeout(r, pause));
      run = await platform.runs.get(run.id);
    }
    return reportRun(run, o, io);
  });
}

/** How long one start request waits for the run's end before the command polls it. */
const WAIT_MS = 30_000;

/** Says how a run ended: the output (exit 0) or the error (exit 1), with its id to find it again. */
function reportRun(run: { id: string; status: string; output?: unknown; error?: unknown }, o: RunOptions, io: Io): number {
  if (!o.json) io.err(`weft: run ${run.id} ${run.status}`);
  if (run.status === 'completed') {
    io.out(o.json ? JSON.stringify({ id: run.id, status: 'completed', output: run.output ?? null }) : JSON.stringify(run.output ?? null, null, 2));
    return 0;
  }
  const error = run.error ?? {};
  if (o.json) io.out(JSON.stringify({ id: run.id, status: run.status, error }));
  else io.err(`workflow ${run.status}: ${JSON.stringify(error, null, 2)}`);
  return 1;
}
