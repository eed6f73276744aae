/**
 * The DSL's workflow `schedule` (dsl-reference §Schedule), honoured for the highest registered version:
 *   every / cron  slots (multiples of the interval since the epoch, or cron times in UTC) fire at most once
 *                 each: a slot is claimed in the ScheduleStore (compare-and-set) and the run it starts has
 *                 the idempotency key `schedule:<slot>`. Policy for a restart: slots missed while down
 *                 fire ONCE (the latest of them) at start, then the schedule continues.
 *   after         runs again `after` the previous scheduled run ended (the first run starts when the
 *                 schedule is first installed; after a restart, the next one starts `after` from the start).
 *   on            event-driven: each event matching `one` or `any` of the filters starts a run with the
 *                 event as input (kept as subscriptions named `schedule:<ns>/<name>#<i>`). `all` is refused.
 * Time comes from the Clock port, so tests drive schedules with a fake clock.
 */
import { Cron } from 'croner';
import { type Clock, type ScheduleStore, type Subscription } from '../ports/index.js';
import { durationMs } from '../shared/index.js';
import type { Json } from '../shared/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';

export interface SchedulerOptions {
  store: ScheduleStore;
  clock: Clock;
  /** Starts a scheduled run; the key makes a repeated start of one slot a no-op. */
  start: (namespace: string, name: string, idempotencyKey: string) => Promise<unknown>;
  /** Keeps the subscriptions of an `on` schedule (replacing the workflow's previous ones). */
  subscriptions: (prefix: string, subs: Omit<Subscription, 'createdAt'>[]) => Promise<void>;
  onError?: (err: unknown, key: string) => void;
}

type Plan = { kind: 'slots'; next: (after: number) => number | undefined; latest: (from: number, now: number) => number | undefined } | { kind: 'after'; ms: number } | { kind: 'on' };

const MAX_CRON_STEPS = 100_000;

/** The plan of a `schedule` object; throws a config error for what cannot be scheduled. */
export function planOf(schedule: Record<string, Json>): Plan {
  if (schedule.every !== undefined) {
    const ms = durationMs(schedule.every as never) ?? NaN;
    if (!(ms > 0)) throw new EventError(EVENT_ERROR_CODES.config, 'schedule.every must be a positive duration', { pointer: '/schedule/every' });
    return { kind: 'slots', next: (after) => (Math.floor(after / ms) + 1) * ms, latest: (_from, now) => Math.floor(now / ms) * ms };
  }
  if (typeof schedule.cron === 'string') {
    let cron: Cron;
    try {
      cron = new Cron(schedule.cron, { paused: true, timezone: 'UTC' });
    } catch (err) {
      throw new EventError(EVENT_ERROR_CODES.config, `schedule.cron: ${(err as Error).message}`, { pointer: '/schedule/cron' }, { cause: err });
    }
    const next = (after: number) => cron.nextRun(new Date(after))?.getTime();
    return {
      kind: 'slots',
      next,
      latest: (from, now) => {
        let last: number | undefined;
        for (let t = next(from), i = 0; t !== undefined && t <= now && i < MAX_CRON_STEPS; t = next(t), i++) last = t;
        return last;
      },
    };
  }
  if (schedule.after !== undefined) {
    const ms = durationMs(schedule.after as never) ?? NaN;
    if (!(ms >= 0)) throw new EventError(EVENT_ERROR_CODES.config, 'schedule.after must be a duration', { pointer: '/schedule/after' });
    return { kind: 'after', ms };
  }
  if (schedule.on !== undefined) {
    // Checked here too (not only when installed): registering a workflow whose `on` cannot be honoured
    // must fail before the version is stored.
    if (schedule.on === null || typeof schedule.on !== 'object' || Array.isArray(schedule.on)) throw new EventError(EVENT_ERROR_CODES.config, 'schedule.on must be an object with one or any', { pointer: '/schedule/on' });
    onSubscriptions('', '', schedule.on);
    return { kind: 'on' };
  }
  throw new EventError(EVENT_ERROR_CODES.config, 'schedule needs every, cron, after or on', { pointer: '/schedule' });
}

