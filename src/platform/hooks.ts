/**
 * The platform hooks: a fixed, typed list of what happens in the platform that other modules follow,
 * instead of closures wired by hand. The module where a thing happens emits its hook (compose.ts feeds the
 * engine's, the bus's and the façade's option callbacks into it); modules subscribe themselves:
 *   events/triggers.ts        webhooks, schedules, the dispatcher's wake-up, other nodes' events and catalog
 *   telemetry/subscribe.ts    metrics, spans and error logs
 *   platform/cluster-relay.ts the cluster member tells other nodes (and hears from them)
 *   cli/namespace-grants.ts   operator warnings about secrets a registered workflow will not see
 *
 * Two kinds of hooks:
 * - notified (`emit`): synchronous, on hot paths (every lifecycle event of every task). Handlers run in
 *   the order they subscribed, before `emit` returns; a handler that throws, or whose returned promise
 *   rejects, is reported on the `error` hook and the others still run: a failing subscriber never breaks
 *   the module that emits (a stored event stays stored, a run keeps running).
 * - awaited (`emitAndWait`): what a registration or a deployment must finish before it answers (a
 *   workflow's webhook is live when `register` resolves). Handlers run one after the other, in the order
 *   they subscribed, each awaited; all run even if one fails, then the first failure is thrown to the
 *   emitter, because its caller must hear that what follows from its request did not happen (the
 *   `…ing` hooks refuse a registration that way, before anything is stored).
 * Subscription order is construction order in compose.ts: the events triggers subscribe before the
 * cluster relay, so other nodes hear of a change once this node has stored what follows from it.
 */
import type { CloudEvent, FunctionManifest, FunctionVersion, RunRecord, WorkflowRecord } from '../ports/index.js';
import type { Json } from '../shared/index.js';

/** Where a notification comes from: this process, or another node (relayed over the cluster). */
export type HookOrigin = 'local' | 'cluster';

/** A function invocation that returned, failed, timed out or was throttled (functions/invoker.ts). */
export interface FunctionInvoked {
  name: string;
  version: string;
  /** The invocation's own span; `parent` is the caller's. */
  traceparent: string;
  parent?: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  cold: boolean;
  queueMs: number;
  outcome: 'ok' | 'error' | 'throttled' | 'timeout';
  error?: string;
}

/** An outgoing HTTP call of a workflow (security/http-client.ts). */
export interface HttpCalled {
  method: string;
  url: string;
  status?: number;
  /** The call's own span (sent as its `traceparent` header); `parent` is the task's. */
  traceparent: string;
  parent?: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  error?: string;
}

/** Every hook and its payload. */
export interface HookPayloads {
  /** Awaited, before a workflow version is stored: a handler that throws refuses the registration. */
  'workflow.registering': Record<string, Json>;
  /** Awaited: a new workflow version was stored. */
  'workflow.registered': WorkflowRecord;
  /** Awaited, before a function version is bundled and stored: a handler that throws refuses the deployment. */
  'function.deploying': FunctionManifest;
  /** Awaited: a new function version was stored. */
  'function.deployed': FunctionVersion;
  /** Events were stored here (`events`: the new ones, duplicates excluded), or by another node (`origin: 'cluster'`, `events` empty: not read yet). */
  'event.stored': { events: readonly CloudEvent[]; origin: HookOrigin };
  /** A delivery's outcome was recorded. */
  'event.delivered': { type: string; subscription: string; outcome: 'delivered' | 'retried' | 'dead' };
  /** Subscriptions changed here, or (`origin: 'cluster'`) on some node, this one included, or a workflow was registered there. */
  'catalog.changed': { origin: HookOrigin };
  /** A run's or a task's lifecycle CloudEvent (DSL lifecycle events); only when the engine builds them (telemetry). */
  'run.lifecycle': CloudEvent;
  /** A run ended here (completed, faulted or cancelled). */
  'run.ended': RunRecord;
  /** This process stopped driving a run (store conflict, lost lease, failed recovery). */
  'run.abandoned': { runId: string; reason: Error };
  'function.invoked': FunctionInvoked;
  'http.called': HttpCalled;
  /** A background failure (a scheduled start, a cluster notification, a failing subscriber…), for the log. */
  error: { err: unknown; context: string };
}

export type HookName = keyof HookPayloads;
/** The hooks whose emitter waits for its subscribers (and hears their failures). */
export type AwaitedHook = 'workflow.registering' | 'workflow.registered' | 'function.deploying' | 'function.deployed';
export type NotifiedHook = Exclude<HookName, AwaitedHook>;
export type HookHandler<K extends HookName> = (payload: HookPayloads[K]) => void | Promise<void>;

/** Every hook name, awaited or not (a Record, so that the compiler says when one is missing). */
const AWAITED: Record<HookName, boolean> = {
  'workflow.registering': true, 'workflow.registered': true, 'function.deploying': true, 'function.deployed': true,
  'event.stored': false, 'event.delivered': false, 'catalog.changed': false, 'run.lifecycle': false, 'run.ended': false,
  'run.abandoned': false, 'function.invoked': false, 'http.called': false, error: false,
};
export const HOOK_NAMES = Object.keys(AWAITED) as readonly HookName[];
/** Whether `emitAndWait` (true) or `emit` is how `name` is emitted. */
export const isAwaited = (name: HookName): name is AwaitedHook => AWAITED[name];

export class Hooks {
  /** Copied on (un)subscribe, never changed in place: `emit` walks a snapshot without allocating. */
  private readonly handlers = new Map<HookName, readonly HookHandler<never>[]>();

  /** Subscribes `handler` to `name` (after the handlers already there); returns the unsubscribe function. */
  on<K extends HookName>(name: K, handler: HookHandler<K>): () => void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler as HookHandler<never>]);
    return () => this.handlers.set(name, (this.handlers.get(name) ?? []).filter((h) => h !== handler));
  }

  /** Whether anyone subscribed to `name`. */
  has(name: HookName): boolean {
    return (this.handlers.get(name)?.length ?? 0) > 0;
  }

  /** Calls every handler of a notified hook now, in subscription order; failures go to the `error` hook. */
  emit<K extends NotifiedHook>(name: K, payload: HookPayloads[K]): void {
    const list = this.handlers.get(name) as readonly HookHandler<K>[] | undefined;
    if (!list) return;
    for (const handler of list) {
      try {
        const done = handler(payload);
        if (done instanceof Promise) done.catch((err: unknown) => this.failed(name, err));
      } catch (err) {
        this.failed(name, err);
      }
    }
  }

  /** Runs every handler of an awaited hook in turn, in subscription order; then throws the first failure, if any. */
  async emitAndWait<K extends AwaitedHook>(name: K, payload: HookPayloads[K]): Promise<void> {
    let failure: { err: unknown } | undefined;
    for (const handler of (this.handlers.get(name) ?? []) as readonly HookHandler<K>[]) {
      try {
        await handler(payload);
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure) throw failure.err;
  }

  private failed(name: HookName, err: unknown): void {
    // A failing `error` subscriber has nobody left to tell (and telling the `error` hook would loop).
    if (name !== 'error') this.emit('error', { err, context: `hook ${name}` });
  }
}
