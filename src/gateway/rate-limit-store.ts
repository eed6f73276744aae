/**
 * The counter store of the rate limits: one fixed window per (key or IP) + route group, shared by every
 * route of the group. @fastify/rate-limit's default store gives each route a store of its own (`child()`
 * makes a new one), so a "group" limit was really per route: five reads of one route and five of another
 * both passed a read limit of 5. Here `child()` returns the same store; the plugin already appends the
 * route's `groupId` to the key.
 */
import type { FastifyRateLimitStore } from '@fastify/rate-limit';

interface Window {
  current: number;
  startedAt: number;
}

/** Bounded: past this many keys (an IP sweep), the oldest windows are dropped first. */
const MAX_KEYS = 50_000;

/** Passed to the plugin as `store` (a class: the plugin constructs it with its options, unused here). */
export class GroupRateLimitStore implements FastifyRateLimitStore {
  private readonly windows = new Map<string, Window>();

  incr(key: string, cb: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.startedAt + timeWindow <= now) {
      w = { current: 0, startedAt: now };
      // Re-inserted, so Map order stays oldest window first.
      this.windows.delete(key);
      this.windows.set(key, w);
      if (this.windows.size > MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string);
    }
    w.current++;
    cb(null, { current: w.current, ttl: w.startedAt + timeWindow - now });
  }

  child(): FastifyRateLimitStore {
    return this;
  }
}
