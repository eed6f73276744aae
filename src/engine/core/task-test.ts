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

  /** Feeds mocks and immediate answers; returns the effects to perform for real now (none: it is over). */
  run(): Effect[] {
    for (;;) {
      const s = this.probe.state;
      if (s.status !== 'running' || this.stopped) return [];
      const next = s.pending.find((e) => this.answerOf(e).by === 'mock' || this.answerOf(e).by === 'auto');
      if (next) {
        const a = this.answerOf(next) as Extract<Answer, { resolution: Resolution }>;
        if (!(a.by === 'auto' && a.hidden)) this.note(next, { mocked: true }, a.resolution);
        this.probe.resolve(a.resolution);
        continue;
      }
      const real = s.pending.filter((e) => this.answerOf(e).by === 'real' && !this.records.has(e.key));
      if (real.length) {
        for (const e of real) this.note(e, { mocked: false, real: true });
        return real;
      }
      if (s.pending.some((e) => this.records.get(e.key)?.real)) return [];
      for (const e of s.pending) this.note(e, { mocked: false, pending: true });
      this.stopped = true;
      return [];
    }
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
