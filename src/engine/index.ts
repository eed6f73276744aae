/** The workflow engine: a deterministic interpreter over a per-run journal, and its driver. */
export { advance, type Advanced } from './core/advance.js';
export type { Effect, HttpRequest, HttpResponse, Resolution, WorkflowRef } from './core/effects.js';
export { ErrorTypes, type Problem, RUN_ERRORS, WorkflowError, workflowError } from './core/errors.js';
export type { JournalEntry, RunStatus } from './core/journal.js';
export { DEFAULT_RUNTIME, type LifecycleEvent, RunMachine } from './core/machine.js';
export { Engine } from './runtime/engine.js';
export { DEFAULT_MAX_PAYLOAD_BYTES, type EngineOptions, type RunResult, type StartOptions, oversize } from './runtime/engine-options.js';
export { MemoryRegistry } from './runtime/registry.js';
export { ClusterMember, type ClusterMemberOptions } from './runtime/cluster-member.js';
export type { RuntimeInfo } from './core/run-context.js';
export { TERMINAL, effectiveJournal } from './core/journal.js';
export { compatibleUpTo, planRedrive, rerunPrefix, taskPointers } from './core/redrive.js';
export type { RedriveOptions, RedrivenEntry, RerunOptions } from './runtime/repair.js';
export { PROBE_MAX_TRANSITIONS, type ProbeOptions, type ProbeTarget, TaskProbe, probeTarget } from './core/task-probe.js';
export { type Answer, MockBook, REAL_KINDS, type RealKind } from './core/task-mocks.js';
export { type EffectRecord, TaskTest, type TaskTestAnswer } from './core/task-test.js';
export { REDACTED, effectRequest } from './core/effect-request.js';
