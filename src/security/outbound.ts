/**
 * The one outbound HTTP client of the platform (workflow `call: http` / `call: openapi` through
 * http-client.ts, functions' `ctx.fetch` through function-egress in this file). On undici with the
 * checked dispatcher (outbound-agent.ts); redirects are followed here, by hand, so every hop goes through
 * the same checks: the connected address (policy), the URL (scheme, and a function's host list), at most
 * `maxRedirects` hops, fetch's method rules (303 → GET; 301/302 POST → GET), and no Authorization or Cookie
 * sent to another origin. Bodies are streamed against a byte cap and the whole request against a time cap:
 * past either the connection is destroyed and a coded EgressError thrown, never more is buffered.
 */
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { type Agent, request } from 'undici';
import { DEFAULT_EGRESS_LIMITS, type EgressLimits, type EgressPolicy } from './egress.js';
import { EGRESS_ERROR_CODES, EgressDenied, EgressError } from './errors.js';
import { type Resolve, checkedAgent } from './outbound-agent.js';
import { networkCause } from '../shared/index.js';

export interface OutboundOptions extends Partial<EgressLimits> {
  policy: EgressPolicy;
  /** Most redirects followed (default 5). */
  maxRedirects?: number;
  /** DNS resolution (default the system's); tests inject answers. */
  resolve?: Resolve;
  /** Extra trusted certificate authorities (PEM) for https. */
  ca?: string[];
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow redirects (each hop re-checked); when false a 3xx is the answer. */
  follow: boolean;
  /** A tighter time cap for this request (a function's remaining time). */
  timeoutMs?: number;
  /** An extra check of every URL, the first and each redirect's (a function's manifest host list). Throws to refuse. */
  checkUrl?: (url: URL) => void;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'transfer-encoding'];
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'host'];

export class Outbound {
  readonly limits: EgressLimits;
  private readonly agent: Agent;
  private readonly maxRedirects: number;

  constructor(o: OutboundOptions) {
    this.limits = { maxBodyBytes: o.maxBodyBytes ?? DEFAULT_EGRESS_LIMITS.maxBodyBytes, timeoutMs: o.timeoutMs ?? DEFAULT_EGRESS_LIMITS.timeoutMs };
    this.maxRedirects = o.maxRedirects ?? 5;
    this.agent = checkedAgent({ policy: o.policy, connectTimeoutMs: Math.min(10_000, this.limits.timeoutMs), ...(o.resolve ? { resolve: o.resolve } : {}), ...(o.ca ? { ca: o.ca } : {}) });
  }

  async request(req: OutboundRequest): Promise<OutboundResponse> {
    const timeoutMs = Math.max(1, Math.min(req.timeoutMs ?? Infinity, this.limits.timeoutMs));
    const deadline = AbortSignal.timeout(timeoutMs);
    let url = parseUrl(req.url);
    let method = req.method.toUpperCase();
    let headers: Record<string, string> = { accept: '*/*', 'user-agent': 'weft', ...lowerKeys(req.headers ?? {}) };
    let body = req.body;
    try {
      for (let hop = 0; ; hop++) {
        req.checkUrl?.(url);
        const res = await request(url, { dispatcher: this.agent, method: method as 'GET', headers, body, signal: deadline, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
        const location = header(res.headers, 'location');
        if (!req.follow || !REDIRECTS.has(res.statusCode) || location === undefined) {
          return { status: res.statusCode, headers: flatHeaders(res.headers), body: await this.read(res.headers, res.body), url: url.href };
        }
        await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
        if (hop >= this.maxRedirects) throw new EgressError(EGRESS_ERROR_CODES.redirects, `more than ${this.maxRedirects} redirects (last to ${redact(location)})`);
        const next = parseUrl(location, url);
        // fetch's rules (Fetch standard, HTTP-redirect fetch): 303 turns anything but HEAD into a GET, 301
        // and 302 turn a POST into a GET; a GET carries no body.
        if ((res.statusCode === 303 && method !== 'HEAD') || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers = without(headers, BODY_HEADERS);
        }
        if (next.origin !== url.origin) headers = without(headers, CREDENTIAL_HEADERS);
        url = next;
      }
    } catch (err) {
      throw outboundError(err, deadline, timeoutMs, method, url);
    }
  }

  /**
   * Drops every connection (the process is stopping): a request still running fails rather than hold the
   * shutdown up to its time cap (its run was drained and resumes elsewhere).
   */
  close(): Promise<void> {
    return this.agent.destroy();
  }

  /** Reads a body up to the cap, decoding gzip/deflate/br (the cap counts the decoded bytes too). */
  private async read(headers: Record<string, string | string[] | undefined>, raw: Readable): Promise<Buffer> {
    const max = this.limits.maxBodyBytes;
    // Destroying an unread body makes it emit an error: with nobody listening that would crash the process.
    raw.on('error', () => {});
    const tooLarge = (what: string) => new EgressError(EGRESS_ERROR_CODES.tooLarge, `the response body ${what} the ${max}-byte limit (WEFT_EGRESS_MAX_BODY_BYTES)`);
    const declared = Number(header(headers, 'content-length'));
    if (declared > max) {
      raw.destroy();
      throw tooLarge(`(Content-Length ${declared}) is over`);
    }
    const decoder = decoderFor(header(headers, 'content-encoding'));
    const stream = decoder ? raw.pipe(decoder) : raw;
    if (decoder) raw.on('error', (err) => decoder.destroy(err));
    const chunks: Buffer[] = [];
    let size = 0;
    let rawSize = 0;
    if (decoder) raw.on('data', (c: Buffer) => (rawSize += c.length));
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > max || rawSize > max) throw tooLarge('is over');
        chunks.push(chunk);
      }
    } finally {
      // Ends the request when it was not read to the end: undici then drops the connection.
      raw.destroy();
      decoder?.destroy();
    }
    return Buffer.concat(chunks, size);
  }
}

function decoderFor(encoding: string | undefined) {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch (err) {
    throw new EgressError(base ? EGRESS_ERROR_CODES.redirects : EGRESS_ERROR_CODES.failed, `${base ? 'redirect Location' : 'URL'} '${redact(text)}' is not a valid URL`, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressDenied(`outbound request to a ${url.protocol} URL is denied: only http and https are allowed`);
  return url;
}

/** Every failure as an EgressError: the policy's refusals as they are, the rest mapped by what happened. */
function outboundError(err: unknown, deadline: AbortSignal, timeoutMs: number, method: string, url: URL): EgressError {
  if (err instanceof EgressError) return err;
  const where = `${method} ${url.origin}${url.pathname}`;
  if (deadline.aborted) return new EgressError(EGRESS_ERROR_CODES.timeout, `${where} took longer than ${timeoutMs} ms (WEFT_EGRESS_TIMEOUT_MS)`, { cause: err });
  const e = err as { code?: string; message?: string; cause?: unknown };
  // A refusal raised inside the connector may come back wrapped by undici or net.
  if (e.cause instanceof EgressError) return e.cause;
  if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT' || e.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new EgressError(EGRESS_ERROR_CODES.timeout, `${where} timed out (${e.code})`, { cause: err });
  }
  return new EgressError(EGRESS_ERROR_CODES.failed, `${where} failed: ${networkCause(err)}`, { cause: err });
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)));
}

/** A URL for messages: no query (it may carry keys), no credentials. */
function redact(text: string): string {
  try {
    const u = new URL(text);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return text.split('?')[0].slice(0, 200);
  }
}
