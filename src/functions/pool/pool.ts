/**
 * One pool per function version: it owns that version's instances, reuses warm ones (never across
 * versions: a pool only ever creates instances of its own version), runs at most manifest.maxConcurrency
 * invocations at once, queues up to `maxQueue` more, and refuses the rest with a retryable
 * WEFT_ERR_FN_THROTTLED. Idle instances are disposed after manifest.idleMs, except the manifest.minWarm
 * ones, which start() creates and the pool keeps (replacing any that a timeout or a memory overrun kills).
 *
 * Invariant: busy + starting ≤ maxConcurrency, where `starting` counts instances being created. With a
 * NodeCapacity (node-capacity.ts), every instance also holds one of the node's slots from its creation to
 * its disposal; a pool that gets none queues the call behind its own busy instances, or refuses it.
 */
import type { Json } from '../../shared/index.js';
import type { FunctionVersion } from '../../ports/index.js';
import { FunctionError, fnRuntime, fnThrottled, fnTimeout } from '../errors.js';
import type { FunctionRuntime, HostContext, Instance } from '../runtime/runtime.js';
import type { CapacityMember, NodeCapacity } from './node-capacity.js';

export interface PoolClock {
  now(): number;
  /** Calls `fn` at (or soon after) `at`; returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}

export interface PoolOptions {
  /** Invocations that may wait for a busy instance; default 2 × maxConcurrency. */
  maxQueue?: number;
  clock?: PoolClock;
  /** The node-wide instance cap shared by every pool (default: none). */
  capacity?: NodeCapacity;
}

export interface InvokeResult {
  output: Json;
  /** A new instance was created for this invocation. */
  cold: boolean;
  /** Time spent waiting for a free slot (0 when one was free). */
  queueMs: number;
  /** Creating the instance (cold starts only: new sandbox + compile + load). */
  startMs: number;
  /** Running the function. */
  durationMs: number;
  /** The instance's heap after the invocation (best effort). */
  memoryBytes: number;
}

export interface PoolStats {
  instances: number;
  busy: number;
  idle: number;
  starting: number;
  queued: number;
  invocations: number;
  coldStarts: number;
  throttles: number;
  /** Instances that died (timeout, memory) and were dropped. */
  replaced: number;
}

/** Real time: epoch ms with sub-ms precision; timers never keep the process alive. */
export const systemClock: PoolClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer(at, fn) {
    const t = setTimeout(fn, Math.max(0, at - systemClock.now()));
    t.unref();
    return () => clearTimeout(t);
  },
};

interface Lease {
  inst: Instance;
  cold: boolean;
  startMs: number;
  grantedAt: number;
}

interface Waiter {
  grant(lease: Promise<Lease>): void;
  reject(err: unknown): void;
  cancelDeadline: () => void;
}

export class FunctionPool implements CapacityMember {
  private readonly clock: PoolClock;
  private readonly maxConcurrency: number;
  private readonly maxQueue: number;
  private readonly all = new Set<Instance>();
  /** Most recently used last, so the oldest idle instances are the ones that expire. */
  private readonly idle: { inst: Instance; cancel: () => void; since: number }[] = [];
  private readonly capacity?: NodeCapacity;
  private readonly queue: Waiter[] = [];
  private busy = 0;
  private starting = 0;
  private closed = false;
  private drained?: () => void;
  private readonly counts = { invocations: 0, coldStarts: 0, throttles: 0, replaced: 0 };

  constructor(
    readonly version: FunctionVersion,
    private readonly runtime: FunctionRuntime,
    options: PoolOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.maxConcurrency = Math.max(1, version.manifest.maxConcurrency);
    this.maxQueue = Math.max(0, options.maxQueue ?? 2 * this.maxConcurrency);
    this.capacity = options.capacity;
    this.capacity?.join(this);
  }

  /** Creates the provisioned (minWarm) instances; resolves once they are ready. */
  async start(): Promise<void> {
    const missing = Math.min(this.maxConcurrency, this.version.manifest.minWarm) - this.all.size - this.starting;
    await Promise.all(Array.from({ length: Math.max(0, missing) }, () => this.provision()));
  }

  async invoke(input: Json, ctx: HostContext): Promise<InvokeResult> {
    const t0 = this.clock.now();
    const lease = await this.acquire(ctx);
    this.counts.invocations++;
    const queueMs = lease.grantedAt - t0;
    const t1 = this.clock.now();
    try {
      const output = await lease.inst.invoke(input, ctx);
      return { output, cold: lease.cold, queueMs, startMs: lease.startMs, durationMs: this.clock.now() - t1, memoryBytes: lease.inst.memoryBytes };
    } catch (err) {
      if (err instanceof FunctionError) err.timing = { cold: lease.cold, queueMs, durationMs: this.clock.now() - t1 };
      throw err;
    } finally {
      this.release(lease.inst);
    }
  }

  stats(): PoolStats {
    return { instances: this.all.size, busy: this.busy, idle: this.idle.length, starting: this.starting, queued: this.queue.length, ...this.counts };
  }

