/**
 * OpenAPI documents for `call: openapi`: parsing the fetched document (a JSON value, JSON text or YAML
 * text), recognising its version, and resolving local `$ref`s (`#/components/...`, `#/parameters/...`).
 * Pure; failures are `configuration` errors. External `$ref`s (other documents) are not followed.
 */
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits, parseDocument } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import { workflowError } from '../errors.js';

export type Obj = Record<string, Json>;

/** Up to the egress body cap (10 MB) of JSON; YAML within the workflow documents' bounds. */
const OPENAPI_LIMITS: Partial<DocumentLimits> = { maxBytes: 10 * 1024 * 1024, maxEntries: 400_000, maxYamlBytes: DEFAULT_DOCUMENT_LIMITS.maxYamlBytes };

export function isObj(v: Json | undefined): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The OpenAPI document in the body of the `http` effect that fetched it: a parsed JSON value, or text
 * (JSON or YAML, whatever the content type says: JSON text is read as JSON). Anything without an `openapi: 3.x` or `swagger: 2.0`
 * field is refused.
 */
export function parseOpenApiDocument(body: Json, contentType?: string, pointer?: string): Json {
  let doc: Json = body;
  if (typeof body === 'string') {
    const text = body.replace(/^\uFEFF/, '');
    if (!text.trim()) throw workflowError('configuration', 'the OpenAPI document is empty', pointer);
    // The same bounded parser as workflow documents (linear, no tags, bounded aliases and depth), with
    // room for the large JSON documents real APIs publish; large YAML documents must be served as JSON.
    const parsed = parseDocument(text, { limits: OPENAPI_LIMITS });
    if (parsed.document === undefined) {
      const why = parsed.problems.find((p) => p.severity === 'error')?.message ?? 'unreadable';
      throw workflowError('configuration', `the OpenAPI document is neither JSON nor YAML within bounds: ${why}`, pointer);
    }
    doc = parsed.document as Json;
  }
  if (!isObj(doc)) throw workflowError('configuration', 'the OpenAPI document is not an object', pointer);
  openApiVersion(doc, pointer);
  return doc;
}

/** 2 for Swagger 2.0, 3 for OpenAPI 3.x; anything else is a configuration error. */
export function openApiVersion(doc: Json, pointer?: string): 2 | 3 {
  if (isObj(doc)) {
    const { openapi, swagger } = doc;
    // Unquoted in YAML, `openapi: 3.0` and `swagger: 2.0` are numbers.
    if ((typeof openapi === 'string' || typeof openapi === 'number') && /^3(\.\d+)*([-+].*)?$/.test(String(openapi))) return 3;
    if (swagger === '2.0' || swagger === 2) return 2;
    if (openapi !== undefined || swagger !== undefined) {
      const v = String(openapi ?? swagger).slice(0, 20);
      throw workflowError('configuration', `OpenAPI version ${JSON.stringify(v)} is not supported (2.0 and 3.x are)`, pointer);
    }
  }
  throw workflowError('configuration', "the document is not an OpenAPI document (it has no 'openapi' or 'swagger' field)", pointer);
}

/** Follows `$ref`s (local JSON pointers only) until a value that is not a reference. */
export function deref(doc: Json, node: Json | undefined, pointer?: string): Json | undefined {
  let cur = node;
  for (let hops = 0; isObj(cur) && typeof cur.$ref === 'string'; hops++) {
    const ref = cur.$ref;
    if (hops >= 32) throw workflowError('configuration', `circular $ref ${JSON.stringify(ref)} in the OpenAPI document`, pointer);
    if (!ref.startsWith('#')) {
      throw workflowError('configuration', `external $ref ${JSON.stringify(ref)} in the OpenAPI document is not supported`, pointer);
    }
    cur = at(doc, ref.slice(1));
    if (cur === undefined) throw workflowError('configuration', `$ref ${JSON.stringify(ref)} does not resolve in the OpenAPI document`, pointer);
  }
  return cur;
}

function at(doc: Json, fragment: string): Json | undefined {
  let path: string;
  try {
    path = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  if (path === '') return doc;
  if (!path.startsWith('/')) return undefined;
  let cur: Json | undefined = doc;
  for (const raw of path.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = /^\d+$/.test(key) ? cur[Number(key)] : undefined;
    else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}
