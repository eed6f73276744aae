/**
 * The outbound HTTP client for workflow calls: Node's fetch (undici) behind the egress policy. Sends
 * the effect's `Idempotency-Key`; parses JSON responses, returns other bodies as text.
 */
import type { HttpClient } from '../engine/ports.js';
import type { HttpResponse } from '../engine/effects.js';
import type { Json } from '../expr/index.js';
import { type EgressPolicy, checkEgress } from './egress.js';

export function createHttpClient(policy: EgressPolicy, timeoutMs = 30_000): HttpClient {
  return {
    async request(req): Promise<HttpResponse> {
      await checkEgress(policy, req.url);
      const headers: Record<string, string> = { ...req.headers, 'idempotency-key': req.idempotencyKey };
      if (req.traceparent) headers.traceparent = req.traceparent;
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
    },
  };
}
