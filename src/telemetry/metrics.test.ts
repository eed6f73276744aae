import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createTelemetry } from './index.js';
import { FakeRun } from './lifecycle-fixtures.js';
import { createLogger } from './logger.js';
import { HTTP_BUCKETS, Metrics } from './metrics.js';
import { parseSamples, sampleValue } from './prom-text.js';

const quiet = () => createLogger({ level: 'silent' });

describe('metrics from lifecycle events', () => {
  it('counts a small run (tasks, a retry) and a faulted run per workflow', async () => {
    const t = createTelemetry({ env: {}, logger: quiet() });
    const ok = new FakeRun('run-ok', 'demo/greet:1.0.0');
    for (const e of [
      ok.started(),
      ok.taskStarted('/do/0/hello'),
      ok.taskCompleted('/do/0/hello'),
      ok.taskStarted('/do/1/fetch'),
      ok.taskRetried('/do/1/fetch', 1),
      ok.taskCompleted('/do/1/fetch'),
      ok.completed(),
    ])
      t.onLifecycle(e);
    const bad = new FakeRun('run-bad', 'demo/charge:2.0.0');
    for (const e of [bad.started(), bad.taskStarted('/do/0/charge'), bad.taskFaulted('/do/0/charge'), bad.faulted()]) t.onLifecycle(e);

    const text = await t.metrics.text();
    const greet = { workflow: 'demo/greet:1.0.0' };
    const charge = { workflow: 'demo/charge:2.0.0' };
    expect(sampleValue(text, 'weft_runs_started_total', greet)).toBe(1);
    expect(sampleValue(text, 'weft_runs_started_total', charge)).toBe(1);
    expect(sampleValue(text, 'weft_runs_completed_total', greet)).toBe(1);
    expect(sampleValue(text, 'weft_runs_completed_total', charge)).toBeUndefined();
    expect(sampleValue(text, 'weft_runs_faulted_total', charge)).toBe(1);
    expect(sampleValue(text, 'weft_runs_faulted_total', greet)).toBeUndefined();
    expect(sampleValue(text, 'weft_task_retries_total', greet)).toBe(1);
    expect(sampleValue(text, 'weft_task_duration_seconds_count', greet)).toBe(2);
    expect(sampleValue(text, 'weft_task_duration_seconds_count', charge)).toBe(1);
    expect(sampleValue(text, 'weft_task_duration_seconds_bucket', { ...greet, le: '+Inf' })).toBe(2);
    // Declared even before anything was cancelled, so dashboards can rely on the series name.
    expect(text).toContain('# TYPE weft_runs_cancelled_total counter');
  });

  it('counts cancelled runs', async () => {
    const t = createTelemetry({ env: {}, logger: quiet() });
    const r = new FakeRun('run-c');
    for (const e of [r.started(), r.taskStarted('/do/0/wait'), r.cancelled()]) t.onLifecycle(e);
    expect(sampleValue(await t.metrics.text(), 'weft_runs_cancelled_total', { workflow: r.workflow })).toBe(1);
  });
});

