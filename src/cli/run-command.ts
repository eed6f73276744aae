/**
 * `weft run <file> [--input <json> | --input-file <file>] [--db <path> | --memory] [--functions <dir>]
 * [--json]`: runs a workflow to its end in this process. `--functions` deploys the function folders under
 * <dir> into the run's store first and, as `weft dev` does, serves the API on a loopback port for the run
 * (`$runtime.metadata.baseUrl`: a flow may call `/fn/<name>` over HTTP). Exit 0 completed, 1 faulted,
 * 2 invalid document, function folder or usage.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryRegistry } from '../engine/index.js';
import type { Json } from '../shared/index.js';
import type { FastifyInstance } from 'fastify';
import { MANIFEST_FILE } from '../functions/index.js';
import { httpHygieneFromEnv } from '../gateway/index.js';
import { createLogger, createTelemetry } from '../telemetry/index.js';
import { type Composed, compose, gatewayOver, openStore } from './compose.js';
import { type LoadReport, loadFunctions } from './project-loader.js';
import { loadWorkflow } from './load-workflow.js';
import { type Io, type Problem, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface RunOptions {
  input?: string;
  inputFile?: string;
  db: string;
  memory?: boolean;
  json?: boolean;
  /** A folder of workflow documents that `run: workflow` may start. */
  workflows?: string;
  /** A folder whose function folders (with a weft.json) are deployed before the run. */
  functions?: string;
}

/** Deploys `dir`'s functions, saying each on stderr; the problem when one fails or there are none. */
async function deployFunctions(app: Composed, dir: string, io: Io): Promise<Problem | undefined> {
  let reports: LoadReport[];
  try {
    reports = await loadFunctions(app.platform, dir);
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

function registryFor(definition: Record<string, Json>, dir?: string): MemoryRegistry | Problem {
  const registry = new MemoryRegistry();
  if (dir !== undefined) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f));
    } catch (err) {
      return usageProblem(CLI_ERROR_CODES.file, `cannot read ${dir}: ${(err as Error).message}`);
    }
    for (const name of names) {
      const loaded = loadWorkflow(join(dir, name));
      if (!loaded.ok) return loaded.problem;
      registry.add(loaded.definition);
    }
  }
  registry.add(definition);
  return registry;
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
  try {
    input = readInput(o);
  } catch (problem) {
    reportProblem(io, problem as Problem, o.json);
    return 2;
  }
  const loaded = loadWorkflow(file);
  if (!loaded.ok) {
    reportProblem(io, loaded.problem, o.json);
    return 2;
  }
  const registry = registryFor(loaded.definition, o.workflows);
  if (!(registry instanceof MemoryRegistry)) {
    reportProblem(io, registry, o.json);
    return 2;
  }
  let store;
  try {
    store = await openStore(o.memory ? ':memory:' : o.db);
  } catch (err) {
    reportProblem(io, problemOf(err), o.json);
    return 2;
  }
  const app = compose({ db: store, egress: 'open', registry, grants: 'all', onNote: (note) => io.err(`weft: ${note}`) });
  let gateway: FastifyInstance | undefined;
  try {
    if (o.functions !== undefined) {
      const problem = await deployFunctions(app, o.functions, io);
      if (problem) {
        reportProblem(io, problem, o.json);
        return 2;
      }
      gateway = await serveLoopback(app);
    }
    const result = await app.engine.run(loaded.definition, input);
    // The run's id, to find it again (`--db`: the run and its journal stay there).
    if (!o.json) io.err(`weft: run ${result.id} ${result.status}`);
    if (result.status === 'completed') {
      io.out(o.json ? JSON.stringify({ id: result.id, status: 'completed', output: result.output }) : JSON.stringify(result.output, null, 2));
      return 0;
    }
    const error = result.error ?? {};
    if (o.json) io.out(JSON.stringify({ id: result.id, status: result.status, error }));
    else io.err(`workflow ${result.status}: ${JSON.stringify(error, null, 2)}`);
    return 1;
  } finally {
    await gateway?.close();
    await app.close();
  }
}
