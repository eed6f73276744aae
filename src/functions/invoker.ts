/**
 * The FunctionRunner the engine calls for `call: name:version@default`: resolves the version (or the
 * alias, by a weighted choice seeded with the idempotency key, unless the run pinned one), validates
 * input and output against the manifest schemas, runs the invocation in that version's pool with a host
 * context (egress-checked fetch, granted secrets, logs, events), and maps failures to workflow problems.
 */
import { randomBytes } from 'node:crypto';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { CloudEvent, EventBus, FunctionInvocation, FunctionRunner, FunctionStore, FunctionVersion, Problem, Secrets } from '../engine/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, ErrorTypes, childTraceparent, oversize } from '../engine/index.js';
import { createAjv } from '../dsl/index.js';
import type { Json } from '../expr/index.js';
import { FN_ERROR_CODES, FunctionError, type InvocationTiming } from './errors.js';
import { CatalogCache } from './catalog-cache.js';
import { InvocationRecords } from './invocation-records.js';
import { DeployError, pickFor, resolveVersion } from './packaging/index.js';
import { FunctionPool, type FunctionRuntime, type HostContext, type LogLevel } from './runtime/index.js';

/** A log line as it happens (the invocation record keeps them all, see FunctionStore.recordInvocation). */
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
  /** The runtime, created on first use (choosing it loads isolated-vm, which takes a moment). */
  runtime: () => Promise<FunctionRuntime>;
  bus: EventBus;
  secrets?: Secrets;
  /**
   * The egress rule for `ctx.fetch` (security/egress.ts): the manifest's `egress` hosts, and no private,
   * loopback or link-local address unless the operator allows it. Rejects to refuse.
   */
  egress: (url: string, allowedHosts: string[]) => Promise<void>;
  now?: () => number;
  newId: () => string;
  onLog?: (entry: InvocationLog) => void;
  /** Every invocation that reached a pool, as it ends (telemetry: metrics and the function's span). */
  onInvocation?: (info: InvocationInfo) => void;
  /** Largest input and output, as UTF-8 JSON (default 1 MB): a validation error beyond it. */
  maxPayloadBytes?: number;
}

/** What telemetry hears of one invocation; `traceparent` is its span, `parent` the caller's. */
export interface InvocationInfo {
  name: string;
  version: string;
  traceparent: string;
  parent?: string;
  startedAt: number;
  endedAt: number;
  cold: boolean;
  queueMs: number;
  outcome: 'ok' | 'error' | 'throttled' | 'timeout';
  error?: string;
}

export class FunctionInvoker implements FunctionRunner {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly ajv = createAjv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ReturnType<Ajv2020['compile']>>();
  private readonly now: () => number;
  private runtime?: Promise<FunctionRuntime>;
  private readonly catalog: CatalogCache;
  private readonly records: InvocationRecords;

  constructor(private readonly o: InvokerOptions) {
    this.now = o.now ?? Date.now;
    this.catalog = new CatalogCache(o.store, this.now);
    this.records = new InvocationRecords(o.store);
  }

  /** A version was deployed or an alias moved (by this process): resolve `name` from the store again. */
  invalidate(name: string): void {
    this.catalog.invalidate(name);
  }

  /** Writes the buffered invocation records (before reading them back). */
  flushRecords(): Promise<void> {
    return this.records.flush();
  }

