/**
 * The HTTP server's own limits, against clients that hold connections or memory without sending a real
 * request: a bounded header section (size and number of lines), and deadlines for the headers
 * (slowloris), for the whole request (a body trickled byte by byte) and for an idle keep-alive
 * connection. Answers to breaches are problems (client-errors.ts for what Node refuses itself; the
 * header count here). There is no socket idle timeout on purpose: a synchronous function call may
 * legitimately run up to 15 minutes (a manifest's `timeoutMs` cap) with a silent socket.
 */
import type { FastifyInstance } from 'fastify';
import { GATEWAY_ERROR_CODES, GatewayError } from './errors.js';

export interface HttpLimits {
  /** Largest header section (request line + headers), bytes; larger → 431. */
  maxHeaderBytes: number;
  /** Most header lines; more → 431. */
  maxHeaders: number;
  /** The headers must have arrived this long after the request began, else 408 and close. */
  headersTimeoutMs: number;
  /** The whole request (headers and body) must have arrived within this, else 408 and close. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxHeaderBytes: 16 * 1024,
  maxHeaders: 100,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  // Longer than the usual load balancers' idle timeout (60 s), so they close first (no reset races).
  keepAliveTimeoutMs: 72_000,
};

const ENV: Record<keyof HttpLimits, [name: string, min: number, max: number]> = {
  maxHeaderBytes: ['WEFT_HTTP_MAX_HEADER_BYTES', 1024, 1024 * 1024],
  maxHeaders: ['WEFT_HTTP_MAX_HEADERS', 10, 2000],
  headersTimeoutMs: ['WEFT_HTTP_HEADERS_TIMEOUT_MS', 100, 600_000],
  requestTimeoutMs: ['WEFT_HTTP_REQUEST_TIMEOUT_MS', 100, 3_600_000],
  keepAliveTimeoutMs: ['WEFT_HTTP_KEEPALIVE_TIMEOUT_MS', 100, 3_600_000],
};

/** The limits the environment sets (`WEFT_HTTP_*`); throws a message naming the variable when one is bad. */
export function httpLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<HttpLimits> {
  const out: Partial<HttpLimits> = {};
  for (const [key, [name, min, max]] of Object.entries(ENV) as [keyof HttpLimits, [string, number, number]][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) throw new Error(`${name} must be an integer from ${min} to ${max}; got '${text}'`);
    out[key] = n;
  }
  return out;
}

/** Resolved limits; the headers deadline never exceeds the request deadline (Node refuses that). */
export function resolveHttpLimits(given: Partial<HttpLimits> = {}): HttpLimits {
  const l = { ...DEFAULT_HTTP_LIMITS, ...given };
  return { ...l, headersTimeoutMs: Math.min(l.headersTimeoutMs, l.requestTimeoutMs) };
}

/** The Fastify constructor options that carry the limits to Node's server. */
export function serverOptions(l: HttpLimits) {
  return {
    http: {
      maxHeaderSize: l.maxHeaderBytes,
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      // Node checks the deadlines on this period (default 30 s, which would let a slowloris connection
      // live up to 30 s past its deadline).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 2))),
      // Node's check answers a bare 400; host-check.ts answers a problem instead.
      requireHostHeader: false,
    },
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
  };
}

/**
 * Node does not refuse many header lines: past `maxHeadersCount` it silently drops the rest. The server
 * keeps one more than the limit, so a request over it is seen and refused here, before anything else.
 */
export function installHeaderCount(app: FastifyInstance, maxHeaders: number): void {
  app.server.maxHeadersCount = maxHeaders + 1;
  app.addHook('onRequest', (req, reply, done) => {
    if (req.raw.rawHeaders.length / 2 <= maxHeaders) return done();
    reply.header('connection', 'close');
    done(new GatewayError(GATEWAY_ERROR_CODES.tooManyHeaders, 431, `the request has more than ${maxHeaders} header lines`));
  });
}
