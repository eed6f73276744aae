/**
 * Back-pressure for function calls (driver side, not the pure core): a call the FunctionRunner refuses
 * for capacity (`WEFT_ERR_FN_THROTTLED`: every instance busy and the queue full — nothing ran) is not an
 * outcome. The run waits and the driver performs the same effect again (same idempotency key) after a
 * delay that grows exponentially with jitter, until the call is admitted. Nothing is journaled for a
 * refusal; after a restart the effect has no outcome in the journal, so recovery performs it again anyway
 * (no durable timer is needed). Any other failure is the effect's outcome, as before.
 *
 * Not spinning: at most one attempt per delay, and the delay doubles up to `maxMs`. A run that is
 * cancelled, dropped or handed over (`live()` false) stops waiting: the promise rejects with Withdrawn,
 * which the driver does not journal. `signal` (the engine stopping) cuts a wait short.
 */
import type { Clock } from '../../ports/index.js';

/** The code a FunctionRunner's problem carries when it refused a call for capacity (functions/errors.ts). */
export const THROTTLED_CODE = 'WEFT_ERR_FN_THROTTLED';

export interface BackoffOptions {
  /** First delay (default 50 ms); attempt n waits about baseMs × 2^n, capped at maxMs (default 5 s). */
  baseMs?: number;
  maxMs?: number;
  /** [0, 1): the jitter source (default Math.random: this is the driver, not the deterministic core). */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 50, maxMs: 5_000 } as const;

/** The wait before attempt `attempt` (0-based retry count): "equal jitter", in [d/2, d] with d = base × 2^attempt ≤ max. */
export function backoffDelay(attempt: number, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const max = o.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const d = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(d / 2 + (o.random ?? Math.random)() * (d / 2));
}

/** A refusal for capacity: `{ problem: { code: WEFT_ERR_FN_THROTTLED } }` as FunctionRunner rejects. */
export function isCapacityRefusal(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const problem = (err as { problem?: { code?: unknown } }).problem ?? (err as { code?: unknown });
  return problem !== null && typeof problem === 'object' && (problem as { code?: unknown }).code === THROTTLED_CODE;
}

/** The run stopped waiting (cancelled, dropped, engine stopping): not an outcome, never journaled. */
export class Withdrawn extends Error {
  constructor() {
    super('the call was withdrawn while waiting for capacity');
    this.name = 'Withdrawn';
  }
}

export interface RetryContext extends BackoffOptions {
  clock: Pick<Clock, 'now' | 'setTimer'>;
  /** Whether the run still wants the outcome (checked before every new attempt). */
  live: () => boolean;
  /** Aborted when the engine drains or stops: a pending wait ends at once with Withdrawn. */
  signal?: AbortSignal;
  /** Told of every refusal (metrics, tests): the attempt number and the delay chosen. */
  onThrottled?: (attempt: number, delayMs: number) => void;
}

/** Performs `attempt` until it is admitted: its result, its non-capacity failure, or Withdrawn. */
export async function retryThrottled<T>(attempt: () => Promise<T>, ctx: RetryContext): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isCapacityRefusal(err)) throw err;
      const delay = backoffDelay(n, ctx);
      ctx.onThrottled?.(n, delay);
      await sleep(ctx, delay);
      if (!ctx.live() || ctx.signal?.aborted) throw new Withdrawn();
    }
  }
}

function sleep(ctx: RetryContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.signal?.aborted) return resolve();
    let cancel = () => {};
    const done = () => {
      cancel();
      ctx.signal?.removeEventListener('abort', done);
      resolve();
    };
    cancel = ctx.clock.setTimer(ctx.clock.now() + ms, done);
    ctx.signal?.addEventListener('abort', done, { once: true });
  });
}
