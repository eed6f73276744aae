import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it, vi } from 'vitest';
import { createTelemetry } from './index.js';
import { FakeRun } from './lifecycle-fixtures.js';
import { createLogger } from './logger.js';
import { formatTraceparent, newSpanId, parseTraceparent } from './traceparent.js';

const quiet = () => createLogger({ level: 'silent' });

function setup() {
  const exporter = new InMemorySpanExporter();
  const t = createTelemetry({ exporter, env: {}, logger: quiet(), serviceName: 'weft-test' });
  const byName = (name: string): ReadableSpan => {
    const hits = exporter.getFinishedSpans().filter((s) => s.name === name);
    expect(hits, name).toHaveLength(1);
    return hits[0];
  };
  return { exporter, t, byName };
}

const ids = (s: ReadableSpan) => ({ traceId: s.spanContext().traceId, spanId: s.spanContext().spanId });

describe('one trace from request to outgoing HTTP', () => {
  it('links request → run → task → nested task → function → HTTP with the exact ids of the traceparents', () => {
    const { t, byName, exporter } = setup();
    const upstream = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const req = t.startRequest({ method: 'POST', route: '/api/v1/runs', traceparent: upstream });
    const run = new FakeRun('run-1', 'demo/order:1.0.0', parseTraceparent(req.traceparent));
    t.onLifecycle(run.started());
    t.onLifecycle(run.taskStarted('/do/0/process'));
    t.onLifecycle(run.taskStarted('/do/0/process/try/0/charge'));
    const charge = run.taskIds('/do/0/process/try/0/charge')!;
    const fn = { traceId: run.ids.traceId, spanId: newSpanId() };
    const http = { traceId: run.ids.traceId, spanId: newSpanId() };
    t.onHttpCall({ method: 'post', url: 'https://user:pw@pay.example.com:8443/v1/charges?key=secret', status: 201, traceparent: formatTraceparent(http), parent: formatTraceparent(fn), startedAt: Date.now() - 5, endedAt: Date.now() - 1 });
    t.onInvocation({ name: 'charge', version: '1.2.0', traceparent: formatTraceparent(fn), parent: formatTraceparent(charge), startedAt: Date.now() - 10, endedAt: Date.now(), cold: true, queueMs: 3, outcome: 'ok' });
    t.onLifecycle(run.taskCompleted('/do/0/process/try/0/charge'));
    t.onLifecycle(run.taskCompleted('/do/0/process'));
    t.onLifecycle(run.taskStarted('/do/1/notify'));
    t.onLifecycle(run.taskCompleted('/do/1/notify'));
    t.onLifecycle(run.completed());
    req.end(201);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(7);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set(['4bf92f3577b34da6a3ce929d0e0e4736']));

    const request = byName('POST /api/v1/runs');
    const runSpan = byName('run demo/order:1.0.0');
    const outer = byName('task /do/0/process');
    const inner = byName('task /do/0/process/try/0/charge');
    const sibling = byName('task /do/1/notify');
    const fnSpan = byName('function charge');
    const httpSpan = byName('HTTP POST');

    expect(ids(request)).toEqual(parseTraceparent(req.traceparent));
    expect(request.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.attributes['http.response.status_code']).toBe(201);

    expect(ids(runSpan)).toEqual(run.ids);
    expect(runSpan.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(runSpan.kind).toBe(SpanKind.INTERNAL);
    expect(runSpan.attributes).toMatchObject({ 'weft.run.id': 'run-1', 'weft.workflow': 'demo/order:1.0.0' });

    expect(outer.parentSpanContext?.spanId).toBe(runSpan.spanContext().spanId);
    expect(outer.attributes).toMatchObject({ 'weft.task.pointer': '/do/0/process', 'weft.run.id': 'run-1' });
    expect(ids(inner)).toEqual(charge);
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(sibling.parentSpanContext?.spanId).toBe(runSpan.spanContext().spanId);

    expect(ids(fnSpan)).toEqual(fn);
    expect(fnSpan.parentSpanContext?.spanId).toBe(charge.spanId);
    expect(fnSpan.attributes).toMatchObject({ 'weft.function.name': 'charge', 'weft.function.version': '1.2.0', 'faas.coldstart': true, 'weft.function.queue_ms': 3 });

    expect(ids(httpSpan)).toEqual(http);
    expect(httpSpan.parentSpanContext?.spanId).toBe(fn.spanId);
    expect(httpSpan.kind).toBe(SpanKind.CLIENT);
    expect(httpSpan.attributes).toMatchObject({ 'http.request.method': 'POST', 'url.full': 'https://pay.example.com:8443/v1/charges', 'server.address': 'pay.example.com', 'server.port': 8443, 'http.response.status_code': 201 });
    expect(JSON.stringify(httpSpan.attributes)).not.toMatch(/secret|pw@/);

    expect(runSpan.resource.attributes['service.name']).toBe('weft-test');
  });

  it('parents a task only under an open task whose pointer is a whole-segment prefix of its own', () => {
    const { t, byName } = setup();
    const run = new FakeRun('run-2');
    t.onLifecycle(run.started());
    t.onLifecycle(run.taskStarted('/do/1'));
    t.onLifecycle(run.taskStarted('/do/10'));
    t.onLifecycle(run.taskStarted('/do/1/for/do/0/x'));
    for (const p of ['/do/1/for/do/0/x', '/do/10', '/do/1']) t.onLifecycle(run.taskCompleted(p));
    t.onLifecycle(run.completed());
    const runSpanId = byName(`run ${run.workflow}`).spanContext().spanId;
    expect(byName('task /do/10').parentSpanContext?.spanId).toBe(runSpanId);
    expect(byName('task /do/1/for/do/0/x').parentSpanContext?.spanId).toBe(byName('task /do/1').spanContext().spanId);
  });

  it('marks a faulted run and task as errors', () => {
    const { t, byName } = setup();
    const run = new FakeRun('run-3');
    t.onLifecycle(run.started());
    t.onLifecycle(run.taskStarted('/do/0/call'));
    t.onLifecycle(run.taskRetried('/do/0/call', 1));
    t.onLifecycle(run.taskFaulted('/do/0/call'));
    t.onLifecycle(run.faulted());
    const task = byName('task /do/0/call');
    expect(task.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Unavailable' });
    expect(task.attributes['error.type']).toBe('https://serverlessworkflow.io/spec/1.0.0/errors/communication');
    expect(task.events.map((e) => e.name)).toEqual(['retry']);
    const runSpan = byName(`run ${run.workflow}`);
    expect(runSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(runSpan.attributes['error.type']).toBe('https://serverlessworkflow.io/spec/1.0.0/errors/runtime');
  });

  it('ends the spans of tasks a cancelled run left open', () => {
    const { t, byName } = setup();
    const run = new FakeRun('run-4');
    t.onLifecycle(run.started());
    t.onLifecycle(run.taskStarted('/do/0/wait'));
    t.onLifecycle(run.cancelled());
    expect(byName('task /do/0/wait').attributes['weft.task.unfinished']).toBe(true);
    expect(byName(`run ${run.workflow}`).attributes['weft.run.cancelled']).toBe(true);
  });

  it('makes a run root of its own trace without weftparent, and links a parent from another trace', () => {
    const { t, byName } = setup();
    const alone = new FakeRun('run-5', 'demo/a:1.0.0');
    t.onLifecycle(alone.started());
    t.onLifecycle(alone.completed());
    expect(byName('run demo/a:1.0.0').parentSpanContext).toBeUndefined();
    expect(ids(byName('run demo/a:1.0.0'))).toEqual(alone.ids);

    const other = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };
    const run = new FakeRun('run-6', 'demo/b:1.0.0');
    t.onLifecycle({ ...run.started(), weftparent: formatTraceparent(other) });
    t.onLifecycle(run.completed());
    const span = byName('run demo/b:1.0.0');
    expect(ids(span)).toEqual(run.ids);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links.map((l) => l.context.spanId)).toEqual([other.spanId]);
  });

  it('starts a late (partial) run span for a run first seen after it started, and parents later tasks to it', () => {
    const { t, byName } = setup();
    const run = new FakeRun('run-8', 'demo/late:1.0.0');
    t.onLifecycle({ ...run.suspended(), type: 'io.serverlessworkflow.workflow.resumed.v1' });
    t.onLifecycle(run.taskStarted('/do/2/next'));
    t.onLifecycle(run.taskCompleted('/do/2/next'));
    t.onLifecycle(run.completed());
    const span = byName('run demo/late:1.0.0');
    expect(ids(span)).toEqual(run.ids);
    expect(span.attributes['weft.run.partial']).toBe(true);
    expect(span.events.map((e) => e.name)).toEqual(['workflow.resumed']);
    expect(byName('task /do/2/next').parentSpanContext?.spanId).toBe(run.ids.spanId);
  });

  it('marks failed invocations and HTTP calls as errors', () => {
    const { t, byName } = setup();
    const trace = 'c'.repeat(32);
    const tp = () => formatTraceparent({ traceId: trace, spanId: newSpanId() });
    t.onInvocation({ name: 'slow', version: '1.0.0', traceparent: tp(), startedAt: Date.now() - 1, endedAt: Date.now(), cold: false, queueMs: 0, outcome: 'timeout', error: { message: 'deadline exceeded' } });
    t.onHttpCall({ method: 'GET', url: 'http://svc/x', status: 503, traceparent: tp(), startedAt: Date.now() - 1, endedAt: Date.now() });
    t.onHttpCall({ method: 'PUT', url: 'http://svc/y', traceparent: tp(), startedAt: Date.now() - 1, endedAt: Date.now(), error: new TypeError('fetch failed') });
    expect(byName('function slow').status).toEqual({ code: SpanStatusCode.ERROR, message: 'deadline exceeded' });
    expect(byName('function slow').attributes['error.type']).toBe('timeout');
    expect(byName('HTTP GET').status.code).toBe(SpanStatusCode.ERROR);
    expect(byName('HTTP GET').attributes['error.type']).toBe('503');
    expect(byName('HTTP PUT').attributes['error.type']).toBe('TypeError');
  });
});

