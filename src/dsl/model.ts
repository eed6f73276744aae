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

import type { Json, JsonObject as SharedJsonObject, TaskKind } from '../shared/index.js';

export type * from './model-common.js';

/**
 * Every type here is a type alias (not an interface) over JSON values, so that a typed document is also
 * a `Json` value (interfaces have no implicit index signature): the engine hands parts of it to the
 * expression evaluator as they are.
 */
export type JsonValue = Json;
export type JsonObject = SharedJsonObject;

export type Workflow = {
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
};

export type Document = {
  dsl: string;
  namespace: string;
  name: string;
  version: string;
  title?: string;
  summary?: string;
  tags?: Record<string, Json>;
  metadata?: Record<string, Json>;
};

export type Use = {
  authentications?: Record<string, AuthenticationPolicy>;
  errors?: Record<string, Error>;
  extensions?: Array<Record<string, Extension>>;
  functions?: Record<string, Task>;
  retries?: Record<string, RetryPolicy>;
  secrets?: string[];
  timeouts?: Record<string, Timeout>;
  catalogs?: Record<string, Catalog>;
};

export type Schedule = {
  every?: Duration;
  cron?: string;
  after?: Duration;
  on?: EventConsumptionStrategy;
};

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────

/** One entry of a task list: exactly one key, the task's name. */
export type TaskItem = Record<string, Task>;
export type TaskList = TaskItem[];

/** `continue`, `exit`, `end`, or the name of a task in the same list. */
export type FlowDirective = 'continue' | 'exit' | 'end' | (string & {});

export type TaskBase = {
  /** Expression (bare jq allowed): run the task only when it yields true. */
  if?: string;
  input?: Input;
  output?: Output;
  export?: Export;
  timeout?: Timeout | string;
  then?: FlowDirective;
  metadata?: Record<string, Json>;
};

export type Task = CallTask | DoTask | ForkTask | EmitTask | ForTask | ListenTask | RaiseTask | RunTask | SetTask | SwitchTask | TryTask | WaitTask;
/** Each task kind's task type (the kind is the property that defines it: src/shared/task-kinds.ts). */
export type TasksByKind = {
  call: CallTask;
  do: DoTask;
  emit: EmitTask;
  for: ForTask;
  fork: ForkTask;
  listen: ListenTask;
  raise: RaiseTask;
  run: RunTask;
  set: SetTask;
  switch: SwitchTask;
  try: TryTask;
  wait: WaitTask;
};
export type { TaskKind };

export type CallTask = CallHttp | CallOpenApi | CallGrpc | CallAsyncApi | CallA2A | CallMcp | CallFunction;
export type CallHttp = TaskBase & {
  call: 'http';
  with: {
    method: string;
    endpoint: Endpoint;
    headers?: Record<string, string> | RuntimeExpression;
    body?: Json;
    query?: Record<string, string> | RuntimeExpression;
    output?: 'raw' | 'content' | 'response';
    redirect?: boolean;
  };
};
export type CallOpenApi = TaskBase & {
  call: 'openapi';
  with: {
    document: ExternalResource;
    operationId: string;
    parameters?: Record<string, Json>;
    authentication?: ReferenceableAuthenticationPolicy;
    output?: 'raw' | 'content' | 'response';
    redirect?: boolean;
  };
};
export type CallGrpc = TaskBase & {
  call: 'grpc';
  with: {
    proto: ExternalResource;
    service: { name: string; host: string; port?: number; authentication?: ReferenceableAuthenticationPolicy };
    method: string;
    arguments?: Record<string, Json>;
  };
};
export type CallAsyncApi = TaskBase & {
  call: 'asyncapi';
  with: {
    document: ExternalResource;
    channel?: string;
    operation?: string;
    server?: { name: string; variables?: Record<string, Json> };
    protocol?: string;
    message?: { payload?: Record<string, Json>; headers?: Record<string, Json> };
    subscription?: AsyncApiSubscription;
    authentication?: ReferenceableAuthenticationPolicy;
  };
};
export type AsyncApiSubscription = {
  filter?: RuntimeExpression;
  consume: { for?: Duration; amount?: number; while?: RuntimeExpression; until?: RuntimeExpression };
  foreach?: SubscriptionIterator;
};
export type CallA2A = TaskBase & {
  call: 'a2a';
  with: { method: string; agentCard?: ExternalResource; server?: Endpoint; parameters?: Record<string, Json> | string };
};
export type CallMcp = TaskBase & {
  call: 'mcp';
  with: {
    protocolVersion?: string;
    method: string;
    parameters?: Record<string, Json> | string;
    timeout?: Duration;
    transport: {
      http?: { endpoint: Endpoint; headers?: Record<string, string> };
      stdio?: { command: string; arguments?: string[]; environment?: Record<string, string> };
      options?: Record<string, string>;
    };
    client?: { name: string; version: string; description?: string };
  };
};
/** A function from `use.functions`, a catalog (`name:version@catalog`) or a URI to a function definition. */
export type CallFunction = TaskBase & {
  call: string;
  with?: Record<string, Json>;
};

