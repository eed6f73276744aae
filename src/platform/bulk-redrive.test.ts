import { describe, expect, it } from 'vitest';
import type { Clock, RunFilter, RunRecord, Store } from '../ports/index.js';
import { errorTypeMatches, matchingRuns, paced } from './bulk-redrive.js';

const COMMUNICATION = 'https://serverlessworkflow.io/spec/1.0.0/errors/communication';

describe('errorTypeMatches', () => {
  it('takes the whole URI or its last segment, nothing in between', () => {
    expect(errorTypeMatches(COMMUNICATION, COMMUNICATION)).toBe(true);
    expect(errorTypeMatches(COMMUNICATION, 'communication')).toBe(true);
    expect(errorTypeMatches(COMMUNICATION, 'errors/communication')).toBe(false);
    expect(errorTypeMatches(COMMUNICATION, 'communicat')).toBe(false);
    expect(errorTypeMatches(undefined, 'communication')).toBe(false);
  });
});

/** A clock whose timers fire when `advance` passes them. */
function fakeClock(): Clock & { advance(ms: number): Promise<void> } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimer(at, fn) {
      const t = { at, fn };
      timers.push(t);
      return () => (timers = timers.filter((x) => x !== t));
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        // Let the loop under test reach its next timer.
        for (let i = 0; i < 10; i++) await Promise.resolve();
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

describe('paced', () => {
  it('starts the i-th call i/rate seconds after the first, one at a time', async () => {
    const clock = fakeClock();
    const at: number[] = [];
    const done = paced([1, 2, 3, 4], 10, clock, async () => {
      at.push(clock.now());
    });
    await clock.advance(1000);
    await done;
    expect(at).toEqual([0, 100, 200, 300]);
  });

  it('a slow call delays the next rather than bunching them up afterwards', async () => {
    const clock = fakeClock();
    const at: number[] = [];
    const done = paced([1, 2, 3], 10, clock, async (i) => {
      at.push(clock.now());
      if (i === 1) await new Promise<void>((r) => clock.setTimer(clock.now() + 250, r));
    });
    await clock.advance(1000);
    await done;
    expect(at).toEqual([0, 250, 250]);
  });
});

describe('matchingRuns', () => {
  const run = (i: number, type?: string): RunRecord => ({ id: `r${String(i).padStart(4, '0')}`, namespace: 'ns', name: 'w', version: '1', definition: {}, input: {}, status: 'faulted', createdAt: 10_000 - i, ...(type ? { error: { type, status: 500 } } : {}) });
  // 1200 faulted runs, newest first; every third one faulted on communication.
  const rows = Array.from({ length: 1200 }, (_, i) => run(i, i % 3 === 0 ? COMMUNICATION : 'https://example.com/other'));
  const filters: RunFilter[] = [];
  const store = {
    async listRuns(f: RunFilter) {
      filters.push(f);
      const after = f.before ? rows.filter((r) => r.createdAt < f.before!.createdAt) : rows;
      return after.slice(0, f.limit);
    },
  } as unknown as Store;

  it('reads page after page until enough runs have the error type, and asks the store for faulted runs by default', async () => {
    filters.length = 0;
    const found = await matchingRuns(store, { namespace: 'ns', errorType: 'communication' }, 300);
    expect(found).toHaveLength(300);
    expect(found.every((r) => r.error?.type === COMMUNICATION)).toBe(true);
    expect(found[0].id).toBe('r0000');
    expect(filters.length).toBe(2);
    expect(filters[0]).toMatchObject({ status: ['faulted'], namespace: 'ns', limit: 500 });
    // Without an error type: the first page is enough.
    filters.length = 0;
    expect(await matchingRuns(store, { status: ['faulted', 'cancelled'] }, 5)).toHaveLength(5);
    expect(filters).toEqual([{ status: ['faulted', 'cancelled'], limit: 500 }]);
    // Fewer than asked: every page read, all that match.
    expect(await matchingRuns(store, { errorType: COMMUNICATION }, 1000)).toHaveLength(400);
  });
});

describe('paced, stopped', () => {
  it('an abort stops it before the next call, also while it waits for its turn', async () => {
    const clock = fakeClock();
    const stop = new AbortController();
    const seen: number[] = [];
    const done = paced([1, 2, 3], 10, clock, async (i) => void seen.push(i), stop.signal);
    await clock.advance(150);
    stop.abort();
    await done;
    expect(seen).toEqual([1, 2]);
  });
});
