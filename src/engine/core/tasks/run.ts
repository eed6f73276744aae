/**
 * `run`: `run: workflow` starts a sub-workflow (by namespace, name and version) as a run of its own and,
 * unless `await: false`, outputs its result. `run: script` in JavaScript runs in a sandbox and outputs per
 * `return` (stdout by default). Containers, shells and other languages are refused until supported.
 */
import type { ContainerProcess, RunTask, ScriptProcess, ShellProcess, WorkflowProcess } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import { workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import type { Gen } from '../effects.js';
import { type TaskHandler, type TaskResult, type TaskScope, argsFor } from '../run-context.js';
import { perform } from './perform.js';

/** `run` read as one object: the DSL's one-of (container, script, shell, workflow) with every branch optional. */
type RunSpec = Partial<{ container: ContainerProcess; script: ScriptProcess; shell: ShellProcess; workflow: WorkflowProcess }> &
  Omit<RunTask['run'], 'container' | 'script' | 'shell' | 'workflow'>;

export const runTask: TaskHandler<RunTask> = function* (s, input) {
  const spec: RunSpec = s.task.run ?? {};
  const wf = spec.workflow;
  if (spec.script) return yield* runScript(s, input, spec, spec.script);
  if (!wf) {
    const kind = ['container', 'shell'].find((k) => k in spec) ?? 'process';
    throw workflowError('configuration', `run: ${kind} is not supported yet`, s.pointer);
  }
  if (typeof wf.name !== 'string' || typeof wf.namespace !== 'string') {
    throw workflowError('configuration', 'run.workflow needs a namespace and a name', s.pointer);
  }
  const wait = spec.await !== false;
  const childInput = wf.input === undefined ? input : evaluateDeep(wf.input, input, argsFor(s, { input }), s.pointer);
  const version = typeof wf.version === 'string' ? wf.version : undefined;
  const output = yield* perform({
    kind: 'subflow',
    key: s.fiber.key(s.pointer),
    pointer: s.pointer,
    workflow: { namespace: wf.namespace, name: wf.name, ...(version ? { version } : {}) },
    input: childInput,
    await: wait,
  });
  return { output: wait ? output : input };
};

function* runScript(s: TaskScope, input: Json, spec: RunSpec, script: ScriptProcess): Gen<TaskResult> {
  const language = String(script.language ?? '').toLowerCase();
  if (language !== 'js' && language !== 'javascript') throw workflowError('configuration', `run: script in ${language || 'an unnamed language'} is not supported`, s.pointer);
  if (typeof script.code !== 'string') throw workflowError('configuration', 'run: script needs inline code (external sources are not supported yet)', s.pointer);
  const args = argsFor(s, { input });
  const argv = evaluateDeep(script.arguments ?? [], input, args, s.pointer);
  const env = evaluateDeep(script.environment ?? {}, input, args, s.pointer);
  const stdin = script.stdin === undefined ? null : evaluateDeep(script.stdin, input, args, s.pointer);
  const r = (yield* perform({
    kind: 'script',
    key: s.fiber.key(s.pointer),
    pointer: s.pointer,
    code: script.code,
    arguments: (Array.isArray(argv) ? argv : [argv]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))),
    environment: Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    stdin: stdin === null ? null : typeof stdin === 'string' ? stdin : JSON.stringify(stdin),
  })) as Record<string, Json>;
  if (spec.await === false) return { output: input };
  switch (spec.return ?? 'stdout') {
    case 'stderr':
      return { output: r.stderr };
    case 'code':
      return { output: r.code };
    case 'all':
      return { output: r };
    case 'none':
      return { output: null };
    default:
      return { output: r.stdout };
  }
}
