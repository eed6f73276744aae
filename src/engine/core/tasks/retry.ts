/**
 * Retry policies: whether another attempt is allowed and how long to wait before it (delay, constant /
 * linear / exponential backoff, jitter). Jitter is derived from a hash of the run, task and attempt, so
 * that a replay computes the same delay.
 */
import type { Json } from '../../../shared/index.js';
import { durationMs } from '../../../shared/index.js';
import { evaluateCondition } from '../expressions.js';

export interface RetryPolicy {
  when?: string;
  exceptWhen?: string;
  delay?: Json;
  backoff?: { constant?: Json; linear?: Json; exponential?: Json };
  limit?: { attempt?: { count?: number; duration?: Json }; duration?: Json };
  jitter?: { from?: Json; to?: Json };
}

/** FNV-1a, mapped to [0, 1). */
function unitHash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/** Whether the policy applies to this error at all (`when` / `exceptWhen`, with the error in scope). */
export function retryApplies(p: RetryPolicy, ctx: { args: Record<string, Json>; input: Json; pointer: string }): boolean {
  if (p.when !== undefined && !evaluateCondition(p.when, ctx.input, ctx.args, ctx.pointer)) return false;
  return !(p.exceptWhen !== undefined && evaluateCondition(p.exceptWhen, ctx.input, ctx.args, ctx.pointer));
}

/**
 * The delay before the next attempt, or null when the limits allow no more: `limit.attempt.count` is
 * the number of retries (`attempts` counts the attempts made so far, the first included) and
 * `limit.duration` bounds the time from the first failure to the next attempt. (`limit.attempt.duration`
 * bounds each attempt; try.ts races the attempt against it.)
 */
export function retryDelayMs(p: RetryPolicy, attempts: number, ctx: { elapsedMs: number; seed: string }): number | null {
  const count = p.limit?.attempt?.count;
  if (typeof count === 'number' && attempts - 1 >= count) return null;
  const base = durationMs(p.delay ?? null) ?? 0;
  let delay = base;
  if (p.backoff?.linear !== undefined) delay = base * attempts;
  else if (p.backoff?.exponential !== undefined) delay = base * 2 ** (attempts - 1);
  if (p.jitter) {
    const from = durationMs(p.jitter.from ?? null) ?? 0;
    const to = durationMs(p.jitter.to ?? null) ?? from;
    delay += from + (to - from) * unitHash(ctx.seed);
  }
  delay = Math.round(delay);
  const maxMs = durationMs(p.limit?.duration ?? null);
  if (maxMs !== null && ctx.elapsedMs + delay > maxMs) return null;
  return delay;
}
