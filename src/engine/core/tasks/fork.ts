/**
 * `fork`: runs its branches concurrently, each on its own fiber. Without `compete` the output is the
 * list of branch outputs (in declaration order) and any branch's error faults the fork; with `compete`
 * the first branch to finish wins and the others are abandoned.
 */
import type { ForkTask } from '../../../dsl/index.js';
import { escapeToken } from '../../../shared/index.js';
import type { Effect, Gen, Resolution } from '../effects.js';
import type { TaskHandler, TaskResult } from '../run-context.js';
import { entriesOf } from '../task-entries.js';

type Branch = { gen: Gen<TaskResult>; waiting: Effect[]; done?: TaskResult };

/** Steps one branch until it waits on effects or finishes. */
function step(b: Branch, r?: Resolution): void {
  const it = r === undefined ? b.gen.next() : b.gen.next(r);
  if (it.done) {
    b.done = it.value;
    b.waiting = [];
  } else b.waiting = it.value;
}

export function* runConcurrently(gens: Gen<TaskResult>[], compete: boolean): Gen<TaskResult[] | TaskResult> {
  const branches: Branch[] = gens.map((gen) => ({ gen, waiting: [] }));
  try {
    for (const b of branches) {
      step(b);
      if (compete && b.done) return b.done;
    }
    while (branches.some((b) => !b.done)) {
      const r = yield branches.flatMap((b) => b.waiting);
      const b = branches.find((x) => x.waiting.some((e) => e.key === r.key));
      if (!b) continue; // a result for an abandoned effect
      step(b, r);
      if (compete && b.done) return b.done;
    }
    return branches.map((b) => b.done!);
  } finally {
    for (const b of branches) if (!b.done) b.gen.return(undefined as never);
  }
}

export const forkTask: TaskHandler<ForkTask> = function* (s, input) {
  const spec: Partial<ForkTask['fork']> = s.task.fork ?? {};
  const base = `${s.pointer}/fork/branches`;
  const gens = entriesOf(spec.branches, base).map(([name, task], i) =>
    s.interpreter.runTask({ ...s, fiber: s.fiber.child(String(i)), name, task, pointer: `${base}/${i}/${escapeToken(name)}` }, input),
  );
  const compete = spec.compete === true;
  const result = yield* runConcurrently(gens, compete);
  if (compete) return { output: (result as TaskResult).output };
  const results = result as TaskResult[];
  return { output: results.map((r) => r.output), then: results.some((r) => r.then === 'end') ? 'end' : undefined };
};
