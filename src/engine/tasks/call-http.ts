/**
 * `call: http`: builds the request (endpoint as a URI template `{var}` filled from the task input, or an
 * expression; query; headers; body; basic and bearer authentication, inline or from
 * `use.authentications`), yields it as an effect, and shapes the response (`output: content | response |
 * raw`). Statuses outside 2xx (3xx too when `redirect` is true) fault with a `communication` error.
 */
import type { Json } from '../../expr/index.js';
import type { Gen, HttpRequest, HttpResponse } from '../effects.js';
import { workflowError } from '../errors.js';
import { evaluateDeep, isExpression, evaluateJq } from '../expressions.js';
import type { TaskResult } from '../interpreter.js';
import { type TaskScope, argsFor } from '../run-context.js';
import { perform } from './perform.js';

type Obj = Record<string, Json>;

function expandTemplate(uri: string, input: Json): string {
  return uri.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = input && typeof input === 'object' && !Array.isArray(input) ? (input as Obj)[name] : undefined;
    return v === undefined || v === null ? '' : encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
  });
}

function resolveAuth(s: TaskScope, auth: Json | undefined): Obj | null {
  if (!auth || typeof auth !== 'object' || Array.isArray(auth)) return null;
  if (typeof auth.use === 'string') {
    const defs = ((s.rc.definition.use as Obj | undefined)?.authentications ?? {}) as Obj;
    const def = defs[auth.use];
    if (!def) throw workflowError('configuration', `authentication '${auth.use}' is not defined in use.authentications`, s.pointer);
    return def as Obj;
  }
  return auth as Obj;
}

function authorizationHeader(auth: Obj, pointer: string): string {
  if (auth.basic) {
    const b = auth.basic as Obj;
    return `Basic ${btoa(`${String(b.username ?? '')}:${String(b.password ?? '')}`)}`;
  }
  if (auth.bearer) return `Bearer ${String((auth.bearer as Obj).token ?? '')}`;
  const scheme = Object.keys(auth)[0] ?? 'unknown';
  throw workflowError('configuration', `authentication scheme '${scheme}' is not supported yet`, pointer);
}

export function* callHttp(s: TaskScope, input: Json, spec: Obj): Gen<TaskResult> {
  const args = argsFor(s, { input });
  const method = String(evaluateDeep(spec.method ?? 'get', input, args, s.pointer)).toUpperCase();
  const endpoint = spec.endpoint;
  const rawUri = typeof endpoint === 'string' ? endpoint : ((endpoint as Obj | null)?.uri as string | undefined);
  if (typeof rawUri !== 'string') throw workflowError('configuration', 'call http needs an endpoint', s.pointer);
  let url = isExpression(rawUri) ? String(evaluateJq(rawUri, input, args, s.pointer)) : expandTemplate(rawUri, input);
  const query = evaluateDeep(spec.query, input, args, s.pointer);
  if (query && typeof query === 'object' && !Array.isArray(query)) {
    const u = new URL(url);
    for (const [k, v] of Object.entries(query)) if (v !== null) u.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    url = u.toString();
  }
  const headers: Record<string, string> = {};
  const h = evaluateDeep(spec.headers, input, args, s.pointer);
  if (h && typeof h === 'object' && !Array.isArray(h)) for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
  const auth = resolveAuth(s, typeof endpoint === 'object' ? (endpoint as Obj | null)?.authentication : undefined);
  if (auth) headers.authorization = authorizationHeader(evaluateDeep(auth, input, args, s.pointer) as Obj, s.pointer);
  const request: HttpRequest = { method, url, headers, redirect: spec.redirect === true };
  if (spec.body !== undefined) request.body = evaluateDeep(spec.body, input, args, s.pointer);
  const response = (yield* perform({ kind: 'http', key: s.fiber.key(s.pointer), pointer: s.pointer, request })) as unknown as HttpResponse;
  const ok = response.status >= 200 && response.status < (request.redirect ? 400 : 300);
  if (!ok) {
    throw workflowError('communication', `HTTP ${method} ${url} answered ${response.status}`, s.pointer, {
      status: response.status,
      response: response as unknown as Json,
    });
  }
  const format = spec.output ?? 'content';
  if (format === 'response') {
    return { output: { request: { method, uri: url, headers }, statusCode: response.status, headers: response.headers, content: response.body } };
  }
  if (format === 'raw') {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    return { output: btoa(String.fromCharCode(...new TextEncoder().encode(text))) };
  }
  return { output: response.body };
}
