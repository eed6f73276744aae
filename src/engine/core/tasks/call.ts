/**
 * `call`: `http`, `openapi`, functions defined in `use.functions` (a reusable task, run with the evaluated
 * `with` as its input) and deployed functions of the default catalog (`name:version@default`, or
 * `name:alias@default` as a Weft extension). `grpc`, `asyncapi`, `mcp`, `a2a` and other catalogs are
 * refused with a configuration error (never a silent no-op).
 */
import type { CallTask } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import { WorkflowError, workflowError } from '../errors.js';

/** `{function}:{version or alias}@{catalog}` (dsl.md, Using Cataloged Functions). */
const CATALOG_CALL = /^([^:@\s/]+):([^@\s]+)@([^@\s]+)$/;
import { evaluateDeep } from '../expressions.js';
import { callOpenApi } from '../openapi/call-openapi.js';
import { type TaskHandler, argsFor } from '../run-context.js';
import { callHttp } from './call-http.js';

/** Whether a call task is of one built-in kind (`http`, `openapi`), and so has that kind's `with`. */
function isCall<K extends string>(task: CallTask, kind: K): task is Extract<CallTask, { call: K }> {
  return task.call === kind;
}

export const callTask: TaskHandler<CallTask> = function* (s, input) {
  const task = s.task;
  const kind = task.call;
  if (isCall(task, 'http')) return yield* callHttp(s, input, task.with ?? {});
  if (isCall(task, 'openapi')) return yield* callOpenApi(s, input, task.with ?? {});
  const catalog = typeof kind === 'string' ? CATALOG_CALL.exec(kind) : null;
  if (catalog) {
    const [, name, ref, catalogName] = catalog;
    if (catalogName !== 'default') throw workflowError('configuration', `catalog '${catalogName}' is not supported yet (only the default catalog)`, s.pointer);
    const fnInput = s.task.with === undefined ? input : evaluateDeep(s.task.with, input, argsFor(s, { input }), s.pointer);
    const pins = (s.rc.pinnedFunctions ??= new Map());
    const pinKey = `${name}:${ref}`;
    const pinned = pins.get(pinKey);
    const r = yield [{ kind: 'function', key: s.fiber.key(s.pointer), pointer: s.pointer, name, ref, ...(pinned ? { pinned } : {}), input: fnInput }];
    // A failed invocation still resolved a version (`functionVersion` on the problem): retries keep it.
    const version = 'error' in r ? r.error.functionVersion : (r.value as Record<string, Json>).version;
    if (typeof version === 'string') pins.set(pinKey, version);
    if ('error' in r) throw new WorkflowError(r.error);
    return { output: (r.value as Record<string, Json>).output ?? null };
  }
  const functions = s.rc.definition.use?.functions ?? {};
  if (typeof kind === 'string' && Object.prototype.hasOwnProperty.call(functions, kind)) {
    const fnInput = s.task.with === undefined ? input : evaluateDeep(s.task.with, input, argsFor(s, { input }), s.pointer);
    return yield* s.interpreter.runTask({ ...s, name: kind, task: functions[kind] }, fnInput);
  }
  throw workflowError('configuration', `call: ${String(kind)} is not supported yet`, s.pointer);
};
