/** An engine on an in-memory store with a virtual clock, recording lifecycle events and HTTP calls. */
import { Engine, type CloudEvent, type HttpClient, type WorkflowRegistry } from '../../src/engine/index.js';
import { MemoryBus } from '../../src/events/memory-bus.js';
import { MemoryStore } from '../../src/store/index.js';
import { FakeClock } from './fake-clock.js';

export function testEngine(opts: { http?: HttpClient; secrets?: Record<string, string>; registry?: WorkflowRegistry } = {}) {
  const clock = new FakeClock();
  const store = new MemoryStore();
  const bus = new MemoryBus();
  const lifecycle: CloudEvent[] = [];
  let n = 0;
  const engine = new Engine({
    store,
    clock,
    bus,
    http: opts.http ?? { request: async () => ({ status: 599, headers: {}, body: 'no HTTP in this test' }) },
    ids: { newId: () => `id-${++n}` },
    secrets: { all: () => opts.secrets ?? {} },
    registry: opts.registry,
    onLifecycle: (e) => lifecycle.push(e),
  });
  return { engine, clock, store, bus, lifecycle };
}
