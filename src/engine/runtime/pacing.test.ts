import { describe, expect, it } from 'vitest';
import { Pacer } from './pacing.js';

const clock = { now: () => Date.now(), setTimer: (at: number, fn: () => void) => { const t = setTimeout(fn, Math.max(0, at - Date.now())); return () => clearTimeout(t); } };
const tick = () => new Promise((r) => setImmediate(r));

describe('Pacer', () => {
  it('activates in order with at most `concurrency` in flight, a slot held until the run ends', async () => {
    const pacer = new Pacer({ concurrency: 2, holdMs: 10_000, clock });
    const order: string[] = [];
    const ends = new Map<string, () => void>();
    let inFlight = 0;
    let most = 0;
    const all = pacer.enqueue(['a', 'b', 'c', 'd', 'e'].map((id) => ({
      id,
      activate: async () => {
        order.push(id);
        inFlight++;
        most = Math.max(most, inFlight);
        return { ended: new Promise<void>((r) => ends.set(id, () => (inFlight--, r()))) };
      },
    })));
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(pacer.queued).toBe(3);
    ends.get('b')!();
    await tick();
    await tick();
    expect(order).toEqual(['a', 'b', 'c']);
    for (const id of ['a', 'c', 'd', 'e']) {
      await tick();
      await tick();
      ends.get(id)?.();
    }
    await all;
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
  });

  it('frees a slot after holdMs for a run that keeps waiting, and reports activations that fail', async () => {
    const errors: string[] = [];
    const pacer = new Pacer({ concurrency: 1, holdMs: 20, clock, onError: (id) => errors.push(id) });
    const t0 = Date.now();
    const forever = new Promise<void>(() => {});
    await pacer.enqueue([
      { id: 'x', activate: async () => ({ ended: forever }) },
      { id: 'bad', activate: async () => { throw new Error('no journal'); } },
      { id: 'y', activate: async () => undefined },
    ]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    expect(errors).toEqual(['bad']);
  });

  it('lets callers wait for a queued run, removes one, and stops', async () => {
    const pacer = new Pacer({ concurrency: 1, holdMs: 10_000, clock });
    const seen: string[] = [];
    let endA!: () => void;
    void pacer.enqueue([
      { id: 'a', activate: async () => (seen.push('a'), { ended: new Promise<void>((r) => (endA = r)) }) },
      { id: 'b', activate: async () => (seen.push('b'), undefined) },
      { id: 'c', activate: async () => (seen.push('c'), undefined) },
    ]);
    expect(pacer.ids().sort()).toEqual(['a', 'b', 'c']);
    const waitingB = pacer.pending('b')!;
    let bActive = false;
    void waitingB.then(() => (bActive = true));
    pacer.remove('c');
    await tick();
    expect(bActive).toBe(false);
    endA();
    await waitingB;
    expect(seen).toEqual(['a', 'b']);
    expect(pacer.pending('b')).toBeUndefined();
    pacer.stop();
    await pacer.enqueue([{ id: 'd', activate: async () => (seen.push('d'), undefined) }]);
    expect(seen).toEqual(['a', 'b']);
  });
});
