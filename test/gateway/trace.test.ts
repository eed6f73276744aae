/**
 * W3C Trace Context through the gateway: a request's `traceparent` is continued by the run it starts, the
 * run's function call and the spans the server exports (OTLP/HTTP JSON to a local receiver).
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, deployFunction, registerWorkflow, startTestServer, until, workflowYaml } from './support.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

const spans: OtlpSpan[] = [];
let receiver: Server;
let s: TestServer;

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const traceparent = `00-${TRACE}-${PARENT}-01`;
const traceIdOf = (tp: string) => /^00-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(tp)?.[1];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  s = await startTestServer({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`, OTEL_BSP_SCHEDULE_DELAY: '20' } });
  await deployFunction(s, 'tp', 'export default async (_i: unknown, ctx: { traceparent: string }) => ({ tp: ctx.traceparent });');
  await registerWorkflow(s, workflowYaml('trace', 'flow', "  - callIt: { call: 'tp:1.0.0@default' }\n"));
});
afterAll(async () => {
  await s.stop();
  await new Promise((r) => receiver.close(r));
});

describe('traceparent', () => {
  it('a run started with a traceparent continues its trace: the stored run, the function it calls, and every span', async () => {
    const r = await s.call('POST', '/api/v1/workflows/trace/flow/runs', { body: {}, headers: { traceparent, prefer: 'wait=5' } });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('completed');
    // The function saw a traceparent in the same trace (a span of its own).
    expect(traceIdOf(r.body.output.tp)).toBe(TRACE);
    expect(r.body.output.tp).not.toBe(traceparent);
    // The run keeps the request's span as its parent: in the incoming trace, not the caller's own span.
    const stored = await s.server.app.store.getRun(r.body.id);
    expect(traceIdOf(stored!.traceparent!)).toBe(TRACE);
    expect(stored!.traceparent).not.toBe(traceparent);

    const inTrace = await until(async () => {
      const mine = spans.filter((x) => x.traceId === TRACE);
      return mine.some((x) => x.name === 'function tp') && mine.some((x) => x.name.startsWith('POST ')) ? mine : undefined;
    });
    const request = inTrace.find((x) => x.name === 'POST /api/v1/workflows/:namespace/:name/runs')!;
    expect(request).toBeDefined();
    expect(request.parentSpanId).toBe(PARENT);
    expect(stored!.traceparent).toBe(`00-${TRACE}-${request.spanId}-01`);
    const fn = inTrace.find((x) => x.name === 'function tp')!;
    expect(fn.parentSpanId).toBeDefined();
    expect(r.body.output.tp).toBe(`00-${TRACE}-${fn.spanId}-01`);
    // Every span is in one tree rooted at the caller's span: each parent is the caller or a span of this trace.
    const ids = new Set(inTrace.map((x) => x.spanId));
    for (const x of inTrace) expect(x.parentSpanId === PARENT || ids.has(x.parentSpanId!), x.name).toBe(true);
    expect(inTrace.length).toBeGreaterThanOrEqual(3);
  });

  it('a direct function call continues the caller\'s trace too', async () => {
    const other = '0af7651916cd43dd8448eb211c80319c';
    const r = await s.call('POST', '/fn/tp', { body: {}, headers: { traceparent: `00-${other}-b7ad6b7169203331-01` } });
    expect(r.status).toBe(200);
    expect(traceIdOf(r.body.tp)).toBe(other);
  });

  it('without (or with a malformed) traceparent a new trace starts', async () => {
    for (const headers of [{} as Record<string, string>, { traceparent: 'garbage' }, { traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` }]) {
      const r = await s.call('POST', '/api/v1/workflows/trace/flow/runs', { body: {}, headers: { ...headers, prefer: 'wait=5' } });
      expect(r.status).toBe(200);
      const id = traceIdOf(r.body.output.tp);
      expect(id).toMatch(/^[\da-f]{32}$/);
      expect(id).not.toBe(TRACE);
      expect(id).not.toBe('0'.repeat(32));
    }
  });
});