describe('Metrics', () => {
  it('exposes the HTTP histogram with buckets from 0.1 ms to 10 s and puts observations in the right one', async () => {
    const m = new Metrics();
    m.httpRequest({ method: 'GET', route: '/api/v1/runs/:id', status: 200, seconds: 0.0003 });
    m.httpRequest({ method: 'GET', route: '/api/v1/runs/:id', status: 200, seconds: 4 });
    const text = await m.text();
    const labels = { method: 'GET', route: '/api/v1/runs/:id', status: '200' };
    const les = parseSamples(text)
      .filter((s) => s.name === 'weft_http_request_duration_seconds_bucket')
      .map((s) => s.labels.le);
    expect(les).toEqual([...HTTP_BUCKETS.map(String), '+Inf']);
    expect(les[0]).toBe('0.0001');
    expect(les.at(-2)).toBe('10');
    expect(sampleValue(text, 'weft_http_request_duration_seconds_bucket', { ...labels, le: '0.00025' })).toBe(0);
    expect(sampleValue(text, 'weft_http_request_duration_seconds_bucket', { ...labels, le: '0.0005' })).toBe(1);
    expect(sampleValue(text, 'weft_http_request_duration_seconds_bucket', { ...labels, le: '5' })).toBe(2);
    expect(sampleValue(text, 'weft_http_requests_total', labels)).toBe(2);
    expect(text).toMatch(/^# TYPE weft_task_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE weft_function_duration_seconds histogram$/m);
  });

  it('counts rate-limit rejections by group', async () => {
    const m = new Metrics();
    m.rateLimited('ingress');
    m.rateLimited('ingress');
    m.rateLimited('admin');
    const text = await m.text();
    expect(sampleValue(text, 'weft_rate_limited_total', { group: 'ingress' })).toBe(2);
    expect(sampleValue(text, 'weft_rate_limited_total', { group: 'admin' })).toBe(1);
  });

  it('reads the gauges from their callbacks at scrape time', async () => {
    const m = new Metrics();
    expect(sampleValue(await m.text(), 'weft_runs_active')).toBe(0);
    let active = 3;
    m.gauges({ activeRuns: () => active, queueDepth: () => 7 });
    let text = await m.text();
    expect(sampleValue(text, 'weft_runs_active')).toBe(3);
    expect(sampleValue(text, 'weft_function_queue_depth')).toBe(7);
    active = 5;
    text = await m.text();
    expect(sampleValue(text, 'weft_runs_active')).toBe(5);
  });

  it('keeps a registry per instance, off the global one, with the process metrics on it', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.rateLimited('g');
    expect(sampleValue(await a.text(), 'weft_rate_limited_total', { group: 'g' })).toBe(1);
    expect(sampleValue(await b.text(), 'weft_rate_limited_total', { group: 'g' })).toBeUndefined();
    expect(await globalRegistry.metrics()).not.toContain('weft_');
    const text = await a.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(a.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe('function metrics', () => {
  it('counts invocations by outcome, cold starts, throttles, and times those that ran', async () => {
    const t = createTelemetry({ env: {}, logger: quiet() });
    const base = { version: '1.0.0', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', queueMs: 0 };
    t.onInvocation({ ...base, name: 'resize', startedAt: 1_000, endedAt: 1_020, cold: true, outcome: 'ok' });
    t.onInvocation({ ...base, name: 'resize', startedAt: 2_000, endedAt: 2_005, cold: false, outcome: 'ok' });
    t.onInvocation({ ...base, name: 'resize', startedAt: 3_000, endedAt: 3_000, cold: false, outcome: 'throttled' });
    t.onInvocation({ ...base, name: 'resize', startedAt: 4_000, endedAt: 4_500, cold: false, outcome: 'timeout', error: 'too slow' });
    const text = await t.metrics.text();
    const fn = { function: 'resize' };
    expect(sampleValue(text, 'weft_function_invocations_total', { ...fn, version: '1.0.0', outcome: 'ok' })).toBe(2);
    expect(sampleValue(text, 'weft_function_invocations_total', { ...fn, version: '1.0.0', outcome: 'throttled' })).toBe(1);
    expect(sampleValue(text, 'weft_function_invocations_total', { ...fn, version: '1.0.0', outcome: 'timeout' })).toBe(1);
    expect(sampleValue(text, 'weft_function_cold_starts_total', fn)).toBe(1);
    expect(sampleValue(text, 'weft_function_throttles_total', fn)).toBe(1);
    expect(sampleValue(text, 'weft_function_duration_seconds_count', fn)).toBe(3);
    expect(sampleValue(text, 'weft_function_duration_seconds_sum', fn)).toBeCloseTo(0.525, 6);
  });

  it('counts a request once when startRequest().end() is called', async () => {
    const t = createTelemetry({ env: {}, logger: quiet() });
    const req = t.startRequest({ method: 'POST', route: '/api/v1/runs' });
    req.end(201);
    req.end(500);
    const text = await t.metrics.text();
    expect(sampleValue(text, 'weft_http_requests_total', { method: 'POST', route: '/api/v1/runs', status: '201' })).toBe(1);
    expect(sampleValue(text, 'weft_http_requests_total', { method: 'POST', route: '/api/v1/runs', status: '500' })).toBeUndefined();
  });
});
