import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { otlpTracesUrl } from './exporter.js';
import { createTelemetry } from './index.js';
import { createLogger } from './logger.js';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function collector(): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('OTLP export', () => {
  it('sends spans to $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces when set, flushed by shutdown()', async () => {
    const { base, received } = await collector();
    const t = createTelemetry({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20t0k' },
      logger: createLogger({ level: 'silent' }),
    });
    expect(t.tracing.enabled).toBe(true);
    expect(t.tracing.target).toBe(`${base}/v1/traces`);
    const req = t.startRequest({ method: 'GET', route: '/healthz' });
    req.end(200);
    expect(received).toEqual([]);
    await t.shutdown();
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/traces']);
    const [post] = received;
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['x-tenant']).toBe('acme');
    expect(post.headers.authorization).toBe('Bearer t0k');
    expect(post.body).toContain(req.traceId);
    expect(post.body).toContain('GET /healthz');
    await t.shutdown();
  });

  it('warns once that only http/json is spoken when another protocol is asked for', async () => {
    const { base } = await collector();
    const chunks: string[] = [];
    const destination = new Writable({
      write(c, _e, done) {
        chunks.push(String(c));
        done();
      },
    });
    const t = createTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, logger: createLogger({ destination }) });
    await t.shutdown();
    const warnings = chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(warnings).toEqual([expect.objectContaining({ level: 40, msg: expect.stringContaining('http/protobuf') })]);
  });
});

describe('otlpTracesUrl', () => {
  it('appends /v1/traces to the general endpoint and takes the traces endpoint as is', () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp' })).toBe('http://collector:4318/otlp/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/traces' })).toBe('http://b:9999/traces');
  });
});
