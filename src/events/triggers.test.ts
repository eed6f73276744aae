import { describe, expect, it } from 'vitest';
import { Hooks } from '../platform/index.js';
import type { FunctionManifest, FunctionVersion, RunRecord, Webhook, WorkflowRecord } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import type { TriggersOptions } from './triggers.js';
import { subscribeTriggers } from './triggers.js';

const definition = (extra: Record<string, Json> = {}, metadata: Record<string, Json> = {}): Record<string, Json> => ({
  document: { dsl: '1.0.0', namespace: 'ns', name: 'w', version: '1.0.0', metadata },
  do: [],
  ...extra,
});
const record = (def: Record<string, Json>): WorkflowRecord => ({ namespace: 'ns', name: 'w', version: '1.0.0', definition: def, source: '', hash: '', createdAt: 0 });

/** The collaborators as recorders: each call is a line in `calls`. */
function fixture(o: Partial<Pick<TriggersOptions, 'delivers' | 'schedules'>> = {}) {
  const calls: string[] = [];
  const hooks = new Hooks();
  const latest = record(definition({ schedule: { every: 'PT1M' } }));
  const triggers = subscribeTriggers({
    hooks,
    events: {
      checkWebhook: async (w: Webhook) => void calls.push(`checkWebhook ${w.path}`),
      setWebhook: async (w: Webhook) => void calls.push(`setWebhook ${w.path}`),
      start: async () => void calls.push('events.start'),
      reload: async (remote?: boolean) => void calls.push(`events.reload ${remote}`),
    } as unknown as TriggersOptions['events'],
    bus: { followOthers: () => void calls.push('bus.followOthers') } as unknown as TriggersOptions['bus'],
    dispatcher: { wake: () => void calls.push('dispatcher.wake'), stop: async () => void calls.push('dispatcher.stop') } as unknown as TriggersOptions['dispatcher'],
    scheduler: {
      set: async (ns: string, name: string, s: Json | undefined) => void calls.push(`scheduler.set ${ns}/${name} ${JSON.stringify(s)}`),
      runEnded: (ns: string, name: string) => void calls.push(`scheduler.runEnded ${ns}/${name}`),
      stop: () => void calls.push('scheduler.stop'),
    } as unknown as TriggersOptions['scheduler'],
    workflows: { list: async () => [{ namespace: 'ns', name: 'w' }], definition: async () => latest } as unknown as TriggersOptions['workflows'],
    delivers: o.delivers ?? true,
    schedules: o.schedules ?? true,
  });
  return { calls, hooks, triggers };
}

describe('events triggers', () => {
  it('wakes the dispatcher when events are stored; follows other nodes’ events only when they come from the cluster', () => {
    const { calls, hooks } = fixture();
    hooks.emit('event.stored', { events: [], origin: 'local' });
    expect(calls).toEqual(['dispatcher.wake']);
    hooks.emit('event.stored', { events: [], origin: 'cluster' });
    expect(calls).toEqual(['dispatcher.wake', 'dispatcher.wake', 'bus.followOthers']);
  });

  it('refuses a registration whose webhook is taken or whose schedule cannot be planned', async () => {
    const { calls, hooks } = fixture();
    await hooks.emitAndWait('workflow.registering', definition({}, { webhook: { path: 'orders' } }));
    expect(calls).toEqual(['checkWebhook orders']);
    await expect(hooks.emitAndWait('workflow.registering', definition({ schedule: { every: 'nonsense' } }))).rejects.toMatchObject({ message: expect.stringContaining('schedule.every') });
  });

  it('sets a registered workflow’s webhook, and its schedule only once started on a scheduler node', async () => {
    const { calls, hooks, triggers } = fixture();
    await hooks.emitAndWait('workflow.registered', record(definition({}, { webhook: { path: 'orders' } })));
    expect(calls).toEqual(['setWebhook orders']);
    await triggers.start();
    calls.length = 0;
    await hooks.emitAndWait('workflow.registered', record(definition()));
    expect(calls).toEqual(['scheduler.set ns/w {"every":"PT1M"}']);
  });

  it('leaves schedules alone on a node without the scheduler role, and only loads routes without the worker role', async () => {
    const { calls, hooks, triggers } = fixture({ delivers: false, schedules: false });
    await triggers.start();
    await hooks.emitAndWait('workflow.registered', record(definition()));
    expect(calls).toEqual(['events.reload true']);
  });

  it('starts delivering and installs every schedule at start; stops both', async () => {
    const { calls, triggers } = fixture();
    await triggers.start();
    await triggers.stop();
    expect(calls).toEqual(['events.start', 'scheduler.set ns/w {"every":"PT1M"}', 'scheduler.stop', 'dispatcher.stop']);
  });

  it('checks and sets a function’s webhook', async () => {
    const { calls, hooks } = fixture();
    const manifest = { name: 'f', webhook: { path: 'fhook' } } as unknown as FunctionManifest;
    await hooks.emitAndWait('function.deploying', manifest);
    await hooks.emitAndWait('function.deployed', { name: 'f', manifest } as FunctionVersion);
    expect(calls).toEqual(['checkWebhook fhook', 'setWebhook fhook']);
  });

  it('re-arms a schedule only after a run the scheduler started', () => {
    const { calls, hooks } = fixture();
    hooks.emit('run.ended', { id: 'r', namespace: 'ns', name: 'w', idempotencyKey: 'schedule:123' } as RunRecord);
    hooks.emit('run.ended', { id: 'm', namespace: 'ns', name: 'w' } as RunRecord);
    expect(calls).toEqual(['scheduler.runEnded ns/w']);
  });

  it('reloads subscriptions (and schedules, once started) when the cluster says the catalog changed, not for local changes', async () => {
    const { calls, hooks, triggers } = fixture();
    hooks.emit('catalog.changed', { origin: 'local' });
    expect(calls).toEqual([]);
    await triggers.start();
    calls.length = 0;
    hooks.emit('catalog.changed', { origin: 'cluster' });
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual(['events.reload true', 'scheduler.set ns/w {"every":"PT1M"}']);
  });
});
