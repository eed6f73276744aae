import { describe, expect, it } from 'vitest';
import type { ScheduleStore, Subscription } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { MemoryStore } from '../store/index.js';
import { FakeClock } from '../../test/support/fake-clock.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';
import { Scheduler, onSubscriptions, planOf } from './scheduler.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 10:00:30 UTC: between slots of every schedule below. */
const T0 = Date.UTC(2026, 0, 1, 10, 0, 30);

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

/** The world a scheduler lives in: a fake clock, a schedule store, and what it started. */
function world(time = T0) {
  const clock = new FakeClock(time, false);
  const store: ScheduleStore = new MemoryStore().schedules;
  const started: { at: number; workflow: string; key: string }[] = [];
  const subscriptions = new Map<string, Omit<Subscription, 'createdAt'>[]>();
  const errors: unknown[] = [];
  /** A scheduler process: `restart` is a new one on the same store (the old one stopped). */
  const boot = () =>
    new Scheduler({
      store,
      clock,
      start: async (ns, name, idempotencyKey) => {
        started.push({ at: clock.now(), workflow: `${ns}/${name}`, key: idempotencyKey });
      },
      subscriptions: async (prefix, subs) => void subscriptions.set(prefix, subs),
      onError: (err) => errors.push(err),
    });
  /** Moves the clock to `to` one timer at a time, letting each fire finish before the next. */
  const advance = async (to: number) => {
    const timers = (clock as unknown as { timers: { at: number }[] }).timers;
    for (let next = Math.min(...timers.map((x) => x.at)); next <= to; next = Math.min(...timers.map((x) => x.at))) {
      clock.advance(next);
      await flush();
    }
    clock.advance(to);
    await flush();
  };
  return { clock, store, started, subscriptions, errors, boot, advance };
}

const slots = (w: ReturnType<typeof world>) => w.started.map((s) => s.key);

describe('Scheduler: every', () => {
  it('fires once per slot (multiples of the interval), never for slots before it was installed', async () => {
    const w = world();
    const s = w.boot();
    await s.set('ops', 'report', { every: { minutes: 1 } });
    await flush();
    expect(w.started).toEqual([]);
    await w.advance(T0 + 3 * MIN);
    const t = (m: number) => Date.UTC(2026, 0, 1, 10, m);
    expect(w.started).toEqual([1, 2, 3].map((m) => ({ at: t(m), workflow: 'ops/report', key: `schedule:${t(m)}` })));
    s.stop();
  });

  it('does not fire a slot again after a restart, and two schedulers on one store fire each slot once', async () => {
    const w = world();
    const a = w.boot();
    await a.set('ops', 'report', { every: 'PT1M' });
    await w.advance(Date.UTC(2026, 0, 1, 10, 2, 10));
    expect(w.started).toHaveLength(2);
    a.stop();
    // Restart within the same slot: the slot that fired before is not fired again.
    const b = w.boot();
    await b.set('ops', 'report', { every: 'PT1M' });
    const c = w.boot(); // a second process on the same database
    await c.set('ops', 'report', { every: 'PT1M' });
    await w.advance(Date.UTC(2026, 0, 1, 10, 5, 0));
    expect(slots(w)).toEqual([1, 2, 3, 4, 5].map((m) => `schedule:${Date.UTC(2026, 0, 1, 10, m)}`));
    b.stop();
    c.stop();
  });

  it('slots missed while down fire once (the latest) at start, then the schedule continues', async () => {
    const w = world();
    const a = w.boot();
    await a.set('ops', 'report', { every: 'PT1M' });
    await w.advance(Date.UTC(2026, 0, 1, 10, 1, 5));
    a.stop();
    w.clock.time = Date.UTC(2026, 0, 1, 10, 7, 20); // down for six slots
    const b = w.boot();
    await b.set('ops', 'report', { every: 'PT1M' });
    await flush();
    expect(slots(w)).toEqual([`schedule:${Date.UTC(2026, 0, 1, 10, 1)}`, `schedule:${Date.UTC(2026, 0, 1, 10, 7)}`]);
    expect(w.started[1].at).toBe(Date.UTC(2026, 0, 1, 10, 7, 20));
    await w.advance(Date.UTC(2026, 0, 1, 10, 8, 0));
    expect(w.started).toHaveLength(3);
    b.stop();
  });

  it('stop and set(undefined) end the schedule', async () => {
    const w = world();
    const s = w.boot();
    await s.set('ops', 'a', { every: 'PT1M' });
    await s.set('ops', 'b', { every: 'PT1M' });
    await s.set('ops', 'a', undefined);
    await w.advance(T0 + 2 * MIN);
    expect(new Set(w.started.map((x) => x.workflow))).toEqual(new Set(['ops/b']));
    s.stop();
    await w.advance(T0 + 10 * MIN);
    expect(w.started).toHaveLength(2);
  });
});

