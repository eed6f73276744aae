/**
 * The outbound HTTP client for workflow calls: Node's fetch (undici) behind the egress policy. Sends
 * the effect's `Idempotency-Key`; parses JSON responses, returns other bodies as text.
 */
import type { HttpClient } from '../engine/ports.js';
import type { HttpResponse } from '../engine/effects.js';
import type { Json } from '../expr/index.js';
import { randomBytes } from 'node:crypto';
import { childTraceparent } from '../engine/index.js';
import { type EgressPolicy, checkEgress } from './egress.js';

/** What one outgoing call did, for telemetry (its span is `traceparent`, a child of `parent`). */
export interface HttpCallInfo {
  method: string;
  url: string;
  status?: number;
  traceparent: string;
  parent?: string;
  startedAt: number;
  endedAt: number;
  error?: string;
}

export interface HttpClientOptions {
  timeoutMs?: number;
  onCall?: (info: HttpCallInfo) => void;
}

export function createHttpClient(policy: EgressPolicy, o: HttpClientOptions = {}): HttpClient {
  const timeoutMs = o.timeoutMs ?? 30_000;
  let calls = 0;
  return {
    async request(req): Promise<HttpResponse> {
      await checkEgress(policy, req.url);
      // The call is its own span, a child of the task's: the server sees this one as its parent.
      const traceparent = childTraceparent(req.traceparent, `${req.idempotencyKey}|${++calls}`, () => randomBytes(16).toString('hex'));
      const startedAt = Date.now();
      const report = (status?: number, error?: string) =>
        o.onCall?.({ method: req.method.toUpperCase(), url: req.url, traceparent, ...(req.traceparent ? { parent: req.traceparent } : {}), startedAt, endedAt: Date.now(), ...(status === undefined ? {} : { status }), ...(error ? { error } : {}) });
      try {
        const res = await send(req, traceparent, timeoutMs);
        report(res.status);
        return res;
      } catch (err) {
        report(undefined, (err as Error).message);
        throw err;
      }
    },
  };
}

async function send(req: Parameters<HttpClient['request']>[0], traceparent: string, timeoutMs: number): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...req.headers, 'idempotency-key': req.idempotencyKey, traceparent };
  let body: string | undefined;
  if (req.body !== undefined && req.body !== null) {
    body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (typeof req.body !== 'string' && !headers['content-type']) headers['content-type'] = 'application/json';
  }
  const res = await fetch(req.url, {
    method: req.method,
    headers,
    body,
    redirect: req.redirect ? 'follow' : 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let parsed: Json = text;
  if (/[/+]json\b/i.test(type) && text.length) {
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: text.length ? parsed : null };
}
