/**
 * A task test from start to answer, without I/O: drives a TaskProbe, answering its effects from a
 * MockBook, and hands the effects that are to be performed for real to the caller (the platform performs
 * them through its ports and `settle`s them). The answer lists every effect with its request.
 */
import type { Json } from '../../shared/index.js';
import type { Effect, Resolution } from './effects.js';
import type { Problem } from './errors.js';
import { effectRequest } from './effect-request.js';
import type { Answer, MockBook } from './task-mocks.js';
import type { TaskProbe } from './task-probe.js';

export interface EffectRecord {
  kind: Effect['kind'];
  key: string;
  pointer: string;
  request: Json;
  /** Answered by a mock (or at once: a timer, an event not published). */
  mocked: boolean;
  /** Performed through the platform's ports. */
  real?: boolean;
  /** Neither mocked nor allowed real: the task stopped here. */
  pending?: boolean;
  result?: Json;
  error?: Problem;
}

export interface TaskTestAnswer {
  /** `pending`: the task stopped at effects without a mock (listed with `pending: true`). */
  status: 'completed' | 'faulted' | 'pending';
  output?: Json;
  /** `$context` after the task (its `export.as`). */
  context?: Json;
  error?: Problem;
  effects: EffectRecord[];
  /** Pointers of the tasks entered, in order (the task itself first). */
  transitions: string[];
}

export class TaskTest {
  private readonly effects: EffectRecord[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly records = new Map<string, EffectRecord>();
  private stopped = false;

  constructor(
    private readonly probe: TaskProbe,
    private readonly book: MockBook,
  ) {
    probe.start();
  }

  /**
   * Feeds mocks and immediate answers; returns the effects to perform for real now (none: it is over).
   * Timers elapse last, the shortest first, and only when the task waits on nothing else: a task's
   * `timeout` fires when its body waits on a longer timer, never while a call is answered or pending.
   */
  run(): Effect[] {
    for (;;) {
      const s = this.probe.state;
      if (s.status !== 'running' || this.stopped) return [];
      const answers = s.pending.map((e) => ({ e, a: this.answerOf(e) }));
      const now = answers.find(({ e, a }) => a.by === 'mock' || (a.by === 'auto' && e.kind !== 'timer'));
      if (now) {
        this.answerNow(now.e, now.a);
        continue;
      }
      const real = answers.filter(({ e, a }) => a.by === 'real' && !this.records.has(e.key)).map(({ e }) => e);
      if (real.length) {
        for (const e of real) this.note(e, { mocked: false, real: true });
        return real;
      }
      if (s.pending.some((e) => this.records.get(e.key)?.real)) return [];
      const waiting = answers.filter(({ a }) => a.by === 'none');
      if (waiting.length === 0) {
        const timers = answers.filter(({ e }) => e.kind === 'timer') as { e: Extract<Effect, { kind: 'timer' }>; a: Answer }[];
        const first = timers.reduce((m, t) => (t.e.durationMs < m.e.durationMs ? t : m), timers[0]);
        this.answerNow(first.e, first.a);
        continue;
      }
      for (const { e } of waiting) this.note(e, { mocked: false, pending: true });
      this.stopped = true;
      return [];
    }
  }

  private answerNow(e: Effect, a: Answer): void {
    const r = (a as Extract<Answer, { resolution: Resolution }>).resolution;
    if (!(a.by === 'auto' && a.hidden)) this.note(e, { mocked: true }, r);
    this.probe.resolve(r);
  }

  /** The outcome of an effect performed for real. */
  settle(r: Resolution): void {
    const rec = this.records.get(r.key);
    if (rec) Object.assign(rec, 'error' in r ? { error: r.error } : { result: r.value });
    this.probe.resolve(r);
  }

  answer(): TaskTestAnswer {
    const s = this.probe.state;
    const base = { effects: this.effects, transitions: this.probe.transitions };
    if (s.status === 'completed') return { status: 'completed', output: s.output, context: this.probe.context, ...base };
    if (s.status === 'faulted') return { status: 'faulted', error: s.error, ...base };
    return { status: 'pending', ...base };
  }

  private answerOf(e: Effect): Answer {
    let a = this.answers.get(e.key);
    if (!a) this.answers.set(e.key, (a = this.book.answer(e)));
    return a;
  }

  private note(e: Effect, how: Pick<EffectRecord, 'mocked' | 'real' | 'pending'>, r?: Resolution): void {
    const rec: EffectRecord = { kind: e.kind, key: e.key, pointer: e.pointer, request: effectRequest(e), ...how };
    if (r) Object.assign(rec, 'error' in r ? { error: r.error } : { result: r.value });
    this.effects.push(rec);
    this.records.set(e.key, rec);
  }
}
