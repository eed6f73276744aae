/**
 * Every failure leaves the gateway as RFC 9457 problem details (`application/problem+json`) with a stable
 * `type` and `code`. This file maps what can be thrown behind a route — façade, security and store errors
 * (anything carrying a WEFT_ERR_ code and a status), function problems, Fastify's own errors — to one shape.
 */
import type { FastifyError, FastifyReply } from 'fastify';
import { defineErrors, statusTitle } from '../contracts/index.js';
import { problemType } from '../platform/index.js';

// A code leaves with the status its raiser gives: WEFT_ERR_API_INVALID is a 400, or a 414 for an over-long path parameter.
const Gateway = defineErrors('GatewayError', {
  /** No route for this method and path. */
  route: { code: 'WEFT_ERR_API_ROUTE' },
  /** The body is not well-formed JSON or YAML. */
  malformed: { code: 'WEFT_ERR_API_MALFORMED' },
  /** The body's content type is not one the route accepts. */
  mediaType: { code: 'WEFT_ERR_API_MEDIA_TYPE' },
  /** The request does not match the route's schema (body, query, params or headers). */
  invalid: { code: 'WEFT_ERR_API_INVALID' },
  tooLarge: { code: 'WEFT_ERR_API_TOO_LARGE' },
  rateLimited: { code: 'WEFT_ERR_API_RATE_LIMITED' },
  /** A bug or an unexpected failure; details are in the server log under the request id. */
  internal: { code: 'WEFT_ERR_API_INTERNAL' },
  /** Too many failed authentications from this client (or against this key id) in the last minute. */
  authThrottled: { code: 'WEFT_ERR_API_AUTH_THROTTLED' },
  /** The Host header names a host this server does not answer for (DNS rebinding defence). */
  host: { code: 'WEFT_ERR_HTTP_HOST' },
  /** A browser request from a web page whose origin is not one of the server's names (cross-site request forgery). */
  origin: { code: 'WEFT_ERR_HTTP_ORIGIN' },
  /** Node's HTTP parser refused the request: bad request line, header, chunk or Content-Length + Transfer-Encoding. */
  badRequest: { code: 'WEFT_ERR_HTTP_BAD_REQUEST' },
  /** The request's header section is larger than the server's limit. */
  headersTooLarge: { code: 'WEFT_ERR_HTTP_HEADERS_TOO_LARGE' },
  /** The request has more header lines than the server's limit. */
  tooManyHeaders: { code: 'WEFT_ERR_HTTP_TOO_MANY_HEADERS' },
  /** The request (its headers, or all of it) did not arrive within the server's time limit. */
  timeout: { code: 'WEFT_ERR_HTTP_TIMEOUT' },
});

export const GATEWAY_ERROR_CODES = Gateway.codes;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[keyof typeof GATEWAY_ERROR_CODES];

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
