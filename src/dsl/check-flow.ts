/**
 * Flow checks the schema cannot express: a flow directive (`then:` of a task or a switch case) may
 * only name a task of its own list (DSL reference, "Flow Directive"); task names must be unique within
 * a list, or directives and task pointers would be ambiguous; a switch has at most one default case.
 */
import { DSL_PROBLEM_CODES, type Problem, problem } from './errors.js';
import { type TaskEntry, isObject, joinPointer } from './pointer.js';
import { walkTasks } from './walk.js';

const DIRECTIVES = new Set(['continue', 'exit', 'end']);

export function checkFlow(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const listsSeen = new Set<readonly TaskEntry[]>();
  walkTasks(document, ({ task, pointer, siblings }) => {
    if (siblings && !listsSeen.has(siblings)) {
      listsSeen.add(siblings);
      problems.push(...duplicateNames(siblings));
    }
    if (typeof task.then === 'string') problems.push(...target(task.then, joinPointer(pointer, 'then'), siblings));
    if (Array.isArray(task.switch)) problems.push(...switchCases(task.switch, joinPointer(pointer, 'switch'), siblings));
  });
  return problems;
}

function duplicateNames(entries: readonly TaskEntry[]): Problem[] {
  const first = new Map<string, string>();
  const out: Problem[] = [];
  for (const e of entries) {
    const earlier = first.get(e.name);
    if (earlier === undefined) first.set(e.name, e.pointer);
    else out.push(problem(e.pointer, DSL_PROBLEM_CODES.duplicateTask, `duplicate task name '${e.name}' (first defined at ${earlier})`));
  }
  return out;
}

function target(directive: string, pointer: string, siblings: readonly TaskEntry[] | null): Problem[] {
  if (DIRECTIVES.has(directive)) return [];
  if (siblings === null) {
    return [problem(pointer, DSL_PROBLEM_CODES.thenTarget, `then: '${directive}' must be continue, exit or end: a reusable function has no sibling tasks`)];
  }
  if (siblings.some((s) => s.name === directive)) return [];
  const names = siblings.map((s) => s.name).join(', ');
  return [
    problem(pointer, DSL_PROBLEM_CODES.thenTarget, `then: '${directive}' is not a task of this list; expected continue, exit, end or one of: ${names}`),
  ];
}

function switchCases(cases: unknown[], pointer: string, siblings: readonly TaskEntry[] | null): Problem[] {
  const out: Problem[] = [];
  let defaultCase: string | undefined;
  cases.forEach((item, i) => {
    if (!isObject(item)) return;
    for (const [name, kase] of Object.entries(item)) {
      if (!isObject(kase)) continue;
      const at = joinPointer(pointer, i, name);
      if (typeof kase.then === 'string') out.push(...target(kase.then, joinPointer(at, 'then'), siblings));
      if (kase.when !== undefined) continue;
      if (defaultCase === undefined) defaultCase = at;
      else out.push(problem(at, DSL_PROBLEM_CODES.switchDefault, `a switch may have only one default case (without 'when'); the first is ${defaultCase}`));
    }
  });
  return out;
}
