/**
 * Types of a Serverless Workflow DSL 1.0.x document, following spec/workflow.yaml. A document that
 * `validateDocument` accepts has exactly this shape (plus free-form data where the DSL allows it).
 * Strings documented as "expression" are runtime expressions: `${ … }`, or bare jq where the DSL says
 * the field is an expression (`if`, `while`, `for.in`, `switch[].when`, `input.from`, `output.as`, …).
 */

import type {
  Duration, Endpoint, Error, ErrorFilter, EventConsumptionStrategy, EventProperties, Export,
  ExternalResource, Input, Output, ReferenceableAuthenticationPolicy, RetryPolicy, RuntimeExpression,
  Timeout, AuthenticationPolicy, Catalog,
} from './model-common.js';

export type * from './model-common.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Workflow {
  document: Document;
  input?: Input;
  use?: Use;
  do: TaskList;
  /** A timeout, or the name of one in `use.timeouts`. */
  timeout?: Timeout | string;
  output?: Output;
  schedule?: Schedule;
  /** Not in the 1.0.3 schema but described by the reference; only `jq` / `strict` are supported. */
  evaluate?: { language?: string; mode?: 'strict' | 'loose' };
}

export interface Document {
  dsl: string;
  namespace: string;
  name: string;
  version: string;
  title?: string;
  summary?: string;
  tags?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface Use {
  authentications?: Record<string, AuthenticationPolicy>;
  errors?: Record<string, Error>;
  extensions?: Array<Record<string, Extension>>;
  functions?: Record<string, Task>;
  retries?: Record<string, RetryPolicy>;
  secrets?: string[];
  timeouts?: Record<string, Timeout>;
  catalogs?: Record<string, Catalog>;
}

export interface Schedule {
  every?: Duration;
  cron?: string;
  after?: Duration;
  on?: EventConsumptionStrategy;
}

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────

/** One entry of a task list: exactly one key, the task's name. */
export type TaskItem = Record<string, Task>;
export type TaskList = TaskItem[];

/** `continue`, `exit`, `end`, or the name of a task in the same list. */
export type FlowDirective = 'continue' | 'exit' | 'end' | (string & {});

export interface TaskBase {
  /** Expression (bare jq allowed): run the task only when it yields true. */
  if?: string;
  input?: Input;
  output?: Output;
  export?: Export;
  timeout?: Timeout | string;
  then?: FlowDirective;
  metadata?: Record<string, unknown>;
}

export type Task = CallTask | DoTask | ForkTask | EmitTask | ForTask | ListenTask | RaiseTask | RunTask | SetTask | SwitchTask | TryTask | WaitTask;
export type TaskKind = 'call' | 'do' | 'fork' | 'emit' | 'for' | 'listen' | 'raise' | 'run' | 'set' | 'switch' | 'try' | 'wait';

export type CallTask = CallHttp | CallOpenApi | CallGrpc | CallAsyncApi | CallA2A | CallMcp | CallFunction;
export interface CallHttp extends TaskBase {
  call: 'http';
  with: {
    method: string;
    endpoint: Endpoint;
    headers?: Record<string, string> | RuntimeExpression;
    body?: unknown;
    query?: Record<string, string> | RuntimeExpression;
    output?: 'raw' | 'content' | 'response';
    redirect?: boolean;
  };
}
export interface CallOpenApi extends TaskBase {
  call: 'openapi';
  with: {
    document: ExternalResource;
    operationId: string;
    parameters?: Record<string, unknown>;
    authentication?: ReferenceableAuthenticationPolicy;
    output?: 'raw' | 'content' | 'response';
    redirect?: boolean;
  };
}
export interface CallGrpc extends TaskBase {
  call: 'grpc';
  with: {
    proto: ExternalResource;
    service: { name: string; host: string; port?: number; authentication?: ReferenceableAuthenticationPolicy };
    method: string;
    arguments?: Record<string, unknown>;
  };
}
export interface CallAsyncApi extends TaskBase {
  call: 'asyncapi';
  with: {
    document: ExternalResource;
    channel?: string;
    operation?: string;
    server?: { name: string; variables?: Record<string, unknown> };
    protocol?: string;
    message?: { payload?: Record<string, unknown>; headers?: Record<string, unknown> };
    subscription?: AsyncApiSubscription;
    authentication?: ReferenceableAuthenticationPolicy;
  };
}
export interface AsyncApiSubscription {
  filter?: RuntimeExpression;
  consume: { for?: Duration; amount?: number; while?: RuntimeExpression; until?: RuntimeExpression };
  foreach?: SubscriptionIterator;
}
export interface CallA2A extends TaskBase {
  call: 'a2a';
  with: { method: string; agentCard?: ExternalResource; server?: Endpoint; parameters?: Record<string, unknown> | string };
}
export interface CallMcp extends TaskBase {
  call: 'mcp';
  with: {
    protocolVersion?: string;
    method: string;
    parameters?: Record<string, unknown> | string;
    timeout?: Duration;
    transport: {
      http?: { endpoint: Endpoint; headers?: Record<string, string> };
      stdio?: { command: string; arguments?: string[]; environment?: Record<string, string> };
      options?: Record<string, string>;
    };
    client?: { name: string; version: string; description?: string };
  };
}
/** A function from `use.functions`, a catalog (`name:version@catalog`) or a URI to a function definition. */
export interface CallFunction extends TaskBase {
  call: string;
  with?: Record<string, unknown>;
}

export interface DoTask extends TaskBase {
  do: TaskList;
}
export interface ForkTask extends TaskBase {
  fork: { branches: TaskList; compete?: boolean };
}
export interface EmitTask extends TaskBase {
  emit: { event: { with?: EventProperties; [extra: string]: unknown } };
}
export interface ForTask extends TaskBase {
  /** `in` is an expression (bare jq allowed); `each` defaults to `item`, `at` to `index`. */
  for: { each?: string; in: string; at?: string };
  /** Expression (bare jq allowed). */
  while?: string;
  do: TaskList;
}
export interface ListenTask extends TaskBase {
  listen: { to: EventConsumptionStrategy; read?: 'data' | 'envelope' | 'raw' };
  foreach?: SubscriptionIterator;
}
export interface RaiseTask extends TaskBase {
  /** An error, or the name of one in `use.errors`. */
  raise: { error: Error | string };
}
export interface RunTask extends TaskBase {
  run: (
    | { container: ContainerProcess }
    | { script: ScriptProcess }
    | { shell: ShellProcess }
    | { workflow: WorkflowProcess }
  ) & { await?: boolean; return?: 'stdout' | 'stderr' | 'code' | 'all' | 'none' };
}
export interface ContainerProcess {
  image: string;
  name?: string;
  command?: string;
  ports?: Record<string, unknown>;
  volumes?: Record<string, unknown>;
  environment?: Record<string, unknown>;
  stdin?: string;
  arguments?: string[];
  lifetime?: { cleanup: 'always' | 'never' | 'eventually'; after?: Duration };
  pullPolicy?: 'ifNotPresent' | 'always' | 'never';
}
export interface ScriptProcess {
  language: string;
  code?: string;
  source?: ExternalResource;
  stdin?: string;
  arguments?: string[];
  environment?: Record<string, unknown>;
}
export interface ShellProcess {
  command: string;
  stdin?: string;
  arguments?: string[];
  environment?: Record<string, unknown>;
}
export interface WorkflowProcess {
  namespace: string;
  name: string;
  version: string;
  input?: Record<string, unknown>;
}
export interface SetTask extends TaskBase {
  /** An object whose `${ }` strings are evaluated, or one expression. */
  set: Record<string, unknown> | RuntimeExpression;
}
export interface SwitchTask extends TaskBase {
  switch: Array<Record<string, SwitchCase>>;
}
export interface SwitchCase {
  /** Expression (bare jq allowed); the one case without `when` is the default. */
  when?: string;
  then: FlowDirective;
}
export interface TryTask extends TaskBase {
  try: TaskList;
  catch: Catch;
}
export interface Catch {
  errors?: { with?: ErrorFilter };
  /** Variable name for the caught error; defaults to `error`. */
  as?: string;
  when?: string;
  exceptWhen?: string;
  /** A retry policy, or the name of one in `use.retries`. */
  retry?: RetryPolicy | string;
  do?: TaskList;
}
export interface WaitTask extends TaskBase {
  wait: Duration;
}

// ── what refers back to task lists ───────────────────────────────────────────────────────────────

export interface SubscriptionIterator {
  item?: string;
  at?: string;
  do?: TaskList;
  output?: Output;
  export?: Export;
}

export interface Extension {
  extend: 'call' | 'composite' | 'emit' | 'for' | 'listen' | 'raise' | 'run' | 'set' | 'switch' | 'try' | 'wait' | 'all';
  when?: string;
  before?: TaskList;
  after?: TaskList;
}
