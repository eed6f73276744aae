/**
 * `weft workflows test-task <namespace/name> --task <pointer>`: one task of a registered workflow version
 * in isolation, its effects mocked (`--mocks`), or real when `--real` allows their kind (docs/repair.md,
 * "Test one task"). Against a server (`--server`, WEFT_SERVER) or a local database (`--db`): the same
 * platform call, the same answer. Exit 0 the task completed, 1 it faulted or stopped at a pending effect,
 * 2 the request is refused (pointer, flags, unknown workflow), 3 failures.
 */
import { readFileSync } from 'node:fs';
import type { Json } from '../shared/index.js';
import { TEST_REAL_KINDS, type TestRealKind, type TestTaskView } from '../contracts/index.js';
import { type Target, withPlatform } from './cli-platform.js';
import { type Io, exitStatusOf, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface TestTaskFlags extends Target {
  task: string;
  version?: string;
  input?: string;
  context?: string;
  variables?: string;
  mocks?: string;
  mocksFile?: string;
  real?: string;
}

function json(flag: string, text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw Object.assign(usageProblem(CLI_ERROR_CODES.arg, `${flag} is not JSON: ${(err as Error).message}`), { cause: String(err) });
  }
}

/** `--real http,function` (or `all`): the kinds performed for real when not mocked. */
function realOf(text: string | undefined): true | TestRealKind[] | undefined {
  if (text === undefined) return undefined;
  if (text === 'all') return true;
  const kinds = text.split(',').map((k) => k.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(TEST_REAL_KINDS as readonly string[]).includes(k));
  if (bad.length) throw usageProblem(CLI_ERROR_CODES.arg, `--real: ${bad.join(', ')} cannot be performed for real; use a comma list of ${TEST_REAL_KINDS.join(', ')}, or all`);
  return kinds as TestRealKind[];
}

function parse(ref: string, o: TestTaskFlags) {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) throw usageProblem(CLI_ERROR_CODES.arg, `${JSON.stringify(ref)} is not namespace/name`);
  if (o.mocks !== undefined && o.mocksFile !== undefined) throw usageProblem(CLI_ERROR_CODES.arg, 'use either --mocks or --mocks-file, not both');
  const mocks = json('--mocks', o.mocks ?? (o.mocksFile !== undefined ? readFileSync(o.mocksFile, 'utf8') : undefined));
  if (mocks !== undefined && (mocks === null || typeof mocks !== 'object' || Array.isArray(mocks))) throw usageProblem(CLI_ERROR_CODES.arg, '--mocks must be a JSON object: {"<task pointer or effect key>": <result>}');
  const variables = json('--variables', o.variables);
  const input = json('--input', o.input);
  const context = json('--context', o.context);
  const real = realOf(o.real);
  return {
    namespace: ref.slice(0, slash), name: ref.slice(slash + 1), task: o.task,
    ...(o.version ? { version: o.version } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(variables !== undefined ? { variables: variables as Record<string, Json> } : {}),
    ...(mocks !== undefined ? { mocks: mocks as Record<string, Json> } : {}),
    ...(real !== undefined ? { real } : {}),
  };
}

/** The answer for a person: status, each effect on a line, then the output (or the problem). */
function describe(a: TestTaskView): string[] {
  const lines = [`task ${a.transitions[0] ?? ''}: ${a.status}`];
  for (const e of a.effects) {
    const how = e.pending ? 'PENDING (no mock)' : e.real ? 'real' : 'mocked';
    const req = e.request as { method?: string; url?: string; name?: string } | null;
    const what = e.kind === 'http' && req ? ` ${req.method} ${req.url}` : e.kind === 'function' && req ? ` ${req.name}` : '';
    lines.push(`  ${e.kind}${what} at ${e.pointer} [${e.key}]: ${how}${e.error ? ` → error ${e.error.status} ${e.error.detail ?? e.error.title ?? ''}` : ''}`);
  }
  if (a.status === 'completed') lines.push(`output: ${JSON.stringify(a.output)}`, `context: ${JSON.stringify(a.context ?? null)}`);
  if (a.error) lines.push(`error: ${JSON.stringify(a.error)}`);
  if (a.status === 'pending') lines.push('mock the pending effects with --mocks \'{"<pointer>": <result>}\' (or allow them with --real)');
  return lines;
}

export function workflowsTestTask(ref: string, o: TestTaskFlags, io: Io): Promise<number> {
  let req: ReturnType<typeof parse>;
  try {
    req = parse(ref, o);
  } catch (err) {
    const problem = problemOf(err);
    reportProblem(io, problem, o.json);
    return Promise.resolve(exitStatusOf(problem));
  }
  return withPlatform(o, io, async (platform) => {
    const answer = await platform.workflows.testTask(req);
    if (o.json) io.out(JSON.stringify(answer));
    else for (const line of describe(answer)) io.out(line);
    return answer.status === 'completed' ? 0 : 1;
  });
}
