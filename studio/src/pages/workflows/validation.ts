/**
 * Problems drawn on the designer's nodes. Local checks run on every edit (runtime expressions' syntax,
 * `then:` naming no sibling); the server's validation (the DSL schema, semantic checks, jq compiled for
 * real) answers on save with problems carrying JSON pointers, mapped here onto the task they fall in.
 */
import type { Problem } from '../../api/client.js';
import type { GraphNode, WorkflowGraph } from '../../model/index.js';
import { checkValue } from '../../expr-check/jq-syntax.js';

const DIRECTIVES = new Set(['continue', 'exit', 'end']);

export function localProblems(graph: WorkflowGraph): Record<string, string> {
  const out: Record<string, string> = {};
  const siblings = new Map<string, Set<string>>();
  for (const n of graph.nodes) {
    if (n.type !== 'task' || n.name === undefined) continue;
    if (!siblings.has(n.list)) siblings.set(n.list, new Set());
    siblings.get(n.list)?.add(n.name);
  }
  for (const n of graph.nodes) {
    if (n.type !== 'task') continue;
    const problem = taskProblem(n, siblings.get(n.list) ?? new Set());
    if (problem) out[n.id] = problem;
  }
  return out;
}

function taskProblem(n: GraphNode, siblings: Set<string>): string | null {
  if (n.kind === 'unknown') return 'not one of the twelve task kinds';
  const then = n.task?.then;
  if (typeof then === 'string' && !DIRECTIVES.has(then) && !siblings.has(then)) return `then: no task named '${then}' in this list`;
  return firstExpressionProblem(n.task, []);
}

function firstExpressionProblem(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') {
    const p = checkValue(value);
    return p ? `${path.join('.') || 'value'}: ${p}` : null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = firstExpressionProblem(v, [...path, k]);
      if (p) return p;
    }
  }
  return null;
}

interface PointedProblem {
  pointer?: string;
  message?: string;
  detail?: string;
}

/**
 * The server's problem(s) by task: each pointer goes to the deepest task node it falls in. Problems
 * outside every task (the document header, `use`) come back under the key ''.
 */
export function serverProblems(problem: Problem, graph: WorkflowGraph): Record<string, string> {
  const list: PointedProblem[] = Array.isArray(problem.problems) ? (problem.problems as PointedProblem[]) : [{ pointer: problem.pointer, message: problem.detail }];
  const tasks = graph.nodes.filter((n) => n.type === 'task').map((n) => n.id).sort((a, b) => b.length - a.length);
  const out: Record<string, string> = {};
  for (const p of list) {
    const pointer = p.pointer ?? '';
    const owner = tasks.find((t) => pointer === t || pointer.startsWith(t + '/')) ?? '';
    const message = p.message ?? p.detail ?? problem.title;
    const where = pointer.slice(owner.length) || '';
    out[owner] = out[owner] ? out[owner] : `${where ? `${where}: ` : ''}${message}`;
  }
  return out;
}
