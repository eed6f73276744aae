/**
 * Every failure leaves the gateway as RFC 9457 problem details (`application/problem+json`) with a stable
 * `type` and `code`. This file maps what can be thrown behind a route — façade, security and store errors
 * (anything carrying a WEFT_ERR_ code and a status), function problems, Fastify's own errors — to one shape.
 */
import type { FastifyError, FastifyReply } from 'fastify';
import { type ErrorFamily, defineErrors, statusTitle } from '../contracts/index.js';
import { API_ERROR_CODES, problemType } from '../platform/index.js';

// A code leaves with the status its raiser gives; `status` here is the one it has in practice (the catalog's).
const Gateway = defineErrors('GatewayError', {
  /** No route for this method and path. */
  route: {
    code: 'WEFT_ERR_API_ROUTE',
    status: 404,
    meaning: 'No API route matches this method and path.',
    action: 'Check the method and path against the API reference the server serves at `/api/docs` (or `GET /api/openapi.json`).',
  },
  /** The body is not well-formed JSON or YAML. */
  malformed: {
    code: 'WEFT_ERR_API_MALFORMED',
    status: 400,
    meaning: 'The request could not be read: its body is not well-formed JSON or YAML (or is empty, or nests deeper than the server allows), its Content-Length is wrong, or its URL is malformed.',
    action: 'Send a well-formed body of the declared content type; the `detail` quotes what the parser refused.',
  },
  /** The body's content type is not one the route accepts. */
  mediaType: {
    code: 'WEFT_ERR_API_MEDIA_TYPE',
    status: 415,
    meaning: 'The body\'s Content-Type is not one this route accepts, or its charset is not UTF-8: bodies are JSON, and YAML only for workflow documents.',
    action: 'Send `content-type: application/json` with a UTF-8 body (`application/yaml` is accepted by `PUT /api/v1/workflows` only).',
  },
  rateLimited: {
    code: 'WEFT_ERR_API_RATE_LIMITED',
    status: 429,
    meaning: 'This API key (or, without a key, this client address) sent more requests to this group of routes in the last minute than the server allows.',
    action: 'Wait the seconds the `detail` names before sending more; the operator sets the requests per minute of each route group with `WEFT_RATE_LIMITS`.',
  },
  /** A bug or an unexpected failure; details are in the server log under the request id. */
  internal: {
    code: 'WEFT_ERR_API_INTERNAL',
    status: 500,
    meaning: 'The server failed while handling the request: a bug or an unexpected failure, not something the request did wrong.',
    action: 'Retry once; if it happens again, report it with the server log\'s error line for this request (the log has the details the answer leaves out).',
  },
  /** Too many failed authentications from this client (or against this key id) in the last minute. */
  authThrottled: {
    code: 'WEFT_ERR_API_AUTH_THROTTLED',
    status: 429,
    meaning: 'Too many authentications failed from this client address (or for this key id) in the last minute, so the server refuses to check more for a while.',
    action: 'Fix the API key the client sends and retry after the `Retry-After` seconds; the operator sets the limit with `WEFT_AUTH_FAILURE_LIMIT`.',
  },
  /** The Host header names a host this server does not answer for (DNS rebinding defence). */
  host: {
    code: 'WEFT_ERR_HTTP_HOST',
    status: 421,
    meaning: 'The request\'s Host header names a host this server does not answer for (the defence against DNS rebinding).',
    action: 'Reach the server by one of its own names, or have the operator add this name to `WEFT_ALLOWED_HOSTS`.',
  },
  /** A browser request from a web page whose origin is not one of the server's names (cross-site request forgery). */
  origin: {
    code: 'WEFT_ERR_HTTP_ORIGIN',
    status: 403,
    meaning: 'A browser sent the request from a web page whose origin is not one of this server\'s names (the defence against cross-site request forgery).',
    action: 'Open the page from the server\'s own address, or have the operator add that page\'s host to `WEFT_ALLOWED_HOSTS`.',
  },
  /** A session-cookie request with an unsafe method lacks the CSRF token bound to the session, or comes from another origin. */
  csrf: {
    code: 'WEFT_ERR_HTTP_CSRF',
    status: 403,
    meaning: 'A request authenticated by the single sign-on session cookie changes something (POST, PUT, PATCH, DELETE) but its `X-CSRF-Token` header is missing or is not the session\'s token (the `weft_csrf` cookie), or its `Origin` is not this server: the defence against cross-site request forgery.',
    action: 'Send the value of the `weft_csrf` cookie (`__Host-weft_csrf` over https) as the `X-CSRF-Token` header from a page of this server; the studio does this itself. API clients authenticate with `Authorization: Bearer` instead and need no token.',
  },
  /** Node's HTTP parser refused the request: bad request line, header, chunk or Content-Length + Transfer-Encoding. */
  badRequest: {
    code: 'WEFT_ERR_HTTP_BAD_REQUEST',
    status: 400,
    meaning: 'The request is not valid HTTP/1.1 (a bad request line, header or chunk, Content-Length together with Transfer-Encoding, or no Host header); the connection is closed.',
    action: 'Fix the client or proxy that sends it; the `detail` names what the HTTP parser refused.',
  },
  /** The request's header section is larger than the server's limit. */
  headersTooLarge: {
    code: 'WEFT_ERR_HTTP_HEADERS_TOO_LARGE',
    status: 431,
    meaning: 'The request\'s header section is larger than the server accepts (`WEFT_HTTP_MAX_HEADER_BYTES`, 16384 bytes by default); the connection is closed.',
    action: 'Send fewer or shorter headers (large cookies are the usual cause), or have the operator raise `WEFT_HTTP_MAX_HEADER_BYTES`.',
  },
  /** The request has more header lines than the server's limit. */
  tooManyHeaders: {
    code: 'WEFT_ERR_HTTP_TOO_MANY_HEADERS',
    status: 431,
    meaning: 'The request has more header lines than the server accepts (`WEFT_HTTP_MAX_HEADERS`, 100 by default).',
    action: 'Send fewer headers, or have the operator raise `WEFT_HTTP_MAX_HEADERS`.',
  },
  /** The request (its headers, or all of it) did not arrive within the server's time limit. */
  timeout: {
    code: 'WEFT_ERR_HTTP_TIMEOUT',
    status: 408,
    meaning: 'The request\'s headers (or the whole request) did not arrive within the server\'s time limit (`WEFT_HTTP_HEADERS_TIMEOUT_MS`, `WEFT_HTTP_REQUEST_TIMEOUT_MS`).',
    action: 'Send the request without pausing mid-way; for large bodies on slow links, have the operator raise `WEFT_HTTP_REQUEST_TIMEOUT_MS`.',
  },
  /** `/readyz` while the server starts or shuts down. */
  notReady: {
    code: 'WEFT_ERR_API_NOT_READY',
    status: 503,
    meaning: 'The readiness probe (`GET /readyz`) answers this while the server is starting or shutting down.',
    action: 'Wait and probe again: send traffic only once `/readyz` answers 200 (`/healthz` says whether the process is alive at all).',
  },
});

