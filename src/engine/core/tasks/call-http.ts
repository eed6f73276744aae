/**
 * `call: http`: builds the request (endpoint as a URI template `{var}` filled from the task input, or an
 * expression; query; headers; body; authentication), yields it as an effect, and shapes the response.
 */
import type { CallHttp } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import type { Gen, HttpRequest, HttpResponse } from '../effects.js';
import { workflowError } from '../errors.js';
import { evaluateDeep, evaluateJq, isExpression } from '../expressions.js';
import { type TaskResult, type TaskScope, argsFor } from '../run-context.js';
import { authorize, expandTemplate, resolveAuthorization, shapeResponse } from './http-common.js';
import { perform } from './perform.js';

export function* callHttp(s: TaskScope, input: Json, spec: Partial<CallHttp['with']>): Gen<TaskResult> {
  const args = argsFor(s, { input });
  const method = String(evaluateDeep(spec.method ?? 'get', input, args, s.pointer)).toUpperCase();
  const endpoint = spec.endpoint;
  const rawUri = typeof endpoint === 'string' ? endpoint : endpoint?.uri;
  if (typeof rawUri !== 'string') throw workflowError('configuration', 'call http needs an endpoint', s.pointer);
  let url = isExpression(rawUri) ? String(evaluateJq(rawUri, input, args, s.pointer)) : expandTemplate(rawUri, input, s.pointer);
  const query = evaluateDeep(spec.query, input, args, s.pointer);
  if (query && typeof query === 'object' && !Array.isArray(query)) {
    const u = new URL(url);
    for (const [k, v] of Object.entries(query)) if (v !== null) u.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    url = u.toString();
  }
  const headers: Record<string, string> = {};
  const h = evaluateDeep(spec.headers, input, args, s.pointer);
  if (h && typeof h === 'object' && !Array.isArray(h)) for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
  const authz = resolveAuthorization(s, typeof endpoint === 'object' ? endpoint?.authentication : undefined, input, args);
  const request: HttpRequest = { method, url, headers, redirect: spec.redirect === true };
  authorize(request, authz);
  if (spec.body !== undefined) request.body = evaluateDeep(spec.body, input, args, s.pointer);
  const response = (yield* perform({ kind: 'http', key: s.fiber.key(s.pointer), pointer: s.pointer, request })) as unknown as HttpResponse;
  return shapeResponse(spec.output ?? 'content', request, response, authz, 'HTTP call', s.pointer);
}
