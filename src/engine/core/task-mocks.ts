/**
 * How a probe's effects are answered (core/task-probe.ts): from the caller's mocks — by effect key, or by
 * the pointer of the task performing the effect (`{ "each": [...] }` answers that task's effects in
 * order) — or for real when the caller allows that kind, or at once when a test has nothing to wait for
 * (the clock, a pause, a timer, an event to emit that is not published). Pure: the driver performs real ones.
 */
import type { Json } from '../../shared/index.js';
import type { Effect, Resolution } from './effects.js';
import { ErrorTypes, type Problem } from './errors.js';
import { TEST_REAL_KINDS, type TestRealKind } from '../../contracts/index.js';

/** Effect kinds a test may perform for real (the others start runs, wait on events or run code). */
export const REAL_KINDS = TEST_REAL_KINDS;
export type RealKind = TestRealKind;

export type Answer =
  /** A mock answers it (`mocked: true` in the answer). */
  | { by: 'mock'; resolution: Resolution }
  /** Answered at once without a mock: a timer elapses, an event to emit is only shown. `hidden`: not listed. */
  | { by: 'auto'; resolution: Resolution; hidden?: boolean }
  /** The driver performs it through the platform's ports. */
  | { by: 'real' }
  /** No mock and not allowed real: the task stops here, the effect is `pending`. */
  | { by: 'none' };

type Obj = Record<string, Json>;
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const only = (v: Obj, key: string) => Object.keys(v).length === 1 && key in v;

export class MockBook {
  /** How many effects each pointer's `each` list answered so far. */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly mocks: Record<string, Json>,
    private readonly real: ReadonlySet<RealKind>,
    private readonly now: () => number,
  ) {}

  answer(e: Effect): Answer {
    if (e.kind === 'now') return { by: 'auto', resolution: { key: e.key, value: this.now() }, hidden: true };
    if (e.kind === 'yield') return { by: 'auto', resolution: { key: e.key, value: null }, hidden: true };
    const spec = this.specFor(e);
    if (spec !== undefined) return { by: 'mock', resolution: resolutionOf(e, spec) };
    if ((REAL_KINDS as readonly string[]).includes(e.kind) && this.real.has(e.kind as RealKind)) return { by: 'real' };
    // A test does not wait: the timer elapses once nothing else can happen (task-test.ts). An event is
    // shown, not published (unless `real` says emit).
    if (e.kind === 'timer') return { by: 'auto', resolution: { key: e.key, value: null } };
    if (e.kind === 'emit') return { by: 'auto', resolution: { key: e.key, value: e.event } };
    return { by: 'none' };
  }

  private specFor(e: Effect): Json | undefined {
    if (Object.prototype.hasOwnProperty.call(this.mocks, e.key)) return this.mocks[e.key];
    // A task's timeout timer has the task's pointer: a mock for the task's call is not one for its timeout.
    if (e.kind === 'timer' || !Object.prototype.hasOwnProperty.call(this.mocks, e.pointer)) return undefined;
    const spec = this.mocks[e.pointer];
    if (isObj(spec) && only(spec, 'each') && Array.isArray(spec.each)) {
      const n = this.used.get(e.pointer) ?? 0;
      this.used.set(e.pointer, n + 1);
      return n < spec.each.length ? spec.each[n] : undefined;
    }
    return spec;
  }
}

/** A mock's value as the effect's outcome; `{error}` fails it, `{value}` escapes a value of those shapes. */
export function resolutionOf(e: Effect, spec: Json): Resolution {
  if (isObj(spec) && only(spec, 'error')) return { key: e.key, error: problemFrom(spec.error, e.pointer) };
  const value = isObj(spec) && only(spec, 'value') ? spec.value : spec;
  if (e.kind === 'http') return { key: e.key, value: httpResponse(value) };
  if (e.kind === 'function') return { key: e.key, value: isObj(value) && 'output' in value && Object.keys(value).every((k) => k === 'output' || k === 'version') ? { version: 'mock', ...value } : { version: 'mock', output: value } };
  return { key: e.key, value };
}

/** An HTTP mock: a response (`status`, `headers`, `body`), or, without a numeric `status`, the body of a 200. */
function httpResponse(v: Json): Json {
  if (isObj(v) && typeof v.status === 'number') return { status: v.status, headers: isObj(v.headers) ? v.headers : {}, body: v.body ?? null };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: v };
}

/** A mocked failure: a problem object (type and status default to a communication error), or a message. */
function problemFrom(error: Json, pointer: string): Problem {
  const base: Problem = { type: ErrorTypes.communication, status: 500, title: 'Communication error', instance: pointer };
  if (typeof error === 'string') return { ...base, detail: error };
  if (isObj(error)) return { ...base, ...error } as Problem;
  return { ...base, detail: JSON.stringify(error) };
}