describe('request spans', () => {
  it('ignores a malformed incoming traceparent and starts a new trace', () => {
    const { t, exporter } = setup();
    const bad = [
      'garbage',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ];
    for (const traceparent of bad) {
      exporter.reset();
      const req = t.startRequest({ method: 'GET', route: '/x', traceparent });
      req.end(200);
      const [span] = exporter.getFinishedSpans();
      expect(span.parentSpanContext, traceparent).toBeUndefined();
      expect(span.spanContext().traceId, traceparent).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(parseTraceparent(req.traceparent), traceparent).toEqual(ids(span));
    }
  });

  it('continues a well-formed one, of a later version too', () => {
    const { t, exporter } = setup();
    const req = t.startRequest({ method: 'GET', route: '/x', traceparent: '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future' });
    req.end(503);
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(req.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[\da-f]{16}-01$/);
  });
});

describe('without an exporter', () => {
  it('builds no spans but still hands out traceparents', () => {
    const t = createTelemetry({ env: {}, logger: quiet() });
    expect(t.tracing.enabled).toBe(false);
    const startSpan = vi.spyOn(t.tracing, 'startSpan');
    const req = t.startRequest({ method: 'POST', route: '/api/v1/runs' });
    const run = new FakeRun('run-7', 'demo/x:1.0.0', parseTraceparent(req.traceparent));
    for (const e of [run.started(), run.taskStarted('/do/0/a'), run.taskCompleted('/do/0/a'), run.completed()]) t.onLifecycle(e);
    t.onInvocation({ name: 'f', version: '1.0.0', traceparent: req.traceparent, startedAt: 0, endedAt: 1, cold: false, queueMs: 0, outcome: 'ok' });
    t.onHttpCall({ method: 'GET', url: 'http://x/', traceparent: req.traceparent, startedAt: 0, endedAt: 1 });
    req.end(200);
    expect(startSpan).not.toHaveBeenCalled();
    expect(parseTraceparent(req.traceparent)).toBeDefined();
  });

  it('is what an empty environment or OTEL_TRACES_EXPORTER=none gives', () => {
    expect(createTelemetry({ env: {}, logger: quiet() }).tracing.enabled).toBe(false);
    expect(createTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }, logger: quiet() }).tracing.enabled).toBe(false);
  });
});
