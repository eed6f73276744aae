/**
 * `try`/`catch`: runs `try`; an error that matches `catch.errors.with` and passes `catch.when` /
 * `catch.exceptWhen` (with the error as `$<as>`, default `$error`) is caught: retried under
 * `catch.retry` (inline or `use.retries`) while its limits allow — once they are exhausted the error
 * goes on up — else handled by `catch.do`, else swallowed.
 */
import type { Catch, TryTask } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import { type Problem, WorkflowError, workflowError } from '../errors.js';
import { evaluateCondition } from '../expressions.js';
import { type TaskHandler, type TaskScope, argsFor } from '../run-context.js';
import { perform } from './perform.js';
import { durationMs } from '../../../shared/index.js';
import { withTimeout } from '../timeouts.js';
import { type RetryPolicy, retryApplies, retryDelayMs } from './retry.js';

function matches(filter: Json | undefined, e: Problem): boolean {
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return true;
  return Object.entries(filter).every(([k, v]) => e[k] === v);
}

function retryPolicy(s: TaskScope, spec: Catch['retry']): RetryPolicy | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec === 'string') {
    const p = (s.rc.definition.use?.retries ?? {})[spec];
    if (!p) throw workflowError('configuration', `retry policy '${spec}' is not defined in use.retries`, s.pointer);
    return p;
  }
  return spec;
}

export const tryTask: TaskHandler<TryTask> = function* (s, input) {
  const c: Catch = s.task.catch ?? {};
  const asName = typeof c.as === 'string' ? c.as : 'error';
  const policy = retryPolicy(s, c.retry);
  let attempts = 0;
  let firstFailureAt: number | null = null;
  for (;;) {
    attempts++;
    try {
      const body = s.interpreter.runTaskList(s, s.task.try, `${s.pointer}/try`, input);
      const perAttempt = durationMs(policy?.limit?.attempt?.duration ?? null);
      return perAttempt === null ? yield* body : yield* withTimeout(body, perAttempt, s.fiber, `${s.pointer}/try`, `attempt ${attempts}`);
    } catch (err) {
      if (!(err instanceof WorkflowError)) throw err;
      const e = err.problem;
      const scope = { ...s, locals: { ...s.locals, [asName]: e as unknown as Json } };
      const args = argsFor(scope, { input });
      if (!matches(c.errors?.with, e)) throw err;
      if (c.when !== undefined && !evaluateCondition(c.when, input, args, s.pointer)) throw err;
      if (c.exceptWhen !== undefined && evaluateCondition(c.exceptWhen, input, args, s.pointer)) throw err;
      if (policy && retryApplies(policy, { args, input, pointer: s.pointer })) {
        const needsClock = policy.limit?.duration !== undefined;
        const now = needsClock ? ((yield* perform({ kind: 'now', key: s.fiber.key(s.pointer), pointer: s.pointer })) as number) : 0;
        firstFailureAt ??= now;
        const delay = retryDelayMs(policy, attempts, { elapsedMs: now - firstFailureAt, seed: `${s.rc.runId}:${s.pointer}:${attempts}` });
        // Retries exhausted: the error goes on up (as in Synapse and sdk-java), catch.do is for errors not retried.
        if (delay === null) throw err;
        s.rc.lifecycle('io.serverlessworkflow.task.retried.v1', { task: s.pointer, attempt: attempts });
        if (delay > 0) yield* perform({ kind: 'timer', key: s.fiber.key(s.pointer), pointer: s.pointer, durationMs: delay });
        continue;
      }
      if (c.do !== undefined) return yield* s.interpreter.runTaskList(scope, c.do, `${s.pointer}/catch/do`, input);
      return { output: input };
    }
  }
};
