/**
 * Draft invocations: code packaged exactly as a deploy would package it (catalog.ts `draft`), run once
 * and thrown away. The version it runs as is never stored, moves no alias and leaves no invocation record.
 *
 * It runs like a deployed version: the same runtime, the same host context (egress policy, granted secrets,
 * logs, `ctx.emit` on the real bus), the operator's caps (clamped as `clampVersion` does), the payload cap
 * and the manifest's input/output schemas, and its failures are the same problems (call-problem.ts).
 *
 * What differs, and why:
 * - One pool per draft, closed as soon as the call ends: edited code changes between runs, so a warm
 *   instance would almost never be reused, and keeping isolates of code nobody will run again is how a
 *   server leaks memory. Nothing is cached per draft (not even its validators: a fresh ajv per draft, as
 *   a draft's schemas may reuse a deployed version's `$id`s). Every draft run is therefore a cold start.
 * - At most `limits.maxDrafts` at once per node (WEFT_FN_MAX_DRAFTS): each holds a node slot while it
 *   runs, and may evict a deployed version's idle instance to get one.
 * - No record is stored: the InvocationStore keeps the newest records per function name, which a series
 *   of draft runs would push out, and `weft fn logs` and the studio read them as the deployed history. The
 *   caller gets the record in the answer (or in the problem) instead.
 * - No `function.invoked` hook: telemetry would count the draft as a call of the deployed function. Who
 *   ran a draft is in the audit log (the gateway records each draft run).
 */
import { randomUUID } from 'node:crypto';
import type { DraftInvocationView } from '../contracts/index.js';
import { createAjv } from '../dsl/index.js';
import type { FunctionVersion } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { callProblem } from './call-problem.js';
import { FN_ERROR_CODES, FunctionError, FunctionFailure } from './errors.js';
import { type FunctionLimits, clampVersion } from './limits.js';
import { checkPayload } from './payload-check.js';
import type { NodeCapacity } from './pool/node-capacity.js';
import { FunctionPool, type InvokeResult } from './pool/pool.js';
import type { FunctionRuntime, HostContext } from './runtime/runtime.js';

/** What a draft needs of the invoker that runs deployed versions (invoker.ts builds it). */
export interface DraftDeps {
  runtime(): Promise<FunctionRuntime>;
  /** The node's instance cap, shared with every deployed version's pool. */
  capacity: NodeCapacity;
  limits: FunctionLimits;
  maxPayloadBytes: number;
  /** The host context a deployed version's call gets (egress, secrets, logs, events, trace). */
  host(v: FunctionVersion, req: { idempotencyKey: string; traceparent?: string }): HostContext;
  now(): number;
}

export interface DraftRequest {
  input: Json;
  traceparent?: string;
}

type DraftRecord = DraftInvocationView['invocation'];

export class DraftRunner {
  private running = 0;

  constructor(private readonly d: DraftDeps) {}

  /**
   * Builds the version (`build`: the bundle, not stored; its errors are thrown as they are) and runs it
   * once. The cap counts the build too: bundling is a draft run's other cost. Resolves with the output and
   * the record; rejects with a FunctionFailure whose problem carries `draft: true` and, when the code ran,
   * `invocation` (the record with its logs).
   */
  async run(name: string, build: () => Promise<FunctionVersion>, req: DraftRequest): Promise<DraftInvocationView> {
    if (this.running >= this.d.limits.maxDrafts) {
      const err = new FunctionError(
        FN_ERROR_CODES.throttled,
        `${this.d.limits.maxDrafts} draft runs are already running on this node (WEFT_FN_MAX_DRAFTS): try again later`,
      );
      throw new FunctionFailure({ ...callProblem(err, { name, ref: 'draft' }), draft: true }, { cause: err });
    }
    this.running++;
    try {
      const version = await build();
      // A draft keeps nothing warm: its pool ends with the call.
      const clamped = clampVersion(version, this.d.limits);
      return await this.once({ ...clamped, manifest: { ...clamped.manifest, minWarm: 0 } }, req);
    } finally {
      this.running--;
    }
  }

  private async once(v: FunctionVersion, req: DraftRequest): Promise<DraftInvocationView> {
    const ajv = createAjv({ allErrors: true, strict: false });
    const check = (which: 'input' | 'output', value: Json) => checkPayload(v, which, value, this.d.maxPayloadBytes, (schema) => ajv.compile(schema));
    const fail = (err: unknown, invocation?: DraftRecord) =>
      new FunctionFailure({ ...callProblem(err, { name: v.name, ref: 'draft' }, v.version), draft: true, ...(invocation ? { invocation: invocation as unknown as Json } : {}) }, { cause: err });
    try {
      check('input', req.input);
    } catch (err) {
      throw fail(err); // refused before anything ran: no record
    }
    const host = this.d.host(v, { idempotencyKey: randomUUID(), ...(req.traceparent ? { traceparent: req.traceparent } : {}) });
    const logs: DraftRecord['logs'] = [];
    const log = host.log;
    host.log = (level, message, fields) => {
      logs.push({ at: iso(this.d.now()), level, message, ...(fields === undefined ? {} : { fields }) });
      log(level, message, fields);
    };
    const at = this.d.now();
    // startMs and memoryBytes are known only when the call returned (a failure's timing has neither).
    const record = (ok: boolean, t: Partial<InvokeResult>): DraftRecord => ({
      id: host.invocationId, name: v.name, version: v.version, hash: v.hash, at: iso(at),
      cold: t.cold ?? true, queueMs: t.queueMs ?? 0, ...(t.startMs === undefined ? {} : { startMs: t.startMs }), durationMs: t.durationMs ?? this.d.now() - at,
      ...(t.memoryBytes === undefined ? {} : { memoryBytes: t.memoryBytes }), ok, logs,
    });
    let pool: FunctionPool | undefined;
    let result: InvokeResult | undefined;
    try {
      // No queue: a fresh pool has a free slot unless the node is full, and then the draft is refused (429).
      pool = new FunctionPool(v, await this.d.runtime(), { capacity: this.d.capacity, maxQueue: 0 });
      result = await pool.invoke(req.input, host);
      check('output', result.output);
      return { draft: true, output: result.output, invocation: record(true, result) };
    } catch (err) {
      const code = (err as FunctionError).code;
      // A refusal for capacity ran nothing: like a deployed call's, it has no record.
      throw fail(err, code === FN_ERROR_CODES.throttled ? undefined : record(false, result ?? (err as FunctionError).timing ?? {}));
    } finally {
      await pool?.close();
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
