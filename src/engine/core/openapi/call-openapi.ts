/**
 * `call: openapi`: fetches `with.document.endpoint` with an `http` GET effect (once per run and URL: the
 * parsed document is kept in a per-run cache, so replays ask for the same effects in the same order),
 * builds the operation's request with `buildOpenApiRequest`, yields it, and shapes the response like
 * `call: http` (`output: content | response | raw`; statuses outside 2xx — 3xx too when `redirect` is
 * true — fault with a `communication` error). `authentication` (inline, `{ use: name }` or a bare name)
 * supports basic and bearer, for the operation and for the document's endpoint.
 */
import type { CallOpenApi } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import type { Gen, HttpRequest, HttpResponse } from '../effects.js';
import { workflowError } from '../errors.js';
import { evaluateDeep, evaluateJq, isExpression } from '../expressions.js';
import { type RunContext, type TaskResult, type TaskScope, argsFor } from '../run-context.js';
import { type Authorization, authorize, expandTemplate, redact, resolveAuthorization, shapeResponse } from '../tasks/http-common.js';
import { perform } from '../tasks/perform.js';
import { isObj, parseOpenApiDocument } from './openapi-document.js';
import { buildOpenApiRequest } from './openapi-request.js';

/** Parsed documents by run (the RunContext is per run and per replay) and URL. */
const documents = new WeakMap<RunContext, Map<string, Json>>();

export function* callOpenApi(s: TaskScope, input: Json, spec: Partial<CallOpenApi['with']>): Gen<TaskResult> {
  const args = argsFor(s, { input });
  const endpoint = isObj(spec.document) ? spec.document.endpoint : undefined;
  const rawUri = typeof endpoint === 'string' ? endpoint : isObj(endpoint) ? endpoint.uri : undefined;
  if (typeof rawUri !== 'string') throw workflowError('configuration', 'call openapi needs document.endpoint', s.pointer);
  const documentUrl = isExpression(rawUri) ? String(evaluateJq(rawUri, input, args, s.pointer)) : expandTemplate(rawUri, input, s.pointer);
  const docAuthz = isObj(endpoint) ? resolveAuthorization(s, endpoint.authentication, input, args) : undefined;
  const doc = yield* loadDocument(s, documentUrl, docAuthz);

  const operationId = evaluateDeep(spec.operationId, input, args, s.pointer);
  if (typeof operationId !== 'string' || !operationId) throw workflowError('configuration', 'call openapi needs an operationId', s.pointer);
  const parameters = spec.parameters === undefined ? {} : evaluateDeep(spec.parameters, input, args, s.pointer);
  if (!isObj(parameters)) throw workflowError('configuration', 'call openapi parameters must be an object', s.pointer);
  const built = buildOpenApiRequest(doc, operationId, parameters, { documentUrl, pointer: s.pointer });
  const authz = resolveAuthorization(s, spec.authentication, input, args);
  const request: HttpRequest = { method: built.method, url: built.url, headers: built.headers, redirect: spec.redirect === true };
  authorize(request, authz);
  if (built.body !== undefined) request.body = built.body;
  const response = (yield* perform({ kind: 'http', key: s.fiber.key(s.pointer), pointer: s.pointer, request })) as unknown as HttpResponse;
  return shapeResponse(spec.output ?? 'content', request, response, authz, `OpenAPI operation '${operationId}'`, s.pointer);
}

function* loadDocument(s: TaskScope, url: string, auth: Authorization | undefined): Gen<Json> {
  let cache = documents.get(s.rc);
  if (!cache) documents.set(s.rc, (cache = new Map()));
  const hit = cache.get(url);
  if (hit !== undefined) return hit;
  const headers: Record<string, string> = { accept: 'application/json, application/yaml;q=0.9, */*;q=0.8' };
  const request: HttpRequest = { method: 'GET', url, headers, redirect: true };
  authorize(request, auth);
  const response = (yield* perform({ kind: 'http', key: s.fiber.key(s.pointer), pointer: s.pointer, request })) as unknown as HttpResponse;
  if (response.status < 200 || response.status >= 300) {
    throw workflowError('communication', `fetching the OpenAPI document ${redact(url)} answered ${response.status}`, s.pointer, { status: response.status });
  }
  const contentType = Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const doc = parseOpenApiDocument(response.body, contentType, s.pointer);
  cache.set(url, doc);
  return doc;
}
