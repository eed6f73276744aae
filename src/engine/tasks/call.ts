/**
 * `call`: `http`, `openapi`, and functions defined in `use.functions` (a reusable task, run with the
 * evaluated `with` as its input). `grpc`, `asyncapi`, `mcp`, `a2a` and catalog functions are refused with
 * a configuration error until they are implemented (never a silent no-op).
 */
import type { Json } from '../../expr/index.js';
import { workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import { runTask } from '../interpreter.js';
import { callOpenApi } from '../openapi/call-openapi.js';
import { argsFor } from '../run-context.js';
import { callHttp } from './call-http.js';
import type { TaskHandler } from './index.js';

export const callTask: TaskHandler = function* (s, input) {
  const kind = s.task.call;
  const args = (s.task.with ?? {}) as Record<string, Json>;
  if (kind === 'http') return yield* callHttp(s, input, args);
  if (kind === 'openapi') return yield* callOpenApi(s, input, args);
  const functions = ((s.rc.definition.use as Record<string, Json> | undefined)?.functions ?? {}) as Record<string, Json>;
  if (typeof kind === 'string' && Object.prototype.hasOwnProperty.call(functions, kind)) {
    const fnInput = s.task.with === undefined ? input : evaluateDeep(s.task.with, input, argsFor(s, { input }), s.pointer);
    return yield* runTask({ ...s, name: kind, task: functions[kind] as Record<string, Json> }, fnInput);
  }
  throw workflowError('configuration', `call: ${String(kind)} is not supported yet`, s.pointer);
};
