/**
 * The engine's side effects, as data. The interpreter yields the effects it waits on; the driver either
 * finds their results in the journal (replay) or performs them and journals the result. Keys are
 * deterministic — fiber id, per-fiber sequence number and task pointer — so a replay asks for the
 * same keys in the same order.
 */
import type { Json } from '../../shared/index.js';
import type { Problem } from './errors.js';
import type { HttpRequest, HttpResponse, WorkflowRef } from '../../contracts/index.js';

export type { HttpRequest, HttpResponse, WorkflowRef };

export type Effect =
  | { kind: 'timer'; key: string; pointer: string; durationMs: number }
  | { kind: 'http'; key: string; pointer: string; request: HttpRequest }
  | { kind: 'emit'; key: string; pointer: string; event: Record<string, Json> }
  | { kind: 'now'; key: string; pointer: string }
  /**
   * A pause between two tasks so that a long stretch of pure computation gives the event loop back: the
   * driver resolves it on the next turn (value null) and journals it, so a replay pauses at the same place.
   */
  | { kind: 'yield'; key: string; pointer: string }
  | { kind: 'subflow'; key: string; pointer: string; workflow: WorkflowRef; input: Json; await: boolean }
  /**
   * A deployed function of the default catalog, by version or alias (`ref`); `pinned` is the version this
   * run already resolved for that alias. Resolves to `{ version, output }`.
   */
  | { kind: 'function'; key: string; pointer: string; name: string; ref: string; pinned?: string; input: Json }
  /** `run: script` in JavaScript: resolves to `{ code, stdout, stderr }`. */
  | { kind: 'script'; key: string; pointer: string; code: string; arguments: string[]; environment: Record<string, string>; stdin: string | null }
  /** The next event matching one of `filters`; resolves to `{ filter: <index>, event }`. */
  | { kind: 'event'; key: string; pointer: string; filters: EventFilterSpec[] };

/**
 * An event filter as the driver matches it: the index of the DSL filter it came from, the attributes
 * to match (`${ }` values are evaluated against the attribute), and correlations with their expected
 * values already computed from the task input (absent: the first event's value becomes the expectation).
 */
export interface EventFilterSpec {
  index: number;
  with: Record<string, Json>;
  correlate?: Record<string, { from: string; expect?: Json }>;
}

/** A workflow by namespace, name and version (`latest`, or absent, for the newest). */
/** The outcome of one effect: a JSON value, or the problem it failed with. */
export type Resolution = { key: string; value: Json } | { key: string; error: Problem };

/** The interpreter's generators: they yield the set of effects they wait on and receive one resolution. */
export type Gen<T> = Generator<Effect[], T, Resolution>;

/** A sequential strand of execution; `fork` branches and raced timeouts get their own. */
export class Fiber {
  private seq = 0;
  constructor(readonly id: string) {}

  key(pointer: string): string {
    return `${this.id}:${this.seq++}:${pointer}`;
  }

  /** The key the next `key(pointer)` call will return, without taking it. */
  peek(pointer: string): string {
    return `${this.id}:${this.seq}:${pointer}`;
  }

  child(label: string): Fiber {
    return new Fiber(`${this.id}/${label}`);
  }
}
