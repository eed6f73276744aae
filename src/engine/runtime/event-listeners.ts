/**
 * `listen` effects waiting for events, and the events they take. A `listen` taking several events (`all`,
 * `any` with `until`, a loop) registers its next effect only after the previous event was journaled:
 * events published in that gap (the second of a batch, say) are offered to it from the last RECENT_EVENTS
 * instead of being missed. Each event goes to every waiting effect whose filters match; each effect takes
 * one event.
 */
import type { Json } from '../../shared/index.js';
import type { Effect } from '../core/effects.js';
import { matchesFilter } from '../core/event-filters.js';
import type { CloudEvent } from '../../ports/index.js';

type EventEffect = Extract<Effect, { kind: 'event' }>;

interface Waiting<T> {
  owner: T;
  effect: EventEffect;
  /** Per `listen` task (pointer) of the owner's run: the position of the last event it took. */
  taken: Map<string, number>;
}

const RECENT_EVENTS = 256;

export class EventListeners<T> {
  private readonly waiting = new Map<string, Waiting<T>>();
  private readonly recent: { seq: number; event: CloudEvent }[] = [];
  private seq = 0;

  /** `take` receives the event an effect took, with the index of the filter that matched. */
  constructor(private readonly take: (owner: T, effect: EventEffect, filter: number, event: CloudEvent) => void) {}

  /** Hands a published event to every waiting effect whose filters it matches. */
  publish(event: CloudEvent): void {
    const seq = ++this.seq;
    this.recent.push({ seq, event });
    if (this.recent.length > RECENT_EVENTS) this.recent.shift();
    for (const [id, w] of this.waiting) this.offer(id, w, event, seq);
  }

  /** Registers an effect of run `runId`; one whose task took an event before first looks at those published since. */
  listen(runId: string, owner: T, effect: EventEffect, taken: Map<string, number>): void {
    const id = `${runId}|${effect.key}`;
    const w = { owner, effect, taken };
    this.waiting.set(id, w);
    const after = taken.get(effect.pointer);
    if (after === undefined) return;
    for (const r of this.recent) if (r.seq > after && this.offer(id, w, r.event, r.seq)) return;
  }

  drop(runId: string, key: string): void {
    this.waiting.delete(`${runId}|${key}`);
  }

  clear(): void {
    this.waiting.clear();
  }

  /** Gives `event` to the effect when one of its filters matches; true when it took it. */
  private offer(id: string, w: Waiting<T>, event: CloudEvent, seq: number): boolean {
    const f = w.effect.filters.find((x) => matchesFilter(x, event as Record<string, Json>));
    if (!f) return false;
    this.waiting.delete(id);
    w.taken.set(w.effect.pointer, seq);
    this.take(w.owner, w.effect, f.index, event);
    return true;
  }
}
