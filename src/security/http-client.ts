/**
 * The engine's HttpClient port for workflow calls (`call: http`, `call: openapi` and its document): the
 * platform's outbound client (outbound.ts: egress checked on the connected address and every redirect,
 * body and time caps). Sends the effect's `Idempotency-Key`; parses JSON responses, returns other bodies
 * as text; every failure is a `communication` error carrying its WEFT_ERR_EGRESS_* code. An `oauth2` /
 * `oidc` policy's token is fetched (and cached) here: oauth-tokens.ts.
 */
import type { HttpClient } from '../ports/index.js';
import type { HttpResponse } from '../contracts/index.js';
import type { Json } from '../shared/index.js';
import { randomBytes } from 'node:crypto';
import { childTraceparent } from '../shared/index.js';
import { workflowError } from '../contracts/index.js';
import type { EgressLimits, EgressPolicy } from './egress.js';
import { EgressError } from './errors.js';
import { OAuthTokens } from './oauth-tokens.js';
import { Outbound } from './outbound.js';
import type { Resolve } from './outbound-agent.js';
import type { HttpCalled } from '../platform/index.js';

/** What one outgoing call did, for telemetry (the `http.called` hook's payload). */
export type HttpCallInfo = HttpCalled;

export interface HttpClientOptions extends Partial<EgressLimits> {
  onCall?: (info: HttpCallInfo) => void;
  /** DNS resolution (default the system's); tests inject answers. */
  resolve?: Resolve;
}

export function createHttpClient(policy: EgressPolicy, o: HttpClientOptions = {}): HttpClient & { close(): Promise<void> } {
  const outbound = new Outbound({ policy, ...o });
  const tokens = new OAuthTokens(outbound);
  let calls = 0;
  return {
    close: () => outbound.close(),
    async request(req): Promise<HttpResponse> {
      // The call is its own span, a child of the task's: the server sees this one as its parent.
      const traceparent = childTraceparent(req.traceparent, `${req.idempotencyKey}|${++calls}`, () => randomBytes(16).toString('hex'));
      const startedAt = Date.now();
      const report = (status?: number, error?: string) =>
        o.onCall?.({ method: req.method.toUpperCase(), url: req.url, traceparent, ...(req.traceparent ? { parent: req.traceparent } : {}), startedAt, endedAt: Date.now(), ...(status === undefined ? {} : { status }), ...(error ? { error } : {}) });
      try {
        const headers = req.oauth2 ? { ...req.headers, authorization: `Bearer ${await tokens.token(req.oauth2)}` } : req.headers;
        const res = await send(outbound, { ...req, headers }, traceparent);
        if (res.status === 401 && req.oauth2) tokens.forget(req.oauth2);
        report(res.status);
        return res;
      } catch (err) {
        report(undefined, (err as Error).message);
        if (err instanceof EgressError) throw workflowError('communication', err.message, undefined, { status: err.status, code: err.code });
        throw err;
      }
    },
  };
}

// Like fetch's text(): UTF-8, a leading BOM dropped.
const utf8 = new TextDecoder();

async function send(outbound: Outbound, req: Parameters<HttpClient['request']>[0], traceparent: string): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...req.headers, 'idempotency-key': req.idempotencyKey, traceparent };
  let body: string | undefined;
  if (req.body !== undefined && req.body !== null) {
    body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (typeof req.body !== 'string' && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const res = await outbound.request({ method: req.method, url: req.url, headers, ...(body === undefined ? {} : { body }), follow: req.redirect });
  const text = utf8.decode(res.body);
  const type = res.headers['content-type'] ?? '';
  let parsed: Json = text;
  if (/[/+]json\b/i.test(type) && text.length) {
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: text.length ? parsed : null };
}