/** The gateway's family, as the error catalog lists it. */
export const GATEWAY_ERRORS: ErrorFamily = Gateway;

/**
 * The gateway's codes, and the two it shares with the façade (a request that does not match its route's
 * schema, a body over the limit): one definition each, the platform's.
 */
export const GATEWAY_ERROR_CODES = { ...Gateway.codes, invalid: API_ERROR_CODES.invalid, tooLarge: API_ERROR_CODES.tooLarge } as const;

export type GatewayErrorCode = (typeof Gateway.codes)[keyof typeof Gateway.codes];

/** An error the gateway raises itself (not a façade or security error), with its HTTP status. */
export class GatewayError extends Gateway.Error {
  readonly #status: number;

  constructor(
    code: GatewayErrorCode,
    status: number,
    message: string,
    override readonly extra: Record<string, unknown> = {},
  ) {
    super(code, message);
    this.#status = status;
  }

  override get status(): number {
    return this.#status;
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  pointer?: string;
  [extra: string]: unknown;
}

export function titleOf(status: number): string {
  return statusTitle(status);
}

export function problem(code: string, status: number, detail: string, extra: Record<string, unknown> = {}): ProblemBody {
  return { type: problemType(code), title: statusTitle(status), status, detail, code, ...extra };
}

/** Fastify's own error codes → ours. */
const FASTIFY: Record<string, [string, number]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [GATEWAY_ERROR_CODES.mediaType, 415],
  FST_ERR_CTP_BODY_TOO_LARGE: [GATEWAY_ERROR_CODES.tooLarge, 413],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [GATEWAY_ERROR_CODES.malformed, 400],
  FST_ERR_CTP_EMPTY_JSON_BODY: [GATEWAY_ERROR_CODES.malformed, 400],
  FST_ERR_CTP_INVALID_JSON_BODY: [GATEWAY_ERROR_CODES.malformed, 400],
  FST_ERR_CTP_EMPTY_TYPE: [GATEWAY_ERROR_CODES.mediaType, 415],
  FST_ERR_CTP_INVALID_TYPE: [GATEWAY_ERROR_CODES.mediaType, 415],
  FST_ERR_BAD_URL: [GATEWAY_ERROR_CODES.malformed, 400],
  FST_ERR_MAX_PARAM_LENGTH: [GATEWAY_ERROR_CODES.invalid, 414],
};

