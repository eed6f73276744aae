/**
 * A run's lifecycle events → what each task did: status, attempts with their times, output, error and
 * (derived) input. Pure, so that the run page, its graph colouring and its timeline share one reading
 * of the events, and so that it is unit-tested without a browser.
 *
 * The events carry the task's pointer (`/do/0/a`, the model's node id), its output on `completed` and
 * its error on `faulted`; a task's input is not in the events, so it is derived from the data flow: a
 * task in a list receives the output of the sibling that completed last before it started, the first
 * task of the workflow the workflow input, the first task of a `do`/`try`/fork branch its owner's input.
 * Where that does not hold (loop bodies, catch blocks), no input is shown rather than a wrong one.
 */
// A task's or run's error: the DSL's problem shape (title optional), as the contract carries it.
import type { WorkflowErrorView as Problem } from '../../../../src/contracts/index.js';
import type { RunEvent, RunStatus } from './run-types.js';

const TASK = 'io.serverlessworkflow.task.';
const WORKFLOW_STARTED = 'io.serverlessworkflow.workflow.started.v1';

export type TaskStatus = 'running' | 'waiting' | 'suspended' | 'completed' | 'faulted' | 'cancelled';

export interface Attempt {
  /** Epoch ms. */
  start: number;
  end?: number;
  status: TaskStatus;
  error?: Problem;
}

export interface TaskState {
  pointer: string;
  status: TaskStatus;
  attempts: Attempt[];
  /** `retried` events on this (try) task. */
  retries: number;
  output?: unknown;
  error?: Problem;
  /** The task's input as the data flow gives it, and where it came from (for the label). */
  input?: { value: unknown; from: string };
}

/** The list a task pointer sits in and the task's name: `/do/1/b` → { list: '/do', name: 'b' }. */
export function splitPointer(pointer: string): { list: string; index: number; name: string } | null {
  const m = /^(.*)\/(\d+)\/([^/]+)$/.exec(pointer);
  return m ? { list: m[1], index: Number(m[2]), name: m[3].replace(/~1/g, '/').replace(/~0/g, '~') } : null;
}

/** The task owning a nested list and the list's path below it: `/do/0/t/try` → owner `/do/0/t`, `try`. */
function ownerOf(list: string): { owner: string; path: string } | null {
  const m = /^(\/.*\/\d+\/[^/]+)\/(do|try|fork\/branches|catch\/do|foreach\/do)$/.exec(list);
  return m ? { owner: m[1], path: m[2] } : null;
}

/**
 * Folds the events into task states. The run's status decides what an open (started, not ended) task
 * shows: a waiting or suspended run's open tasks wait or are suspended; an ended run's were cancelled,
 * and their attempts end when the run did.
 */
export function taskStates(events: readonly RunEvent[], run: { status: RunStatus; endedAt?: string }, kindOf: (pointer: string) => string | undefined = () => undefined): Map<string, TaskState> {
  const runStatus = run.status;
  const states = new Map<string, TaskState>();
  // The newest completed output per list, to derive the next sibling's input.
  const lastOutput = new Map<string, { value: unknown; from: string }>();
  let workflowInput: unknown;
  const open: TaskStatus = runStatus === 'waiting' ? 'waiting' : runStatus === 'suspended' ? 'suspended' : runStatus === 'cancelled' || runStatus === 'faulted' ? 'cancelled' : 'running';

  for (const e of events) {
    if (e.type === WORKFLOW_STARTED) workflowInput = e.data.input;
    if (!e.type.startsWith(TASK) || typeof e.data.task !== 'string') continue;
    const pointer = e.data.task;
    const at = Date.parse(e.time);
    const kind = e.type.slice(TASK.length).replace(/\.v\d+$/, '');
    let s = states.get(pointer);
    if (kind === 'started') {
      if (!s) states.set(pointer, (s = { pointer, status: open, attempts: [], retries: 0 }));
      s.status = open;
      s.attempts.push({ start: at, status: open });
      const input = deriveInput(pointer, states, lastOutput, workflowInput, kindOf);
      if (input) s.input = input;
      else delete s.input;
      continue;
    }
    if (!s) continue;
    const attempt = s.attempts[s.attempts.length - 1];
    if (kind === 'completed') {
      s.status = 'completed';
      s.output = e.data.output;
      if (attempt) Object.assign(attempt, { end: at, status: 'completed' });
      const where = splitPointer(pointer);
      if (where) lastOutput.set(where.list, { value: e.data.output, from: `the output of ${where.name}` });
    } else if (kind === 'faulted') {
      s.status = 'faulted';
      if (e.data.error) s.error = e.data.error;
      if (attempt) Object.assign(attempt, { end: at, status: 'faulted', ...(e.data.error ? { error: e.data.error } : {}) });
    } else if (kind === 'retried') {
      s.retries += 1;
    }
  }
  if (run.endedAt) {
    const end = Date.parse(run.endedAt);
    for (const st of states.values()) for (const a of st.attempts) a.end ??= Math.max(a.start, end);
  }
  return states;
}

function deriveInput(
  pointer: string,
  states: Map<string, TaskState>,
  lastOutput: Map<string, { value: unknown; from: string }>,
  workflowInput: unknown,
  kindOf: (pointer: string) => string | undefined,
): { value: unknown; from: string } | undefined {
  const where = splitPointer(pointer);
  if (!where) return undefined;
  const owner = ownerOf(where.list);
  // Fork branches run side by side on the fork's input: a sibling branch's output is never theirs.
  const parallel = owner?.path === 'fork/branches';
  const previous = lastOutput.get(where.list);
  // A list entered again (a retried try body, a loop) starts over: index 0 never takes an earlier pass's output.
  if (previous && where.index > 0 && !parallel) return previous;
  if (where.list === '/do') return workflowInput === undefined ? undefined : { value: workflowInput, from: 'the workflow input' };
  if (!owner) return undefined;
  // Only these owners hand their own input to their list (a `for` body gets the item, a catch block the error).
  const passes = owner.path === 'try' || parallel || (owner.path === 'do' && kindOf(owner.owner) === 'do');
  const ownerInput = passes ? states.get(owner.owner)?.input : undefined;
  return ownerInput ? { value: ownerInput.value, from: `the input of ${splitPointer(owner.owner)?.name ?? owner.owner}` } : undefined;
}

/** Pointer → status for the canvas' colouring. */
export function statusMap(states: Map<string, TaskState>): Record<string, TaskStatus> {
  const out: Record<string, TaskStatus> = {};
  for (const [pointer, s] of states) out[pointer] = s.status;
  return out;
}

/** Pointer → error title for the canvas (drawn on the faulted node). */
export function errorMap(states: Map<string, TaskState>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [pointer, s] of states) if (s.status === 'faulted' && s.error) out[pointer] = s.error.title ?? s.error.detail ?? 'faulted';
  return out;
}
