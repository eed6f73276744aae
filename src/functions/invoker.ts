/**
 * The FunctionRunner the engine calls for `call: name:version@default`: resolves the version (or the
 * alias, by a weighted choice seeded with the idempotency key, unless the run pinned one), validates
 * input and output against the manifest schemas, runs the invocation in that version's pool with a host
 * context (egress-checked fetch, granted secrets, logs, events), and maps failures to workflow problems.
 */
import { randomBytes } from 'node:crypto';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { CloudEvent, EventBus, FunctionInvocation, FunctionResult, FunctionRunner, FunctionStore, FunctionVersion, InvocationStore, Secrets } from '../ports/index.js';
import type { FunctionInvoked } from '../platform/index.js';
import type { DraftInvocationView, Problem } from '../contracts/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../contracts/index.js';
import { childTraceparent, redactValues } from '../shared/index.js';
import { createAjv, sensitive } from '../dsl/index.js';
import type { Json } from '../shared/index.js';
import { FN_ERROR_CODES, FunctionError, FunctionFailure, type InvocationTiming } from './errors.js';
import { CatalogCache } from './catalog-cache.js';
import { InvocationRecords } from './invocation-records.js';
import { callProblem } from './call-problem.js';
import { DraftRunner, type DraftRequest } from './draft-runner.js';
import { checkPayload } from './payload-check.js';
import { pickFor, resolveVersion } from './packaging/index.js';
import { FunctionPool, type FunctionRuntime, type HostContext, type LogLevel } from './runtime/index.js';
import { DEFAULT_FUNCTION_LIMITS, type FunctionLimits, clampVersion } from './limits.js';
import { NodeCapacity } from './pool/node-capacity.js';

/** A log line as it happens (the invocation record keeps them all, see InvocationStore.recordInvocation). */
export interface InvocationLog {
  at: number;
  invocationId: string;
  function: string;
  version: string;
  level: LogLevel;
  message: string;
  fields?: Json;
}

export interface InvokerOptions {
  store: FunctionStore;
  /** Where invocation records go (buffered, see invocation-records.ts). */
  invocations: InvocationStore;
  /** The runtime, created on first use (choosing it loads isolated-vm, which takes a moment). */
  runtime: () => Promise<FunctionRuntime>;
  bus: EventBus;
  secrets?: Secrets;
  /**
   * The outbound client of `ctx.fetch` (security/outbound-function.ts): only the manifest's `egress`
   * hosts (at every redirect), no private, loopback or link-local address unless the operator allows it,
   * body and time caps. `check` refuses a URL before anything waits; both throw to refuse.
   */
  egress: {
    check(url: string, allowedHosts: string[]): void;
    fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; allowedHosts: string[]; timeoutMs?: number }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  };
  now?: () => number;
  newId: () => string;
  onLog?: (entry: InvocationLog) => void;
  /** Every invocation that reached a pool, as it ends (telemetry: metrics and the function's span). */
  onInvocation?: (info: InvocationInfo) => void;
  /** Largest input and output, as UTF-8 JSON (default 1 MB): a validation error beyond it. */
  maxPayloadBytes?: number;
  /**
   * The operator's caps (limits.ts; default DEFAULT_FUNCTION_LIMITS): versions are clamped to them, all
   * pools share the node's instance cap, and every invocation's logs are bounded.
   */
  limits?: FunctionLimits;
}

/** What telemetry hears of one invocation (the `function.invoked` hook's payload). */
export type InvocationInfo = FunctionInvoked;

export class FunctionInvoker implements FunctionRunner {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly ajv = createAjv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ReturnType<Ajv2020['compile']>>();
  private readonly now: () => number;
  private runtime?: Promise<FunctionRuntime>;
  private readonly catalog: CatalogCache;
  private readonly records: InvocationRecords;
  private readonly limits: FunctionLimits;
  private readonly capacity: NodeCapacity;
  /** Versions as clamped to the caps, by the catalog's (cached) version object: not recomputed per call. */
  private readonly clamped = new WeakMap<FunctionVersion, FunctionVersion>();
  private readonly drafts: DraftRunner;

