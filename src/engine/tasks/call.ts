/**
 * `call`: `http` and `openapi`; `grpc`, `asyncapi`, `mcp`, `a2a` and custom functions are refused with a
 * configuration error until they are implemented (never a silent no-op).
 */
import type { Json } from '../../expr/index.js';
import { workflowError } from '../errors.js';
import { callOpenApi } from '../openapi/call-openapi.js';
import { callHttp } from './call-http.js';
import type { TaskHandler } from './index.js';

export const callTask: TaskHandler = function* (s, input) {
  const kind = s.task.call;
  const args = (s.task.with ?? {}) as Record<string, Json>;
  if (kind === 'http') return yield* callHttp(s, input, args);
  if (kind === 'openapi') return yield* callOpenApi(s, input, args);
  throw workflowError('configuration', `call: ${String(kind)} is not supported yet`, s.pointer);
};