/** The subscriptions of an `on` schedule: one per filter of `one` or `any`. */
export function onSubscriptions(namespace: string, name: string, on: Record<string, Json>): Omit<Subscription, 'createdAt'>[] {
  if ('all' in on) throw new EventError(EVENT_ERROR_CODES.config, 'schedule.on.all (start when every one of several events arrived) is not supported; use one or any', { pointer: '/schedule/on/all' });
  const filters = ('one' in on ? [on.one] : Array.isArray(on.any) ? on.any : []) as Record<string, Json>[];
  if (!filters.length) throw new EventError(EVENT_ERROR_CODES.config, 'schedule.on needs one or any', { pointer: '/schedule/on' });
  return filters.map((f, i) => {
    const w = (f?.with ?? {}) as Record<string, Json>;
    const filter: Subscription['filter'] = {};
    for (const attr of ['type', 'source', 'subject'] as const) if (typeof w[attr] === 'string') filter[attr] = w[attr] as string;
    const rest = Object.entries(w).filter(([k]) => !(k in filter));
    if (rest.length) filter.condition = rest.map(([k, v]) => `(.${JSON.stringify(k)} == ${JSON.stringify(v)})`).join(' and ');
    return { name: `schedule:${namespace}/${name}#${i}`, filter, target: { workflow: { namespace, name } } };
  });
}

interface Entry {
  cancel: () => void;
  plan: Plan;
  /** The schedule as set (JSON), to recognise the same one set again. */
  text?: string;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {}

  /** Installs, replaces or (with no schedule) removes the schedule of namespace/name. */
  async set(namespace: string, name: string, schedule: Record<string, Json> | undefined): Promise<void> {
    const key = `${namespace}/${name}`;
    // The same schedule set again (a reload, or another node's announcement): keep its timers.
    const text = schedule ? JSON.stringify(schedule) : undefined;
    if (text !== undefined && this.entries.get(key)?.text === text) return;
    this.entries.get(key)?.cancel();
    this.entries.delete(key);
    const prefix = `schedule:${key}#`;
    if (!schedule) {
      await this.o.subscriptions(prefix, []);
      return;
    }
    const plan = planOf(schedule);
    await this.o.subscriptions(prefix, plan.kind === 'on' ? onSubscriptions(namespace, name, schedule.on as Record<string, Json>) : []);
    const entry: Entry = { cancel: () => {}, plan, text };
    this.entries.set(key, entry);
    if (plan.kind === 'slots') await this.startSlots(key, namespace, name, plan, entry);
    if (plan.kind === 'after') await this.startAfter(key, namespace, name, plan, entry);
  }

  /** The first run of an `after` schedule starts now; after a restart, `after` from now. */
  private async startAfter(key: string, namespace: string, name: string, plan: Extract<Plan, { kind: 'after' }>, entry: Entry): Promise<void> {
    const now = this.o.clock.now();
    const at = (await this.o.store.get(key)) ? now + plan.ms : now;
    entry.cancel = this.o.clock.setTimer(at, () => this.fire(key, namespace, name, at, entry));
  }

  /** A run of namespace/name ended: an `after` schedule starts the next one `after` later. */
  runEnded(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const entry = this.entries.get(key);
    if (!entry || entry.plan.kind !== 'after' || this.stopped) return;
    const at = this.o.clock.now() + entry.plan.ms;
    entry.cancel();
    entry.cancel = this.o.clock.setTimer(at, () => this.fire(key, namespace, name, at, entry));
  }

  stop(): void {
    this.stopped = true;
    for (const e of this.entries.values()) e.cancel();
    this.entries.clear();
  }

  private async startSlots(key: string, namespace: string, name: string, plan: Extract<Plan, { kind: 'slots' }>, entry: Entry): Promise<void> {
    const now = this.o.clock.now();
    const state = await this.o.store.get(key);
    if (state?.lastSlot === undefined) {
      // A new schedule starts from now: earlier slots were never due.
      await this.o.store.claim(key, now, now);
    } else {
      const missed = plan.latest(state.lastSlot, now);
      if (missed !== undefined && missed > state.lastSlot) this.fire(key, namespace, name, missed, entry);
    }
    this.arm(key, namespace, name, plan, entry, now);
  }

  private arm(key: string, namespace: string, name: string, plan: Extract<Plan, { kind: 'slots' }>, entry: Entry, after: number): void {
    const slot = plan.next(after);
    if (slot === undefined || this.stopped) return;
    entry.cancel = this.o.clock.setTimer(slot, () => {
      this.fire(key, namespace, name, slot, entry);
      if (this.entries.get(key) === entry) this.arm(key, namespace, name, plan, entry, slot);
    });
  }

  /** Claims the slot and starts its run; another process (or an earlier life of this one) may have won. */
  private fire(key: string, namespace: string, name: string, slot: number, entry: Entry): void {
    if (this.stopped || this.entries.get(key) !== entry) return;
    void (async () => {
      try {
        if (!(await this.o.store.claim(key, slot, this.o.clock.now()))) return;
        await this.o.start(namespace, name, `schedule:${slot}`);
      } catch (err) {
        this.o.onError?.(err, key);
      }
    })();
  }
}
