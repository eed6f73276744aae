/**
 * `call: openapi` request building: finds `operationId` in an OpenAPI 3.x or Swagger 2.0 document and turns
 * the task's `parameters` (values by parameter name) into an HTTP request. Pure.
 *
 * - Base URL. 3.x: the first of the operation's, else the path item's, else the root `servers` (default
 *   `/`), server variables at their `default`, relative URLs resolved against the document's URL.
 *   2.0: `schemes` (the document URL's scheme when listed or when none are, else the first listed; the
 *   operation's list wins), `host` (default: the document's host) and `basePath`.
 * - Parameters: path-level and operation-level lists merged by (`name`, `in`), the operation's winning;
 *   local `$ref`s followed. Path values are substituted (percent-encoded), query values appended in
 *   order, header values sent under lower-case names, cookie values in one `cookie` header. 3.x ignores
 *   header parameters named Accept, Content-Type or Authorization, as OpenAPI says.
 * - Body. 2.0: the `in: body` parameter's value, by its name. 3.x: the parameter named by the request
 *   body's `x-codegen-request-body-name`, else `body`. Without such a value, the parameters named after the
 *   top-level `properties` of the (JSON) body schema, and not used by another parameter, make the body (as
 *   the Java SDK does). The media type is the first JSON one declared, else the first; a non-JSON media
 *   type takes a string value only. `formData` (2.0) is not supported.
 * - Missing required parameters or body: a `validation` error naming them; an unknown operation or an
 *   unusable document: a `configuration` error. Messages name no parameter values.
 */
import type { Json } from '../../../shared/index.js';
import { workflowError } from '../errors.js';
import { type Obj, deref, isObj, openApiVersion } from './openapi-document.js';
import { type Location, headerValue, pathValue, queryPairs, shapeOf } from './openapi-params.js';

export interface OpenApiRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Json;
}

