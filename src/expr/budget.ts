/**
 * Per-evaluation bounds. Evaluation is synchronous, so the active budget is module state set by
 * `withBudget` around one run; nested runs save and restore it.
 */
import { budgetError } from './errors.js';
import type { Json } from './json.js';

export interface Limits {
  /** Steps: function calls, iterations and generated values. */
  maxSteps: number;
  /** Longest string (UTF-16 units) an expression may build. */
  maxStringLength: number;
  /** Most elements in one array an expression may build. */
  maxArrayLength: number;
  /** Bound on each output's serialized size (characters, approximately). */
  maxOutputSize: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  // About 30–40 ms of evaluation on a slow core: one expression may not hold the event loop longer.
  maxSteps: 2_000_000,
  maxStringLength: 8 * 1024 * 1024,
  maxArrayLength: 1_000_000,
  maxOutputSize: 16 * 1024 * 1024,
});

let limits: Limits = DEFAULT_LIMITS;
let steps = 0;

export function withBudget<T>(l: Limits, fn: () => T): T {
  const savedLimits = limits;
  const savedSteps = steps;
  limits = l;
  steps = 0;
  try {
    return fn();
  } finally {
    limits = savedLimits;
    steps = savedSteps;
  }
}

export function tick(n = 1): void {
  steps += n;
  if (steps > limits.maxSteps) throw budgetError(`expression exceeded its budget of ${limits.maxSteps} steps`);
}

/** Checks a string (or a length about to be built) against the string bound. */
export function checkString<T extends string | number>(s: T): T {
  const len = typeof s === 'number' ? s : s.length;
  if (len > limits.maxStringLength) {
    throw budgetError(`expression built a string of ${len} characters, over the limit of ${limits.maxStringLength}`);
  }
  return s;
}

export function checkArrayLength(len: number): void {
  if (len > limits.maxArrayLength) {
    throw budgetError(`expression built an array of ${len} elements, over the limit of ${limits.maxArrayLength}`);
  }
}

export function currentLimits(): Limits {
  return limits;
}

/**
 * Bounds one output's size (about its JSON length) and returns it. Shared sub-values count each time
 * they appear, so `[., .]` doubling in a loop is caught even though it costs little memory until serialized.
 */
export function checkOutput(v: Json): number {
  if (typeof v === 'string') return v.length + 2;
  if (v === null || typeof v !== 'object') return 4;
  const max = limits.maxOutputSize;
  let size = 0;
  const stack: Json[] = [v];
  while (stack.length) {
    const x = stack.pop()!;
    if (typeof x === 'string') size += x.length + 2;
    else if (x === null || typeof x !== 'object') size += 4;
    else if (Array.isArray(x)) {
      size += x.length + 1;
      for (let i = 0; i < x.length; i++) stack.push(x[i]);
    } else {
      for (const k in x) {
        size += k.length + 4;
        stack.push(x[k]);
      }
    }
    if (size > max) throw budgetError(`expression output is larger than the limit of ${max} characters`);
  }
  return size;
}
