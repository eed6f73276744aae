import { describe, expect, it } from 'vitest';
import { selectRuntime } from './select.js';

describe('selectRuntime', () => {
  it('picks isolated-vm when it loads (installed here)', async () => {
    const { runtime, note } = await selectRuntime();
    expect(runtime.kind).toBe('isolate');
    expect(runtime.engine).toMatch(/^isolated-vm \d+\.\d+\.\d+/);
    expect(note).toBeUndefined();
  });

  it('runs on worker threads when configured so, and says so', async () => {
    const { runtime, note } = await selectRuntime({ prefer: 'worker' });
    expect(runtime.kind).toBe('worker');
    expect(note).toMatch(/worker threads/);
  });

  it('falls back to worker threads when isolated-vm cannot load, and says why', async () => {
    const { runtime, note } = await selectRuntime({ loadIsolate: () => Promise.reject(new Error("Cannot find package 'isolated-vm'")) });
    expect(runtime.kind).toBe('worker');
    expect(note).toBe("isolated-vm is not available: functions run in worker threads (Cannot find package 'isolated-vm')");
  });
});