export interface OpenApiRequestOptions {
  /** Where the document was fetched from: the base for relative servers and Swagger's defaults. */
  documentUrl: string;
  /** The task's JSON pointer, the `instance` of errors. */
  pointer: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const LOCATIONS = new Set(['path', 'query', 'header', 'cookie', 'body', 'formData']);
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
const isJsonType = (t: string): boolean => /^application\/json\b|[/+]json\b|^\*\/\*/i.test(t);

interface Operation {
  path: string;
  method: string;
  item: Obj;
  op: Obj;
}

export function buildOpenApiRequest(doc: Json, operationId: string, parameters: Record<string, Json>, opts: OpenApiRequestOptions): OpenApiRequest {
  const { pointer } = opts;
  const version = openApiVersion(doc, pointer);
  const d = doc as Obj;
  const { path, method, item, op } = findOperation(d, operationId, pointer);
  const given = (name: string): Json | undefined => (Object.prototype.hasOwnProperty.call(parameters, name) ? parameters[name] : undefined);

  const missing: string[] = [];
  const used = new Set<string>();
  const query: string[] = [];
  const cookies: string[] = [];
  const headers: Record<string, string> = {};
  const values = new Map<string, string>();
  let bodyParam: Obj | undefined;
  for (const p of mergedParameters(d, item, op, pointer)) {
    const name = p.name as string;
    const loc = p.in as string;
    if (loc === 'body') {
      bodyParam = p;
      continue;
    }
    if (loc === 'header' && version === 3 && RESERVED_HEADERS.has(name.toLowerCase())) continue;
    const v = given(name);
    if (v === undefined || v === null) {
      if (p.required === true || loc === 'path') missing.push(name);
      continue;
    }
    used.add(name);
    if (loc === 'formData') throw workflowError('configuration', `formData parameter '${name}' of operation '${operationId}' is not supported`, pointer);
    const shape = shapeOf(p, loc as Location, version);
    if (loc === 'path') values.set(name, pathValue(name, v, shape));
    else if (loc === 'query') query.push(...queryPairs(name, v, shape));
    else if (loc === 'cookie') cookies.push(...queryPairs(name, v, shape));
    else headers[name.toLowerCase()] = checkHeader(name, headerValue(v, shape), pointer);
  }
  if (cookies.length) headers.cookie = cookies.join('; ');

  let body: Json | undefined;
  let mediaTypes: string[] = [];
  let bodyRequired = false;
  let bodyName = 'body';
  let schema: Json | undefined;
  if (version === 2 && bodyParam) {
    bodyName = bodyParam.name as string;
    bodyRequired = bodyParam.required === true;
    schema = bodyParam.schema;
    mediaTypes = strings(op.consumes ?? d.consumes);
  } else if (version === 3 && op.requestBody !== undefined) {
    const rb = deref(d, op.requestBody, pointer);
    if (isObj(rb)) {
      if (typeof rb['x-codegen-request-body-name'] === 'string') bodyName = rb['x-codegen-request-body-name'];
      bodyRequired = rb.required === true;
      mediaTypes = isObj(rb.content) ? Object.keys(rb.content) : [];
      const media = pickMediaType(mediaTypes);
      schema = media && isObj(rb.content) && isObj(rb.content[media]) ? rb.content[media].schema : undefined;
    }
  }
  if ((version === 2 && bodyParam) || (version === 3 && op.requestBody !== undefined)) {
    const v = used.has(bodyName) ? undefined : given(bodyName);
    body = v === undefined || v === null ? bodyFromProperties(d, schema, parameters, used, pointer) : v;
    if (body === undefined && bodyRequired) missing.push(bodyName);
  }
  // A template variable the document forgot to declare is still filled, from the parameter of that name.
  const filled = path.replace(/\{([^}/]+)\}/g, (_, name: string) => {
    const declared = values.get(name);
    if (declared !== undefined) return declared;
    const v = given(name);
    if (v === undefined || v === null) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return pathValue(name, v, shapeOf({}, 'path', version));
  });
  if (missing.length) {
    throw workflowError('validation', `operation '${operationId}' is missing required parameter${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, pointer, {
      missing,
    });
  }

  if (filled.split('/').some((seg) => /^(\.|%2e){1,2}$/i.test(seg))) {
    throw workflowError('validation', `a path parameter of operation '${operationId}' makes a '.' or '..' path segment`, pointer);
  }
  const base = baseUrl(d, version, item, op, opts).replace(/\/+$/, '');
  let url = base + (filled.startsWith('/') ? filled : `/${filled}`);
  if (query.length) url += (url.includes('?') ? '&' : '?') + query.join('&');

  if (body !== undefined) {
    const media = pickMediaType(mediaTypes) ?? 'application/json';
    if (!isJsonType(media) && typeof body !== 'string') {
      throw workflowError('configuration', `operation '${operationId}' takes a ${media} body, which only a string parameter can supply`, pointer);
    }
    headers['content-type'] = media === '*/*' ? 'application/json' : media;
  }
  const produces = version === 2 ? strings(op.produces ?? d.produces) : responseTypes(d, op, pointer);
  if (produces.some(isJsonType)) headers.accept = 'application/json';
  return body === undefined ? { method: method.toUpperCase(), url, headers } : { method: method.toUpperCase(), url, headers, body };
}

function findOperation(d: Obj, operationId: string, pointer: string): Operation {
  const paths = isObj(d.paths) ? d.paths : {};
  for (const [path, raw] of Object.entries(paths)) {
    const item = deref(d, raw, pointer);
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (isObj(op) && op.operationId === operationId) return { path, method, item, op };
    }
  }
  throw workflowError('configuration', `the OpenAPI document has no operation '${operationId}'`, pointer);
}

function mergedParameters(d: Obj, item: Obj, op: Obj, pointer: string): Obj[] {
  const merged = new Map<string, Obj>();
  for (const list of [item.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(d, raw, pointer);
      if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string' || !LOCATIONS.has(p.in)) {
        throw workflowError('configuration', 'the OpenAPI document has a parameter without a valid name and location', pointer);
      }
      merged.set(`${p.in}\0${p.name}`, p);
    }
  }
  return [...merged.values()];
}

/** The body from the parameters named after the schema's top-level properties (none: undefined). */
function bodyFromProperties(d: Obj, schema: Json | undefined, parameters: Obj, used: Set<string>, pointer: string): Json | undefined {
  const names = new Set<string>();
  const collect = (raw: Json | undefined, depth: number): void => {
    const s = deref(d, raw, pointer);
    if (!isObj(s) || depth > 8) return;
    if (isObj(s.properties)) for (const k of Object.keys(s.properties)) names.add(k);
    if (Array.isArray(s.allOf)) for (const part of s.allOf) collect(part, depth + 1);
  };
  collect(schema, 0);
  const out: Obj = {};
  for (const k of names) if (!used.has(k) && Object.prototype.hasOwnProperty.call(parameters, k) && parameters[k] !== undefined) out[k] = parameters[k];
  return Object.keys(out).length ? out : undefined;
}

function baseUrl(d: Obj, version: 2 | 3, item: Obj, op: Obj, opts: OpenApiRequestOptions): string {
  let doc: URL | undefined;
  try {
    doc = new URL(opts.documentUrl);
  } catch {
    doc = undefined;
  }
  if (version === 2) {
    const listed = strings(op.schemes ?? d.schemes).map((s) => s.toLowerCase());
    const own = doc?.protocol.slice(0, -1);
    const scheme = own && (listed.length === 0 || listed.includes(own)) ? own : listed[0];
    const host = typeof d.host === 'string' ? d.host : doc?.host;
    if (!scheme || !host) throw workflowError('configuration', 'the Swagger document gives no scheme or host, and its own URL is not absolute', opts.pointer);
    const basePath = typeof d.basePath === 'string' ? d.basePath : '';
    return `${scheme}://${host}${basePath.startsWith('/') || basePath === '' ? basePath : `/${basePath}`}`;
  }
  const servers = [op.servers, item.servers, d.servers].find((s) => Array.isArray(s) && s.length > 0) as Json[] | undefined;
  const server = servers ? servers[0] : { url: '/' };
  if (!isObj(server) || typeof server.url !== 'string') throw workflowError('configuration', 'the OpenAPI document has a server without a url', opts.pointer);
  const variables = isObj(server.variables) ? server.variables : {};
  const raw = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = variables[name];
    if (!isObj(v) || v.default === undefined) throw workflowError('configuration', `server variable '${name}' has no default`, opts.pointer);
    return String(v.default);
  });
  try {
    const u = doc ? new URL(raw, doc) : new URL(raw);
    u.search = '';
    u.hash = '';
    return u.href;
  } catch {
    throw workflowError('configuration', 'the OpenAPI server URL is relative and the document URL is not absolute', opts.pointer);
  }
}

function strings(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function pickMediaType(types: string[]): string | undefined {
  return types.find((t) => /^application\/json\b/i.test(t)) ?? types.find(isJsonType) ?? types[0];
}

function responseTypes(d: Obj, op: Obj, pointer: string): string[] {
  const out: string[] = [];
  if (isObj(op.responses)) {
    for (const raw of Object.values(op.responses)) {
      const r = deref(d, raw, pointer);
      if (isObj(r) && isObj(r.content)) out.push(...Object.keys(r.content));
    }
  }
  return out;
}

function checkHeader(name: string, value: string, pointer: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw workflowError('validation', `header parameter '${name}' contains control characters`, pointer);
  return value;
}
