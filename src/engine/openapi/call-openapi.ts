/**
 * `call: openapi`: fetches `with.document.endpoint` with an `http` GET effect (once per run and URL: the
 * parsed document is kept in a per-run cache, so replays ask for the same effects in the same order),
 * builds the operation's request with `buildOpenApiRequest`, yields it, and shapes the response like
 * `call: http` (`output: content | response | raw`; statuses outside 2xx — 3xx too when `redirect` is
 * true — fault with a `communication` error). `authentication` (inline, `{ use: name }` or a bare name)
 * supports basic and bearer, for the operation and for the document's endpoint.
 */
import type { Json } from '../../expr/index.js';
import type { Gen, HttpRequest, HttpResponse } from '../effects.js';
import { workflowError } from '../errors.js';
import { type Args, evaluateDeep, evaluateJq, isExpression } from '../expressions.js';
import type { TaskResult } from '../interpreter.js';
import { type RunContext, type TaskScope, argsFor } from '../run-context.js';
import { perform } from '../tasks/perform.js';
import { type Obj, isObj, parseOpenApiDocument } from './openapi-document.js';
import { buildOpenApiRequest } from './openapi-request.js';

/** Parsed documents by run (the RunContext is per run and per replay) and URL. */
const documents = new WeakMap<RunContext, Map<string, Json>>();

export function* callOpenApi(s: TaskScope, input: Json, spec: Obj): Gen<TaskResult> {
  const args = argsFor(s, { input });
  const endpoint = isObj(spec.document) ? spec.document.endpoint : undefined;
  const rawUri = typeof endpoint === 'string' ? endpoint : isObj(endpoint) ? endpoint.uri : undefined;
  if (typeof rawUri !== 'string') throw workflowError('configuration', 'call openapi needs document.endpoint', s.pointer);
  const documentUrl = isExpression(rawUri) ? String(evaluateJq(rawUri, input, args, s.pointer)) : expandTemplate(rawUri, input);
  const docAuth = isObj(endpoint) ? authorization(s, endpoint.authentication, input, args) : undefined;
  const doc = yield* loadDocument(s, documentUrl, docAuth);

  const operationId = evaluateDeep(spec.operationId, input, args, s.pointer);
  if (typeof operationId !== 'string' || !operationId) throw workflowError('configuration', 'call openapi needs an operationId', s.pointer);
  const parameters = spec.parameters === undefined ? {} : evaluateDeep(spec.parameters, input, args, s.pointer);
  if (!isObj(parameters)) throw workflowError('configuration', 'call openapi parameters must be an object', s.pointer);
  const built = buildOpenApiRequest(doc, operationId, parameters, { documentUrl, pointer: s.pointer });
  const auth = authorization(s, spec.authentication, input, args);
  if (auth) built.headers.authorization = auth;

  const request: HttpRequest = { method: built.method, url: built.url, headers: built.headers, redirect: spec.redirect === true };
  if (built.body !== undefined) request.body = built.body;
  const response = (yield* perform({ kind: 'http', key: s.fiber.key(s.pointer), pointer: s.pointer, request })) as unknown as HttpResponse;
  const ok = response.status >= 200 && response.status < (request.redirect ? 400 : 300);
  if (!ok) {
    throw workflowError('communication', `OpenAPI operation '${operationId}' (${request.method} ${redact(request.url)}) answered ${response.status}`, s.pointer, {
      status: response.status,
      response: response as unknown as Json,
    });
  }
  const format = spec.output ?? 'content';
  if (format === 'response') {
    const headers = { ...request.headers };
    delete headers.authorization;
    return { output: { request: { method: request.method, uri: request.url, headers }, statusCode: response.status, headers: response.headers, content: response.body } };
  }
  if (format === 'raw') {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    return { output: base64(text ?? '') };
  }
  return { output: response.body };
}

function* loadDocument(s: TaskScope, url: string, auth: string | undefined): Gen<Json> {
  let cache = documents.get(s.rc);
  if (!cache) documents.set(s.rc, (cache = new Map()));
  const hit = cache.get(url);
  if (hit !== undefined) return hit;
  const headers: Record<string, string> = { accept: 'application/json, application/yaml;q=0.9, */*;q=0.8' };
  if (auth) headers.authorization = auth;
  const request: HttpRequest = { method: 'GET', url, headers, redirect: true };
  const response = (yield* perform({ kind: 'http', key: s.fiber.key(s.pointer), pointer: s.pointer, request })) as unknown as HttpResponse;
  if (response.status < 200 || response.status >= 300) {
    throw workflowError('communication', `fetching the OpenAPI document ${redact(url)} answered ${response.status}`, s.pointer, { status: response.status });
  }
  const contentType = Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const doc = parseOpenApiDocument(response.body, contentType, s.pointer);
  cache.set(url, doc);
  return doc;
}

function authorization(s: TaskScope, raw: Json | undefined, input: Json, args: Args): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const name = typeof raw === 'string' ? raw : isObj(raw) && typeof raw.use === 'string' && Object.keys(raw).length === 1 ? raw.use : undefined;
  let policy: Json | undefined = raw;
  if (name !== undefined) {
    const defs = isObj(s.rc.definition.use) && isObj(s.rc.definition.use.authentications) ? s.rc.definition.use.authentications : {};
    policy = defs[name];
    if (!isObj(policy)) throw workflowError('configuration', `authentication '${name}' is not defined in use.authentications`, s.pointer);
  }
  const p = evaluateDeep(policy, input, args, s.pointer);
  if (isObj(p) && isObj(p.basic)) return `Basic ${base64(`${String(p.basic.username ?? '')}:${String(p.basic.password ?? '')}`)}`;
  if (isObj(p) && isObj(p.bearer)) return `Bearer ${String(p.bearer.token ?? '')}`;
  const scheme = isObj(p) ? (Object.keys(p)[0] ?? 'unknown') : 'unknown';
  throw workflowError('configuration', `authentication scheme '${scheme}' is not supported yet`, s.pointer);
}

function expandTemplate(uri: string, input: Json): string {
  return uri.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = isObj(input) ? input[name] : undefined;
    return v === undefined || v === null ? '' : encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
  });
}

/** The URL without credentials or query (which may carry keys) for error messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Base64 of the UTF-8 bytes of `text`, in chunks (no spread of a large array into one call). */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