  constructor(private readonly o: InvokerOptions) {
    this.now = o.now ?? Date.now;
    this.limits = o.limits ?? DEFAULT_FUNCTION_LIMITS;
    this.capacity = new NodeCapacity(this.limits.nodeMaxConcurrency);
    this.catalog = new CatalogCache(o.store, this.now);
    this.records = new InvocationRecords(o.invocations);
    this.drafts = new DraftRunner({
      runtime: () => (this.runtime ??= this.o.runtime()),
      capacity: this.capacity,
      limits: this.limits,
      maxPayloadBytes: o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
      host: (v, req) => this.host(v, req),
      now: this.now,
    });
  }

  /** A version was deployed or an alias moved (by this process): resolve `name` from the store again. */
  invalidate(name: string): void {
    this.catalog.invalidate(name);
  }

  /** Writes the buffered invocation records (before reading them back). */
  flushRecords(): Promise<void> {
    return this.records.flush();
  }

  async invoke(req: InvokeRequest): Promise<FunctionResult> {
    let version: FunctionVersion | undefined;
    try {
      version = req.pinned ? await this.catalog.getVersion(req.name, req.pinned) : (await resolveVersion(this.catalog, req.name, req.ref || undefined, pickFor(req.idempotencyKey))).version;
      if (!version) throw new FunctionError(FN_ERROR_CODES.runtime, `function ${req.name}@${req.pinned} is no longer deployed`);
      this.check(version, 'input', req.input);
    } catch (err) {
      throw new FunctionFailure(callProblem(err, req, version?.version), { cause: err });
    }
    // Deployed before a cap was lowered: runs within today's caps.
    let v = this.clamped.get(version);
    if (!v) this.clamped.set(version, (v = clampVersion(version, this.limits)));
    const host = this.host(v, req);
    // What the manifest's schemas mark x-weft-sensitive: masked in the invocation record, told to the caller.
    const marked = sensitive(v.manifest.input, req.input).values;
    const logs: FunctionInvocation['logs'] = [];
    const log = host.log;
    host.log = (level, message, fields) => {
      logs.push({ at: this.now(), level, message, ...(fields === undefined ? {} : { fields }) });
      log(level, message, fields);
    };
    const at = this.now();
    const record = (ok: boolean, timing: Partial<InvocationTiming> & { memoryBytes?: number }, error?: Problem) =>
      this.records.add({
        id: host.invocationId, name: v.name, version: v.version, at, ok, logs: marked.length ? redactValues(logs as unknown as Json, marked) as unknown as typeof logs : logs,
        cold: timing.cold ?? false, queueMs: timing.queueMs ?? 0, durationMs: timing.durationMs ?? this.now() - at,
        ...(timing.memoryBytes === undefined ? {} : { memoryBytes: timing.memoryBytes }),
        ...(error ? { error: marked.length ? redactValues(error as unknown as Json, marked) : (error as unknown as Json) } : {}),
      });
    const told = (outcome: InvocationInfo['outcome'], timing: Partial<InvocationTiming>, error?: string) =>
      this.o.onInvocation?.({
        name: v.name, version: v.version, traceparent: host.traceparent!, ...(req.traceparent ? { parent: req.traceparent } : {}),
        startedAt: at, endedAt: this.now(), cold: timing.cold ?? false, queueMs: timing.queueMs ?? 0, outcome, ...(error ? { error } : {}),
      });
    try {
      const pool = await this.pool(v);
      const result = await pool.invoke(req.input, host);
      this.check(v, 'output', result.output);
      marked.push(...sensitive(v.manifest.output, result.output).values);
      // The record is bookkeeping: the call does not wait for it to commit.
      record(true, result);
      told('ok', result);
      return { version: v.version, output: result.output, ...(marked.length ? { sensitive: marked } : {}) };
    } catch (err) {
      const problem = callProblem(err, req, v.version);
      const timing = (err as FunctionError).timing ?? {};
      const code = (err as FunctionError).code;
      // A refusal for capacity ran nothing (and a waiting run retries it): telemetry only, no record.
      if (code !== FN_ERROR_CODES.throttled) record(false, timing, problem);
      told(code === FN_ERROR_CODES.throttled ? 'throttled' : code === FN_ERROR_CODES.timeout ? 'timeout' : 'error', timing, problem.detail);
      throw new FunctionFailure(problem, { cause: err });
    }
  }

