import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logContext } from './logger.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const raw = () => chunks.join('');
  return { stream, raw, lines: () => raw().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line named weft, with the base fields and an ISO time', () => {
    const out = sink();
    const log = createLogger({ destination: out.stream, base: { node: 'n1' } });
    log.info({ a: 1 }, 'hello');
    log.warn('second');
    expect(out.raw().endsWith('\n')).toBe(true);
    const [first, second] = out.lines();
    expect(first).toMatchObject({ name: 'weft', level: 30, msg: 'hello', a: 1, node: 'n1', pid: process.pid });
    expect(Date.parse(first.time as string)).not.toBeNaN();
    expect(second).toMatchObject({ level: 40, msg: 'second' });
  });

  it('honours the level', () => {
    const out = sink();
    const log = createLogger({ level: 'warn', destination: out.stream });
    log.info('dropped');
    log.error('kept');
    expect(out.lines().map((l) => l.msg)).toEqual(['kept']);
  });

  it('never writes credentials from request headers', () => {
    const out = sink();
    createLogger({ destination: out.stream }).info({ req: { headers: { authorization: 'Bearer s3cret', 'x-api-key': 'k3y', accept: '*/*' } } }, 'req');
    expect(out.raw()).not.toContain('s3cret');
    expect(out.raw()).not.toContain('k3y');
    expect(out.lines()[0]).toMatchObject({ req: { headers: { authorization: '[redacted]', accept: '*/*' } } });
  });
});

describe('logContext', () => {
  it('derives a child whose lines carry the request, run, task and trace ids given, and only those', () => {
    const out = sink();
    const log = createLogger({ destination: out.stream });
    const child = logContext(log, { reqId: 'req-1', runId: 'run-1', task: '/do/0/a', traceId: '0af7651916cd43dd8448eb211c80319c' });
    child.info('in task');
    logContext(log, { runId: 'run-2', task: undefined }).info('in run');
    const [a, b] = out.lines();
    expect(a).toMatchObject({ reqId: 'req-1', runId: 'run-1', task: '/do/0/a', traceId: '0af7651916cd43dd8448eb211c80319c', msg: 'in task' });
    expect(b).toMatchObject({ runId: 'run-2', msg: 'in run' });
    expect(Object.keys(b)).not.toContain('task');
    expect(Object.keys(b)).not.toContain('reqId');
  });
});
