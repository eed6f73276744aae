/**
 * Telemetry follows the platform hooks (platform/hooks.ts): what each one becomes in metrics, spans and
 * the log. It only listens; nothing here calls back into the platform.
 */
import type { Hooks } from '../platform/index.js';
import type { CloudEvent } from '../ports/index.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { HttpCallReport, InvocationReport } from './tracing.js';

/** The parts of a Telemetry (index.ts) the hooks feed. */
export interface HookListener {
  readonly logger: Logger;
  readonly metrics: Metrics;
  onLifecycle(event: CloudEvent): void;
  onInvocation(r: InvocationReport): void;
  onHttpCall(r: HttpCallReport): void;
}

/** Subscribes `telemetry` to `hooks`; returns the unsubscribe function. */
export function subscribeTelemetry(hooks: Hooks, telemetry: HookListener): () => void {
  // Through the object at every call (not bound once): a wrapper installed on it later still sees each
  // report (bench/events-server.js counts invocations and completed runs that way).
  const t = telemetry;
  const off = [
    hooks.on('run.lifecycle', (event) => t.onLifecycle(event)),
    hooks.on('function.invoked', (info) => t.onInvocation(info)),
    hooks.on('http.called', (call) => t.onHttpCall(call)),
    // Events other nodes stored are counted where they were stored.
    hooks.on('event.stored', (s) => {
      for (const e of s.events) t.metrics.eventIngested(e.type);
    }),
    hooks.on('event.delivered', (d) => t.metrics.eventDelivery(d.type, d.outcome)),
    hooks.on('run.abandoned', (a) => logFailure(t, a.reason, `run ${a.runId}`)),
    hooks.on('error', (e) => logFailure(t, e.err, e.context)),
  ];
  return () => off.forEach((f) => f());
}

function logFailure(t: HookListener, err: unknown, context: string): void {
  t.logger.error({ err, context }, `${context} failed`);
}
