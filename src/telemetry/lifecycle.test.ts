import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRun } from './lifecycle-fixtures.js';
import { LifecycleObserver } from './lifecycle.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { sampleValue } from './prom-text.js';
import { Tracing } from './tracing.js';

function lines(): { stream: Writable; read: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, read: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function observer(level: 'silent' | 'info' | 'debug' = 'silent', maxRuns?: number) {
  const out = lines();
  const metrics = new Metrics();
  const o = new LifecycleObserver({ metrics, tracing: new Tracing({ env: {} }), logger: createLogger({ level, destination: out.stream }), maxRuns });
  return { o, metrics, logs: out.read };
}

afterEach(() => vi.restoreAllMocks());

describe('LifecycleObserver', () => {
  it('times a task from task.started to task.completed with the monotonic clock', async () => {
    const { o, metrics } = observer();
    const r = new FakeRun('run-1');
    o.observe(r.started());
    const now = vi.spyOn(performance, 'now').mockReturnValueOnce(1_000).mockReturnValueOnce(1_250);
    o.observe(r.taskStarted('/do/0/a'));
    o.observe(r.taskCompleted('/do/0/a'));
    expect(now).toHaveBeenCalledTimes(2);
    expect(sampleValue(await metrics.text(), 'weft_task_duration_seconds_sum', { workflow: r.workflow })).toBeCloseTo(0.25, 9);
  });

  it('keeps per-run state only while the run is live', () => {
    const { o } = observer();
    const a = new FakeRun('a');
    const b = new FakeRun('b');
    const c = new FakeRun('c');
    o.observe(a.started());
    o.observe(b.started());
    o.observe(c.started());
    o.observe(a.taskStarted('/do/0/x'));
    expect(o.trackedRuns).toBe(3);
    o.observe(a.completed());
    o.observe(b.faulted());
    o.observe(c.cancelled());
    expect(o.trackedRuns).toBe(0);
  });

  it('drops the oldest run beyond maxRuns', () => {
    const { o } = observer('silent', 2);
    for (const id of ['a', 'b', 'c']) o.observe(new FakeRun(id).started());
    expect(o.trackedRuns).toBe(2);
  });

  it('picks up a run it did not see start (recovered) and still counts its tasks and end', async () => {
    const { o, metrics } = observer();
    const r = new FakeRun('recovered');
    o.observe(r.taskStarted('/do/3/late'));
    o.observe(r.taskCompleted('/do/3/late'));
    o.observe(r.completed());
    const text = await metrics.text();
    expect(sampleValue(text, 'weft_task_duration_seconds_count', { workflow: r.workflow })).toBe(1);
    expect(sampleValue(text, 'weft_runs_completed_total', { workflow: r.workflow })).toBe(1);
    expect(sampleValue(text, 'weft_runs_started_total', { workflow: r.workflow })).toBeUndefined();
    expect(o.trackedRuns).toBe(0);
  });

  it('ignores events that are not lifecycle events, or have no run', async () => {
    const { o, metrics } = observer();
    const e = new FakeRun('x').started();
    o.observe({ ...e, type: 'com.example.order.placed.v1' });
    o.observe({ ...e, subject: undefined });
    expect(o.trackedRuns).toBe(0);
    expect(sampleValue(await metrics.text(), 'weft_runs_started_total', { workflow: 'demo/greet:1.0.0' })).toBeUndefined();
  });

  it('writes one debug line per event with run id, task pointer and trace id', () => {
    const { o, logs } = observer('debug');
    const r = new FakeRun('run-9');
    o.observe(r.started());
    o.observe(r.taskStarted('/do/0/a'));
    const [started, task] = logs();
    expect(started).toMatchObject({ level: 20, name: 'weft', msg: 'workflow.started', runId: 'run-9', traceId: r.ids.traceId, workflow: r.workflow });
    expect(started.task).toBeUndefined();
    expect(task).toMatchObject({ msg: 'task.started', runId: 'run-9', task: '/do/0/a', traceId: r.ids.traceId });
  });

  it('writes nothing above debug level', () => {
    const { o, logs } = observer('info');
    const r = new FakeRun('run-10');
    o.observe(r.started());
    o.observe(r.taskStarted('/do/0/a'));
    expect(logs()).toEqual([]);
  });
});