  /**
   * Runs a version that `build` bundles but nobody stores (a draft of edited code of function `name`)
   * once, as this invoker runs deployed ones, and keeps nothing of it: no pool, no record
   * (draft-runner.ts says why).
   */
  invokeDraft(name: string, build: () => Promise<FunctionVersion>, req: DraftRequest): Promise<DraftInvocationView> {
    return this.drafts.run(name, build, req);
  }

  /** Invocations waiting for an instance, over every pool (the queue-depth gauge). */
  queueDepth(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.stats().queued;
    return n;
  }

  /** Stops every pool (disposes its instances) and writes the buffered records. */
  async close(): Promise<void> {
    await this.records.flush();
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }

  private async pool(v: FunctionVersion): Promise<FunctionPool> {
    const key = `${v.name}@${v.version}`;
    let p = this.pools.get(key);
    if (!p) {
      const runtime = await (this.runtime ??= this.o.runtime());
      p = this.pools.get(key); // another invocation may have created it meanwhile
      if (p) return p;
      p = new FunctionPool(v, runtime, { capacity: this.capacity });
      void p.start();
      this.pools.set(key, p);
    }
    return p;
  }

  private check(v: FunctionVersion, which: 'input' | 'output', value: Json): void {
    checkPayload(v, which, value, this.o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, (schema) => {
      const key = `${v.name}@${v.version}#${which}`;
      let validate = this.validators.get(key);
      if (!validate) this.validators.set(key, (validate = this.ajv.compile(schema)));
      return validate;
    });
  }

  private host(v: FunctionVersion, req: Pick<InvokeRequest, 'idempotencyKey' | 'ready' | 'traceparent'>): HostContext {
    const { idempotencyKey, ready } = req;
    const invocationId = this.o.newId();
    const traceparent = childTraceparent(req.traceparent, invocationId, () => randomBytes(16).toString('hex'));
    const log = (level: LogLevel, message: string, fields?: Json) =>
      this.o.onLog?.({ at: this.now(), invocationId, function: v.name, version: v.version, level, message, ...(fields === undefined ? {} : { fields }) });
    const deadline = this.now() + v.manifest.timeoutMs;
    return {
      invocationId,
      idempotencyKey,
      deadline,
      traceparent,
      logLimits: this.limits.logs,
      fetch: async (url, init) => {
        // Refusals and failures (size and time caps too) reach the function as WEFT_ERR_FN_EGRESS, the
        // egress code in the message; the body is never read past the cap.
        const egressError = (err: unknown) => {
          const code = (err as { code?: unknown }).code;
          return new FunctionError(FN_ERROR_CODES.egress, `${(err as Error).message}${typeof code === 'string' && code.startsWith('WEFT_ERR_EGRESS_') ? ` [${code}]` : ''}`);
        };
        try {
          this.o.egress.check(url, v.manifest.egress);
        } catch (err) {
          throw egressError(err);
        }
        await durableFirst(ready);
        const headers = { ...(init.headers ?? {}), 'idempotency-key': idempotencyKey, traceparent };
        try {
          return await this.o.egress.fetch(url, {
            method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: init.body }),
            allowedHosts: v.manifest.egress, timeoutMs: Math.max(1, deadline - this.now()),
          });
        } catch (err) {
          throw egressError(err);
        }
      },
      secret: (name) => {
        const value = this.o.secrets?.forFunction ? this.o.secrets.forFunction(v.name, [name], v.version)[name] : this.o.secrets?.all()[name];
        // `ctx.secrets.get` gives text: a structured secret ({username, password}) as its JSON.
        return value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
      },
      log,
      emit: async (event: CloudEvent) => {
        await durableFirst(ready);
        await this.o.bus.publish(event.traceparent === undefined ? { ...event, traceparent } : event);
      },
    };
  }
}

type InvokeRequest = Parameters<FunctionRunner['invoke']>[0];

/** Outbound I/O of a call made from a run waits until the run's journal so far is durable. */
async function durableFirst(ready: Promise<unknown> | undefined): Promise<void> {
  if (!ready) return;
  try {
    await ready;
  } catch (err) {
    throw new FunctionError(FN_ERROR_CODES.runtime, `the calling run could not be journaled: ${(err as Error).message}`);
  }
}
