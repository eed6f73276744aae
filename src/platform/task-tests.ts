/**
 * Testing one task of a registered workflow version (issue 17, "test one task"; like Step Functions'
 * TestState): the engine's pure TaskTest runs the task with the caller's input, `$context` and mocks;
 * what the caller allows real is performed here through the same ports a run uses (the HTTP client with
 * its egress policy, the function invoker, the bus). Nothing is stored as a run: no journal, no run
 * record, no lifecycle events; an event is published only when `real` includes `emit`.
 */
import { type Json, MIN_SECRET_LENGTH, redactValues } from '../shared/index.js';
import type { TestRealKind, TestTaskView } from '../contracts/index.js';
import { type Effect, MockBook, REAL_KINDS, type RealKind, type Resolution, TaskProbe, TaskTest, WorkflowError, probeTarget, workflowError } from '../engine/index.js';
import type { Clock, CloudEvent, EventBus, FunctionRunner, HttpClient, WorkflowRecord } from '../ports/index.js';
import { API_ERROR_CODES, ApiError } from './errors.js';
import { type ViewOptions, markedBy } from './sensitive-views.js';

export interface TestTaskRequest {
  namespace: string;
  name: string;
  /** Default: the highest version. */
  version?: string;
  /** The task's pointer, e.g. `/do/2/charge`. */
  task: string;
  input?: Json;
  context?: Json;
  variables?: Record<string, Json>;
  mocks?: Record<string, Json>;
  /** Kinds performed for real when not mocked; `true`: every kind that can be. */
  real?: boolean | TestRealKind[];
}

/** The ports real effects go through: the engine's own (compose.ts); a kind without its port stays pending. */
export interface TaskTestPorts {
  clock: Pick<Clock, 'now'>;
  newId: () => string;
  http?: HttpClient;
  functions?: FunctionRunner;
  bus?: Pick<EventBus, 'publish'>;
  /** CloudEvents `source` of events published for real (the engine's). */
  source?: string;
}

export class TaskTests {
  constructor(private readonly o: { definition: (namespace: string, name: string, version?: string) => Promise<WorkflowRecord>; ports: TaskTestPorts }) {}

  /** `o.seesSensitive`: as for runs, what real functions' schemas mark `x-weft-sensitive` is masked for others. */
  async test(req: TestTaskRequest, o?: ViewOptions): Promise<TestTaskView> {
    const wf = await this.o.definition(req.namespace, req.name, req.version);
    const target = probeTarget(wf.definition, req.task);
    if (!target.ok) {
      const code = target.reason === 'bad-pointer' ? API_ERROR_CODES.testBadPointer : API_ERROR_CODES.testNotATask;
      throw new ApiError(code, `${target.detail} (${wf.namespace}/${wf.name}:${wf.version})`, { pointer: '/task' });
    }
    const ports = this.o.ports;
    const runId = `test-task-${ports.newId()}`;
    const probe = new TaskProbe({
      runId, definition: wf.definition, pointer: req.task, input: req.input ?? {}, context: req.context ?? null, startedAt: ports.clock.now(),
      ...(req.variables ? { locals: req.variables } : {}),
    });
    const test = new TaskTest(probe, new MockBook(req.mocks ?? {}, this.realKinds(req.real), () => ports.clock.now()));
    for (let real = test.run(); real.length; real = test.run()) {
      // A fork's branches wait on their effects together, as in a run.
      for (const r of await Promise.all(real.map((e) => this.perform(e, runId)))) test.settle(r);
    }
    const answer = test.answer() as TestTaskView;
    if (o?.seesSensitive === undefined || o.seesSensitive(req.namespace)) return answer;
    const marked = answer.effects.flatMap((e) => (e.real && e.kind === 'function' && e.result !== undefined ? markedBy(e.result) : [])).filter((m) => m.length >= MIN_SECRET_LENGTH);
    return marked.length ? (redactValues(answer as unknown as Json, marked) as unknown as TestTaskView) : answer;
  }

  /** The kinds the caller allows real that this platform has a port for. */
  private realKinds(real: TestTaskRequest['real']): Set<RealKind> {
    const asked: readonly RealKind[] = real === true ? REAL_KINDS : Array.isArray(real) ? real : [];
    const has = { http: this.o.ports.http, function: this.o.ports.functions, emit: this.o.ports.bus };
    return new Set(asked.filter((k) => has[k] !== undefined));
  }

  private async perform(e: Effect, runId: string): Promise<Resolution> {
    const { http, functions, bus, clock } = this.o.ports;
    // Idempotency keys name the test, never a run: a receiver does not take a test for a run's call.
    const idempotencyKey = `${runId}:${e.key}`;
    try {
      if (e.kind === 'http' && http) return { key: e.key, value: (await http.request({ ...e.request, idempotencyKey })) as unknown as Json };
      if (e.kind === 'function' && functions) return { key: e.key, value: (await functions.invoke({ name: e.name, ref: e.ref, input: e.input, idempotencyKey, runId, pointer: e.pointer })) as unknown as Json };
      if (e.kind === 'emit' && bus) {
        const event = { specversion: '1.0', id: idempotencyKey, source: this.o.ports.source ?? 'https://weft.dev/engine', time: new Date(clock.now()).toISOString(), ...e.event } as unknown as CloudEvent;
        if (event.data !== undefined && event.datacontenttype === undefined) event.datacontenttype = 'application/json';
        await bus.publish(event);
        return { key: e.key, value: event as unknown as Json };
      }
      throw workflowError('configuration', `a ${e.kind} effect cannot be performed for real in a task test`, e.pointer);
    } catch (err) {
      // As a performer's failure in a run: a workflow error as it is, anything else a communication error.
      const problem = err instanceof WorkflowError ? err.problem : workflowError('communication', err instanceof Error ? err.message : String(err), e.pointer).problem;
      return { key: e.key, error: problem };
    }
  }
}
