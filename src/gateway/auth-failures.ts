/**
 * Failed authentications, counted per client IP and per key id (the `<id>` of `wk_<id>_<secret>`), one
 * fixed window per minute. Past the limit, a request presenting a credential is answered 429 (with
 * Retry-After) **before** the key is looked up — so guessing costs the server a hash-map read, not a
 * store query. The request-rate limits cannot do this: they run after authentication, per key.
 *
 * A credential that verified in the last 24 hours (from anywhere) is let through even then: an attacker
 * sharing the client's IP, or hammering a key id it learnt, must not lock the key's holder out. Letting
 * it through costs nothing, since only the exact string that verified is remembered (as a SHA-256). A
 * valid key not used for a day, presented from a throttled IP, waits for the window like any guess.
 */
import { createHash } from 'node:crypto';

interface Window {
  count: number;
  startedAt: number;
}

export interface AuthFailureOptions {
  /** Failures per window per client IP before throttling (0 turns throttling off). */
  perIp: number;
  /** Failures per window per key id (default 5 × perIp: many IPs guessing one key). */
  perKeyId?: number;
  windowMs?: number;
  /** How long a successful credential passes a throttled client or key id. */
  knownGoodMs?: number;
  now?: () => number;
}

/** Bounded memory: past this many entries (an IP sweep), the oldest are dropped first. */
const MAX_ENTRIES = 50_000;
const KEY_ID = /^wk_([0-9a-f]{12})_/;
/**
 * Longer credentials are never remembered as good. API keys are at most 512 characters, but a provider's
 * JWT or a single sign-on session cookie runs to a few kilobytes, and their holders deserve the same
 * pass; hashing 8 KB costs microseconds (and headers are bounded anyway).
 */
const MAX_HASHED = 8192;

export const DEFAULT_AUTH_FAILURE_LIMIT = 20;

export class AuthFailures {
  private readonly windows = new Map<string, Window>();
  private readonly knownGood = new Map<string, number>();
  private readonly perIp: number;
  private readonly perKeyId: number;
  private readonly windowMs: number;
  private readonly knownGoodMs: number;
  private readonly now: () => number;

  constructor(o: AuthFailureOptions) {
    this.perIp = o.perIp;
    this.perKeyId = o.perKeyId ?? o.perIp * 5;
    this.windowMs = o.windowMs ?? 60_000;
    this.knownGoodMs = o.knownGoodMs ?? 24 * 60 * 60_000;
    this.now = o.now ?? Date.now;
  }

  /** Seconds the client must wait before presenting `credential` again; undefined when it may go on. */
  throttled(ip: string, credential: string): number | undefined {
    if (this.perIp <= 0) return undefined;
    const now = this.now();
    const waits = [this.over(`ip:${ip}`, this.perIp, now)];
    const id = KEY_ID.exec(credential)?.[1];
    if (id) waits.push(this.over(`id:${id}`, this.perKeyId, now));
    const wait = Math.max(...waits.map((w) => w ?? 0));
    if (wait === 0) return undefined;
    const good = credential.length <= MAX_HASHED ? this.knownGood.get(digest(credential)) : undefined;
    if (good !== undefined && good > now) return undefined;
    return Math.max(1, Math.ceil(wait / 1000));
  }

  failed(ip: string, credential: string): void {
    if (this.perIp <= 0) return;
    const now = this.now();
    this.bump(`ip:${ip}`, now);
    const id = KEY_ID.exec(credential)?.[1];
    if (id) this.bump(`id:${id}`, now);
  }

  succeeded(credential: string): void {
    if (this.perIp <= 0 || credential.length > MAX_HASHED) return;
    const d = digest(credential);
    this.knownGood.delete(d);
    this.knownGood.set(d, this.now() + this.knownGoodMs);
    if (this.knownGood.size > MAX_ENTRIES) this.knownGood.delete(this.knownGood.keys().next().value as string);
  }

  /** Milliseconds left in the window when `key` is at or over `limit`, else undefined. */
  private over(key: string, limit: number, now: number): number | undefined {
    const w = this.windows.get(key);
    if (!w || w.startedAt + this.windowMs <= now || w.count < limit) return undefined;
    return w.startedAt + this.windowMs - now;
  }

  private bump(key: string, now: number): void {
    let w = this.windows.get(key);
    if (!w || w.startedAt + this.windowMs <= now) {
      w = { count: 0, startedAt: now };
      // Re-inserted, so Map order stays oldest window first.
      this.windows.delete(key);
      this.windows.set(key, w);
      if (this.windows.size > MAX_ENTRIES) this.windows.delete(this.windows.keys().next().value as string);
    }
    w.count++;
  }
}

function digest(credential: string): string {
  return createHash('sha256').update(credential).digest('base64');
}