  async invoke(req: InvokeRequest): Promise<{ version: string; output: Json }> {
    let version: FunctionVersion | undefined;
    try {
      version = req.pinned ? await this.catalog.getVersion(req.name, req.pinned) : (await resolveVersion(this.catalog, req.name, req.ref || undefined, pickFor(req.idempotencyKey))).version;
      if (!version) throw new FunctionError(FN_ERROR_CODES.runtime, `function ${req.name}@${req.pinned} is no longer deployed`);
      this.check(version, 'input', req.input);
    } catch (err) {
      throw { problem: toProblem(err, req, version?.version) };
    }
    const v = version;
    const host = this.host(v, req);
    const logs: FunctionInvocation['logs'] = [];
    const log = host.log;
    host.log = (level, message, fields) => {
      logs.push({ at: this.now(), level, message, ...(fields === undefined ? {} : { fields }) });
      log(level, message, fields);
    };
    const at = this.now();
    const record = (ok: boolean, timing: Partial<InvocationTiming> & { memoryBytes?: number }, error?: Problem) =>
      this.records.add({
        id: host.invocationId, name: v.name, version: v.version, at, ok, logs,
        cold: timing.cold ?? false, queueMs: timing.queueMs ?? 0, durationMs: timing.durationMs ?? this.now() - at,
        ...(timing.memoryBytes === undefined ? {} : { memoryBytes: timing.memoryBytes }),
        ...(error ? { error: error as unknown as Json } : {}),
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
      // The record is bookkeeping: the call does not wait for it to commit.
      record(true, result);
      told('ok', result);
      return { version: v.version, output: result.output };
    } catch (err) {
      const problem = toProblem(err, req, v.version);
      const timing = (err as FunctionError).timing ?? {};
      record(false, timing, problem);
      const code = (err as FunctionError).code;
      told(code === FN_ERROR_CODES.throttled ? 'throttled' : code === FN_ERROR_CODES.timeout ? 'timeout' : 'error', timing, problem.detail);
      throw { problem };
    }
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
      p = new FunctionPool(v, runtime);
      void p.start();
      this.pools.set(key, p);
    }
    return p;
  }

  private check(v: FunctionVersion, which: 'input' | 'output', value: Json): void {
    const limit = this.o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const bytes = oversize(value, limit);
    if (bytes !== undefined) throw new FunctionError(FN_ERROR_CODES.validation, `${v.name}@${v.version} ${which} is ${bytes} bytes, over the ${limit}-byte payload limit`);
    const schema = v.manifest[which];
    if (schema === undefined || schema === null) return;
    const key = `${v.name}@${v.version}#${which}`;
    let validate = this.validators.get(key);
    if (!validate) this.validators.set(key, (validate = this.ajv.compile(schema as object)));
    if (!validate(value)) {
      const detail = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
      throw new FunctionError(FN_ERROR_CODES.validation, `${v.name}@${v.version} ${which} is invalid: ${detail}`);
    }
  }

  private host(v: FunctionVersion, req: InvokeRequest): HostContext {
    const { idempotencyKey, ready } = req;
    const invocationId = this.o.newId();
    const traceparent = childTraceparent(req.traceparent, invocationId, () => randomBytes(16).toString('hex'));
    const log = (level: LogLevel, message: string, fields?: Json) =>
      this.o.onLog?.({ at: this.now(), invocationId, function: v.name, version: v.version, level, message, ...(fields === undefined ? {} : { fields }) });
    return {
      invocationId,
      idempotencyKey,
      deadline: this.now() + v.manifest.timeoutMs,
      traceparent,
      fetch: async (url, init) => {
        try {
          await this.o.egress(url, v.manifest.egress);
        } catch (err) {
          throw new FunctionError(FN_ERROR_CODES.egress, (err as Error).message);
        }
        await durableFirst(ready);
        const headers = { ...(init.headers ?? {}), 'idempotency-key': idempotencyKey, traceparent };
        const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'follow' });
        return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
      },
      secret: (name) => this.o.secrets?.all()[name],
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

function toProblem(err: unknown, req: { name: string; ref: string }, version?: string): Problem {
  const extra = version ? { functionVersion: version } : {};
  if (err instanceof FunctionError) return { type: err.type, status: err.status, title: `Function ${err.kind} error`, detail: err.message, code: err.code, ...extra };
  if (err instanceof DeployError) return { type: err.type, status: err.status, title: 'Function not available', detail: err.message, code: err.code, ...extra };
  const detail = `function ${req.name}:${req.ref}: ${err instanceof Error ? err.message : String(err)}`;
  return { type: ErrorTypes.runtime, status: 500, title: 'Function runtime error', detail, ...extra };
}
