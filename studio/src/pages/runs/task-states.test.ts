import { describe, expect, it } from 'vitest';
import type { RunEvent } from './run-types.js';
import { errorMap, splitPointer, statusMap, taskStates } from './task-states.js';

let n = 0;
const ev = (type: string, data: RunEvent['data'], ms = n): RunEvent => ({ id: `e${++n}`, type: `io.serverlessworkflow.${type}.v1`, time: new Date(1_700_000_000_000 + ms).toISOString(), data });

describe('taskStates', () => {
  it('derives statuses, outputs, inputs from the previous sibling and timings', () => {
    const events = [
      ev('workflow.started', { input: { x: 1 } }, 0),
      ev('task.started', { task: '/do/0/a' }, 0),
      ev('task.completed', { task: '/do/0/a', output: { y: 2 } }, 10),
      ev('task.started', { task: '/do/1/b' }, 10),
      ev('task.faulted', { task: '/do/1/b', error: { type: 't', title: 'Boom', status: 500 } }, 25),
    ];
    const s = taskStates(events, { status: 'faulted', endedAt: new Date(1_700_000_000_025).toISOString() });
    expect(s.get('/do/0/a')).toMatchObject({ status: 'completed', output: { y: 2 }, input: { value: { x: 1 }, from: 'the workflow input' }, attempts: [{ start: 1_700_000_000_000, end: 1_700_000_000_010 }] });
    expect(s.get('/do/1/b')).toMatchObject({ status: 'faulted', input: { value: { y: 2 }, from: 'the output of a' }, error: { title: 'Boom' } });
    expect(statusMap(s)).toEqual({ '/do/0/a': 'completed', '/do/1/b': 'faulted' });
    expect(errorMap(s)).toEqual({ '/do/1/b': 'Boom' });
  });

  it('counts attempts of a retried try body and gives open tasks the run status', () => {
    const events = [
      ev('workflow.started', { input: 1 }),
      ev('task.started', { task: '/do/0/t' }),
      ev('task.started', { task: '/do/0/t/try/0/c' }),
      ev('task.faulted', { task: '/do/0/t/try/0/c', error: { type: 't', title: 'Flaky', status: 503 } }),
      ev('task.retried', { task: '/do/0/t', attempt: 1 }),
      ev('task.started', { task: '/do/0/t/try/0/c' }),
      ev('task.completed', { task: '/do/0/t/try/0/c', output: 'ok' }),
      ev('task.started', { task: '/do/0/t/try/1/w' }),
    ];
    const s = taskStates(events, { status: 'waiting' });
    expect(s.get('/do/0/t')).toMatchObject({ status: 'waiting', retries: 1 });
    expect(s.get('/do/0/t/try/0/c')).toMatchObject({ status: 'completed', input: { value: 1, from: 'the input of t' } });
    expect(s.get('/do/0/t/try/0/c')?.attempts.map((a) => a.status)).toEqual(['faulted', 'completed']);
    expect(s.get('/do/0/t/try/1/w')).toMatchObject({ status: 'waiting', input: { value: 'ok' } });
  });

  it('gives fork branches the fork input and loop bodies none', () => {
    const events = [
      ev('workflow.started', { input: 'in' }),
      ev('task.started', { task: '/do/0/f' }),
      ev('task.started', { task: '/do/0/f/fork/branches/0/x' }),
      ev('task.completed', { task: '/do/0/f/fork/branches/0/x', output: 'X' }),
      ev('task.started', { task: '/do/0/f/fork/branches/1/y' }),
      ev('task.started', { task: '/do/1/loop' }),
      ev('task.started', { task: '/do/1/loop/do/0/body' }),
    ];
    const s = taskStates(events, { status: 'running' }, (p) => (p === '/do/1/loop' ? 'for' : undefined));
    expect(s.get('/do/0/f/fork/branches/1/y')?.input).toEqual({ value: 'in', from: 'the input of f' });
    expect(s.get('/do/1/loop/do/0/body')?.input).toBeUndefined();
  });

  it('ends the open attempts of an ended run when it ended, as cancelled', () => {
    const events = [ev('workflow.started', {}, 0), ev('task.started', { task: '/do/0/w' }, 5)];
    const s = taskStates(events, { status: 'cancelled', endedAt: new Date(1_700_000_000_050).toISOString() });
    expect(s.get('/do/0/w')).toMatchObject({ status: 'cancelled', attempts: [{ start: 1_700_000_000_005, end: 1_700_000_000_050, status: 'cancelled' }] });
  });

  it('splits pointers and unescapes names', () => {
    expect(splitPointer('/do/3/a~1b')).toEqual({ list: '/do', index: 3, name: 'a/b' });
    expect(splitPointer('/do')).toBeNull();
  });
});
