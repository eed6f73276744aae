/**
 * Requests that never reach Fastify: Node's HTTP parser refuses them (a header section over
 * `maxHeaderSize`, a malformed request line or header, Content-Length together with Transfer-Encoding, a
 * bad chunk) or the server's timers end them (headers or body too slow: slowloris). Node emits
 * `clientError` with the socket; Fastify's default answers plain JSON. Here the answer is a minimal
 * RFC 9457 problem with a stable code and the security headers, written to the socket, which is then
 * closed (after a parser error the connection's framing cannot be trusted for another request).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { problemType } from '../platform/index.js';
import { GATEWAY_ERROR_CODES, titleOf } from './errors.js';
import { rawSecurityHeaderLines } from './security-headers.js';

export interface ClientErrorAnswer {
  status: number;
  code: string;
  detail: string;
}

/** What to answer for a `clientError`; undefined when nothing can be answered (the peer is gone). */
export function clientErrorAnswer(err: NodeJS.ErrnoException & { reason?: unknown }): ClientErrorAnswer | undefined {
  const code = err.code ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE') return undefined;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: GATEWAY_ERROR_CODES.timeout, detail: 'the request did not arrive within the time this server allows' };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: GATEWAY_ERROR_CODES.headersTooLarge, detail: 'the request header section is larger than this server accepts' };
  // llhttp's reason is one of its own constant sentences ("Transfer-Encoding can't be present with
  // Content-Length"), never request data, so it is safe to pass on.
  const reason = typeof err.reason === 'string' && /^[\w .,'-]{1,100}$/.test(err.reason) ? `: ${err.reason}` : '';
  return { status: 400, code: GATEWAY_ERROR_CODES.badRequest, detail: `the request is not valid HTTP/1.1${reason}` };
}

/** The whole raw HTTP/1.1 answer (status line, headers, problem body). */
export function rawProblemResponse(a: ClientErrorAnswer): string {
  const body = JSON.stringify({ type: problemType(a.code), title: titleOf(a.status), status: a.status, detail: a.detail, code: a.code });
  return (
    `HTTP/1.1 ${a.status} ${STATUS_CODES[a.status] ?? titleOf(a.status)}\r\n` +
    'content-type: application/problem+json; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'cache-control: no-store\r\n' +
    'connection: close\r\n' +
    rawSecurityHeaderLines() +
    `\r\n${body}`
  );
}

/** Longest a socket may take to take the answer before it is destroyed anyway (a client that reads nothing). */
const FLUSH_MS = 2_000;

/** Fastify's `clientErrorHandler` (called with the Fastify instance as `this`). */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  const answer = clientErrorAnswer(err);
  this.log.debug({ code: err.code, status: answer?.status }, 'client error');
  if (!answer || socket.destroyed) return;
  // A response already under way on this socket (a body that turned bad after the route answered) must
  // not be interleaved with a second one: close without writing.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), FLUSH_MS);
  timer.unref();
  socket.end(rawProblemResponse(answer), () => {
    clearTimeout(timer);
    socket.destroy();
  });
}
