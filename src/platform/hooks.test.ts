import { describe, expect, it } from 'vitest';
import type { RunRecord, WorkflowRecord } from '../ports/index.js';
import { HOOK_NAMES, type HookPayloads, Hooks, isAwaited } from './hooks.js';

const run = { id: 'r1', namespace: 'ns', name: 'w' } as RunRecord;
const record = { namespace: 'ns', name: 'w', version: '1.0.0' } as WorkflowRecord;

describe('Hooks', () => {
  it('calls the handlers of a hook synchronously, in subscription order, with the payload', () => {
    const hooks = new Hooks();
    const seen: string[] = [];
    hooks.on('run.ended', (r) => void seen.push(`a:${r.id}`));
    hooks.on('run.ended', (r) => void seen.push(`b:${r.id}`));
    hooks.on('run.abandoned', () => void seen.push('other hook'));
    hooks.emit('run.ended', run);
    seen.push('after emit');
    expect(seen).toEqual(['a:r1', 'b:r1', 'after emit']);
  });

  it('unsubscribes, also from within a handler, without disturbing the emit in progress', () => {
    const hooks = new Hooks();
    const seen: string[] = [];
    const offA = hooks.on('run.ended', () => {
      seen.push('a');
      offA();
    });
    hooks.on('run.ended', () => void seen.push('b'));
    hooks.emit('run.ended', run);
    hooks.emit('run.ended', run);
    expect(seen).toEqual(['a', 'b', 'b']);
    expect(hooks.has('run.ended')).toBe(true);
    expect(hooks.has('run.lifecycle')).toBe(false);
  });

  it('isolates a failing handler: the others run, the emitter goes on, the failure goes to the error hook', async () => {
    const hooks = new Hooks();
    const errors: HookPayloads['error'][] = [];
    hooks.on('error', (e) => void errors.push(e));
    const seen: string[] = [];
    hooks.on('event.stored', () => {
      throw new Error('sync boom');
    });
    hooks.on('event.stored', async () => {
      throw new Error('async boom');
    });
    hooks.on('event.stored', () => void seen.push('third'));
    expect(() => hooks.emit('event.stored', { events: [], origin: 'local' })).not.toThrow();
    expect(seen).toEqual(['third']);
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => [(e.err as Error).message, e.context])).toEqual([
      ['sync boom', 'hook event.stored'],
      ['async boom', 'hook event.stored'],
    ]);
  });

  it('swallows a failing error handler (nobody is left to tell) without looping', () => {
    const hooks = new Hooks();
    let calls = 0;
    hooks.on('error', () => {
      calls++;
      throw new Error('logger down');
    });
    hooks.on('run.ended', () => {
      throw new Error('boom');
    });
    expect(() => hooks.emit('run.ended', run)).not.toThrow();
    expect(calls).toBe(1);
  });

  it('emitAndWait awaits each handler in turn, in subscription order', async () => {
    const hooks = new Hooks();
    const seen: string[] = [];
    hooks.on('workflow.registered', async () => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push('slow first');
    });
    hooks.on('workflow.registered', () => void seen.push('second'));
    await hooks.emitAndWait('workflow.registered', record);
    expect(seen).toEqual(['slow first', 'second']);
  });

  it('emitAndWait runs every handler, then throws the first failure to the emitter', async () => {
    const hooks = new Hooks();
    const seen: string[] = [];
    const errors: unknown[] = [];
    hooks.on('error', (e) => void errors.push(e));
    hooks.on('workflow.registering', async () => {
      throw new Error('webhook path taken');
    });
    hooks.on('workflow.registering', () => {
      throw new Error('bad schedule');
    });
    hooks.on('workflow.registering', () => void seen.push('third'));
    await expect(hooks.emitAndWait('workflow.registering', {})).rejects.toThrow('webhook path taken');
    expect(seen).toEqual(['third']);
    // The emitter heard of it: not reported twice.
    expect(errors).toEqual([]);
  });

  it('emits to nobody without failing', async () => {
    const hooks = new Hooks();
    hooks.emit('run.lifecycle', { specversion: '1.0', id: '1', source: '/s', type: 't' });
    await expect(hooks.emitAndWait('function.deployed', {} as HookPayloads['function.deployed'])).resolves.toBeUndefined();
  });

  it('lists every hook, and which ones are awaited', () => {
    expect(HOOK_NAMES).toHaveLength(13);
    expect(HOOK_NAMES.filter(isAwaited)).toEqual(['workflow.registering', 'workflow.registered', 'function.deploying', 'function.deployed']);
  });
});
