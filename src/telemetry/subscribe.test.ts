import { describe, expect, it } from 'vitest';
import { Hooks } from '../platform/index.js';
import { createTelemetry } from './index.js';
import { FakeRun } from './lifecycle-fixtures.js';
import { createLogger } from './logger.js';
import { sampleValue } from './prom-text.js';
import { subscribeTelemetry } from './subscribe.js';

describe('telemetry on the platform hooks', () => {
  it('turns lifecycle events, invocations and events into metrics; counts only the events stored here', async () => {
    const lines: string[] = [];
    const t = createTelemetry({ logger: createLogger({ level: 'error', destination: { write: (l: string) => void lines.push(l) } }) });
    const hooks = new Hooks();
    const off = subscribeTelemetry(hooks, t);
    const run = new FakeRun('r1');
    for (const e of [run.started(), run.completed()]) hooks.emit('run.lifecycle', e);
    hooks.emit('function.invoked', { name: 'f', version: '1.0.0', traceparent: '00-' + '1'.repeat(32) + '-' + '2'.repeat(16) + '-01', startedAt: 0, endedAt: 5, cold: true, queueMs: 0, outcome: 'ok' });
    hooks.emit('event.stored', { events: [{ specversion: '1.0', id: '1', source: '/s', type: 'order.placed' }], origin: 'local' });
    hooks.emit('event.stored', { events: [], origin: 'cluster' });
    hooks.emit('event.delivered', { type: 'order.placed', subscription: 's', outcome: 'dead' });
    hooks.emit('error', { err: new Error('nope'), context: 'schedule ns/w' });
    hooks.emit('run.abandoned', { runId: 'r9', reason: new Error('lease lost') });
    const text = await t.metrics.text();
    expect(sampleValue(text, 'weft_runs_completed_total', { workflow: 'demo/greet:1.0.0' })).toBe(1);
    expect(sampleValue(text, 'weft_events_ingested_total', { type: 'order.placed' })).toBe(1);
    expect(sampleValue(text, 'weft_event_deliveries_total', { type: 'order.placed', outcome: 'dead' })).toBe(1);
    expect(sampleValue(text, 'weft_function_invocations_total', { function: 'f', version: '1.0.0', outcome: 'ok' })).toBe(1);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['schedule ns/w failed', 'run r9 failed']);
    off();
    hooks.emit('event.stored', { events: [{ specversion: '1.0', id: '2', source: '/s', type: 'order.placed' }], origin: 'local' });
    expect(sampleValue(await t.metrics.text(), 'weft_events_ingested_total', { type: 'order.placed' })).toBe(1);
  });

  it('calls the telemetry object at every report, so a wrapper installed later sees it', () => {
    const t = createTelemetry({ logger: createLogger({ level: 'silent' }) });
    const hooks = new Hooks();
    subscribeTelemetry(hooks, t);
    const seen: string[] = [];
    t.onLifecycle = (e) => void seen.push(e.type);
    hooks.emit('run.lifecycle', new FakeRun('r2').started());
    expect(seen).toEqual(['io.serverlessworkflow.workflow.started.v1']);
  });
});
