/**
 * A virtual clock for tests: time only moves when timers fire. In `auto` mode every timer fires as soon
 * as the event loop is idle, with the clock jumping to its due time, so a one-hour wait takes
 * microseconds while the engine still sees an hour pass.
 */
import type { Clock } from '../../src/ports/index.js';

interface Timer {
  at: number;
  fn: () => void;
  seq: number;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;
  private scheduled = false;

  constructor(
    public time = Date.UTC(2026, 0, 1),
    private readonly auto = true,
  ) {}

  now(): number {
    return this.time;
  }

  setTimer(at: number, fn: () => void): () => void {
    const t = { at, fn, seq: this.seq++ };
    this.timers.push(t);
    if (this.auto) this.schedule();
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }

  /** Fires the due timers up to `to` (or the next one), in time order. */
  advance(to?: number): void {
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const limit = to ?? this.timers[0]?.at ?? this.time;
    while (this.timers.length && this.timers[0].at <= limit) {
      const t = this.timers.shift()!;
      this.time = Math.max(this.time, t.at);
      t.fn();
    }
    this.time = Math.max(this.time, limit);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length) this.advance();
      if (this.timers.length) this.schedule();
    });
  }
}
