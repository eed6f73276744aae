/**
 * What `call: http` and `call: openapi` share: URI templates, authentication (basic, bearer, oauth2 and
 * oidc, inline, `{ use }` or a bare name from `use.authentications`), and shaping the response into the task output
 * (`content`, `response`, `raw`), with non-success statuses faulting as `communication` errors.
 */
import type { Json } from '../../../shared/index.js';
import type { HttpRequest, HttpResponse } from '../effects.js';
import { workflowError } from '../errors.js';
import { type Args, evaluateDeep } from '../expressions.js';
import type { TaskResult, TaskScope } from '../run-context.js';
import type { OAuth2Grant } from '../../../contracts/index.js';
import { oauth2Grant } from './oauth2-policy.js';

type Obj = Record<string, Json>;
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Fills `{name}` placeholders from the task input (URL-encoded; missing values become empty). A value
 * that is not a string, number, boolean or null is an `expression` error (dsl-reference, URI template).
 */
export function expandTemplate(uri: string, input: Json, pointer: string): string {
  return uri.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = isObj(input) ? input[name] : undefined;
    if (v !== undefined && v !== null && typeof v === 'object') {
      throw workflowError('expression', `URI template variable '${name}' must be a string, number, boolean or null`, pointer);
    }
    return v === undefined || v === null ? '' : encodeURIComponent(String(v));
  });
}

/** Base64 of the UTF-8 bytes of `text`, in chunks (a large spread into one call overflows the stack). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The URL without its query (which may carry keys), for error messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export interface Authorization {
  scheme: string;
  /** The credential; empty for OAuth2 / OIDC, whose token the HTTP client fetches and keeps out of the run. */
  parameter: string;
  /** OAuth2 / OIDC: what the HTTP client gets the token with (HttpRequest.oauth2). */
  grant?: OAuth2Grant;
}

/** Sets the request's credential: the Authorization header, or (OAuth2 / OIDC) the grant the client acts on. */
export function authorize(request: Pick<HttpRequest, 'headers' | 'oauth2'>, authz: Authorization | undefined): void {
  if (!authz) return;
  if (authz.grant) request.oauth2 = authz.grant;
  else request.headers.authorization = `${authz.scheme} ${authz.parameter}`;
}

/**
 * A secret-based policy's secret (`basic: { use: <secret> }`): from the run's `$secrets`, which hold what
 * the document declares (in `use.secrets`, or by naming it in `use.authentications`) and its namespace
 * may read. A missing one faults the task: an empty credential is never sent.
 */
function secretOf(s: TaskScope, args: Args, name: string, scheme: string): Json {
  const secrets = args.secrets;
  const value = isObj(secrets) ? secrets[name] : undefined;
  if (value === undefined || value === null) {
    throw workflowError('configuration', `${scheme} authentication uses secret '${name}', which this run cannot read: it is not set, not declared in use.secrets, or not granted to this workflow's namespace`, s.pointer);
  }
  return value;
}

/** Resolves an authentication policy to the `$authorization` descriptor, or undefined when there is none. */
export function resolveAuthorization(s: TaskScope, raw: Json | undefined, input: Json, args: Args): Authorization | undefined {
  if (raw === undefined || raw === null) return undefined;
  const name = typeof raw === 'string' ? raw : isObj(raw) && typeof raw.use === 'string' && Object.keys(raw).length === 1 ? raw.use : undefined;
  let policy: Json | undefined = raw;
  if (name !== undefined) {
    const use = s.rc.definition.use;
    const defs = isObj(use) && isObj(use.authentications) ? use.authentications : {};
    policy = defs[name];
    if (!isObj(policy)) throw workflowError('configuration', `authentication '${name}' is not defined in use.authentications`, s.pointer);
  }
  const p = evaluateDeep(policy, input, args, s.pointer);
  if (isObj(p) && isObj(p.basic)) {
    const c = isObj(p.basic) && typeof p.basic.use === 'string' ? secretOf(s, args, p.basic.use, 'basic') : p.basic;
    if (!isObj(c) || typeof c.username !== 'string' || typeof c.password !== 'string') {
      throw workflowError('configuration', `basic authentication needs a username and a password${typeof p.basic.use === 'string' ? `: secret '${p.basic.use}' must be an object {"username": …, "password": …}` : ''}`, s.pointer);
    }
    return { scheme: 'Basic', parameter: base64(`${c.username}:${c.password}`) };
  }
  if (isObj(p) && isObj(p.bearer)) {
    const c = typeof p.bearer.use === 'string' ? secretOf(s, args, p.bearer.use, 'bearer') : p.bearer.token;
    const token = isObj(c) ? c.token : c;
    if (typeof token !== 'string' || token === '') {
      throw workflowError('configuration', `bearer authentication needs a token${typeof p.bearer.use === 'string' ? `: secret '${p.bearer.use}' must be a string or an object {"token": …}` : ''}`, s.pointer);
    }
    return { scheme: 'Bearer', parameter: token };
  }
  for (const kind of ['oauth2', 'oidc'] as const) {
    if (!isObj(p) || p[kind] === undefined) continue;
    const props = p[kind];
    // `{ use: <secret> }`: the secret holds the properties (authority, grant, client, …) as a JSON object.
    const resolved = isObj(props) && typeof props.use === 'string' && Object.keys(props).length === 1 ? secretOf(s, args, props.use, kind) : props;
    return { scheme: 'Bearer', parameter: '', grant: oauth2Grant(kind, resolved, s.pointer) };
  }
  const scheme = isObj(p) ? (Object.keys(p)[0] ?? 'unknown') : 'unknown';
  throw workflowError('configuration', `authentication scheme '${scheme}' is not supported yet`, s.pointer);
}

/** Turns the response into the task result per `output`, or faults when the status is not a success. */
export function shapeResponse(format: Json | undefined, request: HttpRequest, response: HttpResponse, authz: Authorization | undefined, what: string, pointer: string): TaskResult {
  const ok = response.status >= 200 && response.status < (request.redirect ? 400 : 300);
  if (!ok) {
    throw workflowError('communication', `${what} (${request.method} ${redact(request.url)}) answered ${response.status}`, pointer, {
      status: response.status,
      response: response as unknown as Json,
    });
  }
  // `$authorization`: the scheme and credential, never an OAuth2 grant's client secret.
  const authorization = (authz ? { scheme: authz.scheme, parameter: authz.parameter } : null) as Json;
  if (format === 'response') {
    // Credentials stay out of outputs (and so out of logs and stored results).
    const { authorization: _secret, ...headers } = request.headers;
    return { output: { request: { method: request.method, uri: request.url, headers }, statusCode: response.status, headers: response.headers, content: response.body }, authorization };
  }
  if (format === 'raw') {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    return { output: base64(text ?? ''), authorization };
  }
  return { output: response.body, authorization };
}