export type DoTask = TaskBase & {
  do: TaskList;
};
export type ForkTask = TaskBase & {
  fork: { branches: TaskList; compete?: boolean };
};
export type EmitTask = TaskBase & {
  emit: { event: { with?: EventProperties } & { [extra: string]: Json } };
};
export type ForTask = TaskBase & {
  /** `in` is an expression (bare jq allowed); `each` defaults to `item`, `at` to `index`. */
  for: { each?: string; in: string; at?: string };
  /** Expression (bare jq allowed). */
  while?: string;
  do: TaskList;
};
export type ListenTask = TaskBase & {
  listen: { to: EventConsumptionStrategy; read?: 'data' | 'envelope' | 'raw' };
  foreach?: SubscriptionIterator;
};
export type RaiseTask = TaskBase & {
  /** An error, or the name of one in `use.errors`. */
  raise: { error: Error | string };
};
export type RunTask = TaskBase & {
  run: (
    | { container: ContainerProcess }
    | { script: ScriptProcess }
    | { shell: ShellProcess }
    | { workflow: WorkflowProcess }
  ) & { await?: boolean; return?: 'stdout' | 'stderr' | 'code' | 'all' | 'none' };
};
export type ContainerProcess = {
  image: string;
  name?: string;
  command?: string;
  ports?: Record<string, Json>;
  volumes?: Record<string, Json>;
  environment?: Record<string, Json>;
  stdin?: string;
  arguments?: string[];
  lifetime?: { cleanup: 'always' | 'never' | 'eventually'; after?: Duration };
  pullPolicy?: 'ifNotPresent' | 'always' | 'never';
};
export type ScriptProcess = {
  language: string;
  code?: string;
  source?: ExternalResource;
  stdin?: string;
  arguments?: string[];
  environment?: Record<string, Json>;
};
export type ShellProcess = {
  command: string;
  stdin?: string;
  arguments?: string[];
  environment?: Record<string, Json>;
};
export type WorkflowProcess = {
  namespace: string;
  name: string;
  version: string;
  input?: Record<string, Json>;
};
export type SetTask = TaskBase & {
  /** An object whose `${ }` strings are evaluated, or one expression. */
  set: Record<string, Json> | RuntimeExpression;
};
export type SwitchTask = TaskBase & {
  switch: Array<Record<string, SwitchCase>>;
};
export type SwitchCase = {
  /** Expression (bare jq allowed); the one case without `when` is the default. */
  when?: string;
  then: FlowDirective;
};
export type TryTask = TaskBase & {
  try: TaskList;
  catch: Catch;
};
export type Catch = {
  errors?: { with?: ErrorFilter };
  /** Variable name for the caught error; defaults to `error`. */
  as?: string;
  when?: string;
  exceptWhen?: string;
  /** A retry policy, or the name of one in `use.retries`. */
  retry?: RetryPolicy | string;
  do?: TaskList;
};
export type WaitTask = TaskBase & {
  wait: Duration;
};

// ── what refers back to task lists ───────────────────────────────────────────────────────────────

export type SubscriptionIterator = {
  item?: string;
  at?: string;
  do?: TaskList;
  output?: Output;
  export?: Export;
};

export type Extension = {
  extend: 'call' | 'composite' | 'emit' | 'for' | 'listen' | 'raise' | 'run' | 'set' | 'switch' | 'try' | 'wait' | 'all';
  when?: string;
  before?: TaskList;
  after?: TaskList;
};