  /** Refuses new and queued invocations, disposes idle instances now and busy ones when they finish. */
  close(): Promise<void> {
    this.closed = true;
    this.capacity?.leave(this);
    for (const w of this.queue.splice(0)) {
      w.cancelDeadline();
      w.reject(this.closedError());
    }
    for (const { inst, cancel } of this.idle.splice(0)) {
      cancel();
      this.drop(inst);
    }
    if (this.busy + this.starting === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  private get label(): string {
    return `function ${this.version.name}@${this.version.version}`;
  }

  private closedError(): FunctionError {
    return fnRuntime(`${this.label} is shutting down`);
  }

  private acquire(ctx: HostContext): Promise<Lease> {
    if (this.closed) return Promise.reject(this.closedError());
    const warm = this.takeIdle();
    if (warm) return Promise.resolve(warm);
    const free = this.busy + this.starting < this.maxConcurrency;
    if (free && this.reserve()) return this.coldStart();
    // Full, or the node has no slot for a new instance: wait for one of ours, if any is coming back.
    if (this.queue.length >= this.maxQueue || (free && this.busy + this.starting === 0)) {
      this.counts.throttles++;
      return Promise.reject(fnThrottled(this.label, this.maxConcurrency, this.queue.length));
    }
    return new Promise<Lease>((resolve, reject) => {
      const queuedAt = this.clock.now();
      const waiter: Waiter = {
        grant: (lease) => lease.then(resolve, reject),
        reject,
        // A caller whose deadline passes while queued gets a timeout without running anything.
        cancelDeadline: this.clock.setTimer(ctx.deadline, () => {
          const i = this.queue.indexOf(waiter);
          if (i < 0) return;
          this.queue.splice(i, 1);
          reject(fnTimeout(`${this.label} (waiting for a free instance)`, Math.round(this.clock.now() - queuedAt)));
        }),
      };
      this.queue.push(waiter);
    });
  }

  private takeIdle(): Lease | undefined {
    while (this.idle.length > 0) {
      const { inst, cancel } = this.idle.pop()!;
      cancel();
      if (inst.disposed) {
        this.drop(inst);
        continue;
      }
      this.busy++;
      return { inst, cold: false, startMs: 0, grantedAt: this.clock.now() };
    }
    return undefined;
  }

  /** A node slot for a new instance (always granted without a NodeCapacity). */
  private reserve(): boolean {
    return this.capacity ? this.capacity.reserve(this) : true;
  }

  oldestIdle(): number | undefined {
    return this.idle[0]?.since;
  }

  evictIdle(): boolean {
    const entry = this.idle.shift();
    if (!entry) return false;
    entry.cancel();
    this.drop(entry.inst);
    return true;
  }

  /** Creates an instance for a lease; the caller reserved its node slot. */
  private async coldStart(): Promise<Lease> {
    const grantedAt = this.clock.now();
    this.starting++;
    let inst: Instance;
    try {
      inst = await this.runtime.create(this.version);
    } catch (err) {
      this.starting--;
      this.capacity?.release();
      this.settled();
      throw err;
    }
    this.starting--;
    this.all.add(inst);
    this.busy++;
    this.counts.coldStarts++;
    return { inst, cold: true, startMs: this.clock.now() - grantedAt, grantedAt };
  }

  /** A provisioned instance: created ahead of demand, then idle (or handed to a waiter) like a released one. */
  private async provision(): Promise<void> {
    if (!this.reserve()) return; // the node is full: warm instances are best effort
    this.starting++;
    try {
      const inst = await this.runtime.create(this.version);
      this.all.add(inst);
      this.busy++;
      this.starting--;
      this.release(inst);
    } catch {
      // The next invocation's cold start reports the error; provisioning is best effort.
      this.starting--;
      this.capacity?.release();
      this.settled();
    }
  }

  private release(inst: Instance): void {
    this.busy--;
    if (this.closed || inst.disposed) {
      if (inst.disposed && !this.closed) this.counts.replaced++;
      this.drop(inst);
      this.settled();
      // Keep the provisioned floor: a killed minWarm instance is replaced in the background.
      if (!this.closed && this.all.size + this.starting < Math.min(this.maxConcurrency, this.version.manifest.minWarm)) void this.provision();
      return;
    }
    const next = this.queue.shift();
    if (next) {
      next.cancelDeadline();
      this.busy++;
      next.grant(Promise.resolve({ inst, cold: false, startMs: 0, grantedAt: this.clock.now() }));
      return;
    }
    const entry = { inst, cancel: () => {}, since: this.clock.now() };
    entry.cancel = this.clock.setTimer(this.clock.now() + this.version.manifest.idleMs, () => this.expire(entry));
    this.idle.push(entry);
  }

  private expire(entry: { inst: Instance; cancel: () => void; since: number }): void {
    // minWarm instances stay; they get a new timer the next time they are released.
    if (this.all.size <= this.version.manifest.minWarm) return;
    const i = this.idle.indexOf(entry);
    if (i < 0) return;
    this.idle.splice(i, 1);
    this.drop(entry.inst);
  }

  private drop(inst: Instance): void {
    if (this.all.delete(inst)) this.capacity?.release();
    inst.dispose();
  }

  /** A slot freed up without an instance to hand over: start one for the next waiter; report a drained close. */
  private settled(): void {
    if (this.closed) {
      if (this.busy + this.starting === 0) this.drained?.();
      return;
    }
    if (this.queue.length > 0 && this.busy + this.starting < this.maxConcurrency) {
      if (this.reserve()) {
        const next = this.queue.shift()!;
        next.cancelDeadline();
        next.grant(this.coldStart());
      } else if (this.busy + this.starting === 0) {
        // No slot on the node and none of ours will come back: refuse for capacity (the caller retries).
        for (const next of this.queue.splice(0)) {
          next.cancelDeadline();
          this.counts.throttles++;
          next.reject(fnThrottled(`${this.label} (no free instance slot on this node)`, this.maxConcurrency, 0));
        }
      }
    }
  }
}
