/**
 * Prometheus metrics for `/metrics` (DESIGN.md §7), on a Registry of their own rather than prom-client's
 * global one: each server instance (and each test) counts for itself, and two instances in one process
 * do not collide on metric names.
 *
 * Label values are bounded sets: workflow = `ns/name:version` of registered workflows, function = deployed
 * function names, route = route templates (never raw URLs), group = rate-limit groups.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { InvocationOutcome } from './tracing.js';

/** HTTP handling: a cached read answers in ~0.1 ms, a synchronous run may take seconds. */
export const HTTP_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Tasks: from an in-memory `set` (microseconds) to a `wait` or `listen` of an hour. */
export const TASK_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 3600];
/** Functions: sub-millisecond warm calls up to the longest timeout a manifest sensibly sets. */
export const FUNCTION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface GaugeSources {
  /** Runs in flight on this node. */
  activeRuns?: () => number;
  /** Function invocations waiting for an instance. */
  queueDepth?: () => number;
  /** Epoch ms when the oldest event with an undelivered subscription arrived (undefined: none). */
  oldestUndelivered?: () => Promise<number | undefined>;
}

export interface HttpRequestSample {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

export interface InvocationSample {
  function: string;
  version: string;
  outcome: InvocationOutcome;
  cold: boolean;
  /** Absent for throttled calls: they never ran. */
  seconds?: number;
}

/** Per-workflow handles: `inc()` counts one, `observe(seconds)` times a task. */
export interface WorkflowMetrics {
  started: { inc(): void };
  completed: { inc(): void };
  faulted: { inc(): void };
  cancelled: { inc(): void };
  retried: { inc(): void };
  task: { observe(seconds: number): void };
}

export class Metrics {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;
  private sources: GaugeSources = {};
  private readonly workflows = new Map<string, WorkflowMetrics>();
  private readonly httpTotal = this.counter('weft_http_requests_total', 'HTTP requests served.', ['method', 'route', 'status']);
  private readonly httpSeconds = this.histogram('weft_http_request_duration_seconds', 'Time to answer an HTTP request.', ['method', 'route', 'status'], HTTP_BUCKETS);
  private readonly runsStarted = this.counter('weft_runs_started_total', 'Workflow runs started.', ['workflow']);
  private readonly runsCompleted = this.counter('weft_runs_completed_total', 'Workflow runs completed.', ['workflow']);
  private readonly runsFaulted = this.counter('weft_runs_faulted_total', 'Workflow runs faulted.', ['workflow']);
  private readonly runsCancelled = this.counter('weft_runs_cancelled_total', 'Workflow runs cancelled.', ['workflow']);
  private readonly taskSeconds = this.histogram('weft_task_duration_seconds', 'Task duration, from task.started to task.completed or task.faulted.', ['workflow'], TASK_BUCKETS);
  private readonly taskRetries = this.counter('weft_task_retries_total', 'Task retries (task.retried events).', ['workflow']);
  private readonly invocations = this.counter('weft_function_invocations_total', 'Function invocations by outcome.', ['function', 'version', 'outcome']);
  private readonly coldStarts = this.counter('weft_function_cold_starts_total', 'Function invocations that needed a new instance.', ['function']);
  private readonly throttles = this.counter('weft_function_throttles_total', 'Function invocations refused at max concurrency.', ['function']);
  private readonly functionSeconds = this.histogram('weft_function_duration_seconds', 'Function invocation duration.', ['function'], FUNCTION_BUCKETS);
  private readonly rateLimits = this.counter('weft_rate_limited_total', 'Requests rejected by a rate limit.', ['group']);
  private readonly eventsIngested = this.counter('weft_events_ingested_total', 'Events accepted and stored (duplicates excluded).', ['type']);
  private readonly eventDeliveries = this.counter('weft_event_deliveries_total', 'Event deliveries to subscriptions by outcome (delivered, retried, dead).', ['type', 'outcome']);

  constructor() {
    // Gauges read their sources when scraped: nothing to keep up to date on the hot path.
    const sources = () => this.sources;
    new Gauge({
      name: 'weft_runs_active',
      help: 'Workflow runs in flight on this node.',
      registers: [this.registry],
      collect() {
        this.set(sources().activeRuns?.() ?? 0);
      },
    });
    new Gauge({
      name: 'weft_function_queue_depth',
      help: 'Function invocations waiting for an instance.',
      registers: [this.registry],
      collect() {
        this.set(sources().queueDepth?.() ?? 0);
      },
    });
    new Gauge({
      name: 'weft_events_lag_seconds',
      help: 'Age of the oldest event a subscription has not received yet (0 when none).',
      registers: [this.registry],
      async collect() {
        const oldest = await sources().oldestUndelivered?.();
        this.set(oldest === undefined ? 0 : Math.max(0, Date.now() - oldest) / 1000);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  eventIngested(type: string): void {
    this.eventsIngested.inc({ type });
  }

  eventDelivery(type: string, outcome: 'delivered' | 'retried' | 'dead'): void {
    this.eventDeliveries.inc({ type, outcome });
  }

  /** Registers the collect-time sources of the two gauges (later calls replace the given ones). */
  gauges(sources: GaugeSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  httpRequest(s: HttpRequestSample): void {
    const labels = { method: s.method, route: s.route, status: String(s.status) };
    this.httpTotal.inc(labels);
    this.httpSeconds.observe(labels, s.seconds);
  }

  rateLimited(group: string): void {
    this.rateLimits.inc({ group });
  }

  /**
   * The workflow's counters and task histogram, bound to its label once: the lifecycle hot path then
   * skips prom-client's per-call label validation, hashing and closure (about half the cost of an event).
   */
  workflow(workflow: string): WorkflowMetrics {
    let w = this.workflows.get(workflow);
    if (!w) {
      w = {
        started: this.runsStarted.labels(workflow),
        completed: this.runsCompleted.labels(workflow),
        faulted: this.runsFaulted.labels(workflow),
        cancelled: this.runsCancelled.labels(workflow),
        retried: this.taskRetries.labels(workflow),
        task: this.taskSeconds.labels(workflow),
      };
      this.workflows.set(workflow, w);
    }
    return w;
  }

  invocation(s: InvocationSample): void {
    this.invocations.inc({ function: s.function, version: s.version, outcome: s.outcome });
    if (s.cold) this.coldStarts.inc({ function: s.function });
    if (s.outcome === 'throttled') this.throttles.inc({ function: s.function });
    if (s.seconds !== undefined) this.functionSeconds.observe({ function: s.function }, s.seconds);
  }

  /** The Prometheus text exposition of every metric (serve it with `contentType`). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