type Coded = { code?: unknown; status?: unknown; type?: unknown; title?: unknown; message?: unknown; extra?: Record<string, unknown>; problems?: unknown };

/** The problem for anything thrown behind a route; `internal` is true when it is our fault (log it). */
export function toProblem(err: unknown): { body: ProblemBody; internal: boolean } {
  const e = (err ?? {}) as Coded & Partial<FastifyError> & { problem?: Record<string, unknown> };
  // A function's failure, as the FunctionRunner port throws it.
  if (e.problem && typeof e.problem === 'object' && typeof e.problem.status === 'number') {
    const p = e.problem as ProblemBody;
    return { body: { ...p, title: p.title ?? statusTitle(p.status), detail: p.detail ?? p.title ?? '', code: p.code ?? 'WEFT_ERR_FN_RUNTIME' }, internal: false };
  }
  if (Array.isArray(e.validation)) {
    const v = e.validation[0];
    const where = `${e.validationContext ?? 'body'}${v?.instancePath ?? ''}`;
    const pointer = v?.instancePath || (v?.params && 'missingProperty' in v.params ? `/${String(v.params.missingProperty)}` : '');
    return { body: problem(GATEWAY_ERROR_CODES.invalid, 400, `${where} ${v?.message ?? 'is invalid'}`, { pointer, in: e.validationContext ?? 'body' }), internal: false };
  }
  if (typeof e.code === 'string' && FASTIFY[e.code]) {
    const [code, status] = FASTIFY[e.code];
    return { body: problem(code, status, String(e.message)), internal: false };
  }
  if (typeof e.code === 'string' && e.code.startsWith('WEFT_ERR_') && typeof e.status === 'number') {
    const extra = { ...(e.extra ?? {}), ...(Array.isArray(e.problems) ? { problems: e.problems } : {}) };
    const body: ProblemBody = {
      type: typeof e.type === 'string' ? e.type : problemType(e.code),
      title: typeof e.title === 'string' ? e.title : statusTitle(e.status),
      status: e.status,
      detail: String(e.message),
      code: e.code,
      ...extra,
    };
    return { body, internal: e.status >= 500 };
  }
  if (err instanceof SyntaxError) return { body: problem(GATEWAY_ERROR_CODES.malformed, 400, err.message), internal: false };
  if (typeof e.statusCode === 'number' && e.statusCode < 500) {
    return { body: problem(e.statusCode === 429 ? GATEWAY_ERROR_CODES.rateLimited : GATEWAY_ERROR_CODES.invalid, e.statusCode, String(e.message)), internal: false };
  }
  return { body: problem(GATEWAY_ERROR_CODES.internal, 500, 'the server failed to handle this request; its log has the details under the request id'), internal: true };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}