describe('Scheduler: cron', () => {
  const hourly = { cron: '0 * * * *' };
  const h = (hour: number, minute = 0) => Date.UTC(2026, 0, 1, hour, minute);

  it('fires exactly once per cron slot (UTC) with a fake clock', async () => {
    const w = world();
    const s = w.boot();
    await s.set('ops', 'hourly', hourly);
    await w.advance(h(13, 30));
    expect(w.started.map((x) => x.at)).toEqual([h(11), h(12), h(13)]);
    expect(slots(w)).toEqual([h(11), h(12), h(13)].map((t) => `schedule:${t}`));
    s.stop();
  });

  it('across a restart: no slot fires twice, a missed one fires once, the next ones on time', async () => {
    const w = world();
    const a = w.boot();
    await a.set('ops', 'hourly', hourly);
    await w.advance(h(11, 10));
    a.stop();
    // Restarted in the same hour: 11:00 already fired.
    const b = w.boot();
    await b.set('ops', 'hourly', hourly);
    await w.advance(h(12, 0));
    b.stop();
    // Down from 12:00 to 15:40: 13:00, 14:00 and 15:00 were missed; one run for them, for 15:00.
    w.clock.time = h(15, 40);
    const c = w.boot();
    await c.set('ops', 'hourly', hourly);
    await w.advance(h(17, 0));
    expect(w.started.map((x) => x.key)).toEqual([h(11), h(12), h(15), h(16), h(17)].map((t) => `schedule:${t}`));
    expect(w.started.map((x) => x.at)).toEqual([h(11), h(12), h(15, 40), h(16), h(17)]);
    c.stop();
  });

  it('supports seconds (six fields) and refuses a malformed expression at /schedule/cron', async () => {
    const w = world(Date.UTC(2026, 0, 1, 10, 0, 0, 500));
    const s = w.boot();
    await s.set('ops', 'fast', { cron: '*/10 * * * * *' });
    await w.advance(Date.UTC(2026, 0, 1, 10, 0, 30));
    expect(w.started).toHaveLength(3);
    s.stop();
    expect(() => planOf({ cron: 'every tuesday' })).toThrow(EventError);
    try {
      planOf({ cron: '61 * * * *' });
    } catch (err) {
      expect((err as EventError).extra.pointer).toBe('/schedule/cron');
    }
  });
});

describe('Scheduler: after', () => {

  it('starts the first run when installed, then the next one `after` the previous run ended', async () => {
    const w = world();
    const s = w.boot();
    await s.set('ops', 'poll', { after: { minutes: 5 } });
    await w.advance(T0);
    expect(w.started.map((x) => x.at)).toEqual([T0]);
    s.runEnded('ops', 'poll');
    s.runEnded('ops', 'other');
    await w.advance(T0 + 5 * MIN - 1);
    expect(w.started).toHaveLength(1);
    await w.advance(T0 + 5 * MIN);
    expect(w.started.map((x) => x.at)).toEqual([T0, T0 + 5 * MIN]);
    // Nothing more until that run ends.
    await w.advance(T0 + HOUR);
    expect(w.started).toHaveLength(2);
    s.stop();
  });

  it('after a restart the next run starts `after` from the start, not at once', async () => {
    const w = world();
    const a = w.boot();
    await a.set('ops', 'poll', { after: 'PT5M' });
    await w.advance(T0);
    a.stop();
    const b = w.boot();
    await b.set('ops', 'poll', { after: 'PT5M' });
    await w.advance(T0 + MIN);
    expect(w.started).toHaveLength(1);
    await w.advance(T0 + 5 * MIN);
    expect(w.started.map((x) => x.at)).toEqual([T0, T0 + 5 * MIN]);
    b.stop();
  });
});

describe('Scheduler: on (event-driven)', () => {
  it('keeps one subscription per filter of `one` or `any`, targeting the workflow with the event as input', async () => {
    const w = world();
    const s = w.boot();
    await s.set('shop', 'restock', { on: { any: [{ with: { type: 'stock.low', source: '/wh' } }, { with: { type: 'stock.audit', priority: 'high' } }] } });
    expect(w.subscriptions.get('schedule:shop/restock#')).toEqual([
      { name: 'schedule:shop/restock#0', filter: { type: 'stock.low', source: '/wh' }, target: { workflow: { namespace: 'shop', name: 'restock' } } },
      { name: 'schedule:shop/restock#1', filter: { type: 'stock.audit', condition: '(."priority" == "high")' }, target: { workflow: { namespace: 'shop', name: 'restock' } } },
    ]);
    await s.set('shop', 'restock', { on: { one: { with: { type: 'stock.low' } } } });
    expect(w.subscriptions.get('schedule:shop/restock#')!.map((x) => x.name)).toEqual(['schedule:shop/restock#0']);
    await s.set('shop', 'restock', undefined);
    expect(w.subscriptions.get('schedule:shop/restock#')).toEqual([]);
    await w.advance(T0 + HOUR);
    expect(w.started).toEqual([]);
  });

  it('refuses `all` (and an `on` naming no filter) as a config error', () => {
    for (const [on, pointer] of [
      [{ all: [{ with: { type: 'a' } }, { with: { type: 'b' } }] }, '/schedule/on/all'],
      [{}, '/schedule/on'],
    ] as [Record<string, Json>, string][]) {
      try {
        onSubscriptions('shop', 'x', on);
        expect.unreachable();
      } catch (err) {
        expect((err as EventError).code).toBe(EVENT_ERROR_CODES.config);
        expect((err as EventError).extra.pointer).toBe(pointer);
      }
    }
  });

  it('planOf refuses `on.all` too, so a workflow naming it is refused before it is stored', () => {
    expect(() => planOf({ on: { all: [{ with: { type: 'a' } }] } })).toThrow(/all/);
    expect(planOf({ on: { one: { with: { type: 'a' } } } })).toEqual({ kind: 'on' });
  });
});

describe('planOf', () => {
  it.each<[string, Record<string, Json>, string]>([
    ['a zero interval', { every: 'PT0S' }, '/schedule/every'],
    ['a malformed interval', { every: 'sometimes' }, '/schedule/every'],
    ['a malformed delay', { after: { fortnights: 1 } }, '/schedule/after'],
    ['no kind', {}, '/schedule'],
  ])('refuses %s', (_what, schedule, pointer) => {
    try {
      planOf(schedule);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EventError);
      expect((err as EventError).extra.pointer).toBe(pointer);
    }
  });
});
