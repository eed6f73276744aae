/**
 * Starting, reading and controlling runs. Idempotency: a repeated `Idempotency-Key` for the same workflow
 * returns the first run (the store keeps at most one run per workflow and key; concurrent repeats in this
 * process share one start). `waitMs` waits for the end (`Prefer: wait`), bounded by the caller.
 */
import type { Json } from '../shared/index.js';
import { LIVE, TERMINAL, type RunStatus } from '../contracts/index.js';
import type { Clock, CloudEvent, RunFilter, RunRecord, Store } from '../ports/index.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, type RunResult, oversize } from '../engine/index.js';
import type { Engine } from '../engine/index.js';
import type { RuntimeInfo } from '../engine/index.js';
import { API_ERROR_CODES, ApiError, notFound } from './errors.js';
import type { Page, RunQuery, RunView, RunsApi, StartRequest, Started } from './platform.js';
import { runEvents } from './run-events.js';
import { type RepairRequest, RunRepair, repairsOf } from './run-repair.js';
import { type BulkRedriveOptions, type BulkRedriveQuery, type BulkRedriveStarted, DEFAULT_REDRIVE_RATE, bulkItem, matchingRuns, paced } from './bulk-redrive.js';
import { BULK_REDRIVE_MAX } from '../contracts/index.js';
import { type ViewOptions, callsFunctions, functionMarks, maskSensitive, masksFor } from './sensitive-views.js';
import { runView } from './views.js';
import type { Workflows } from './workflows.js';

export interface RunsOptions {
  engine: Engine;
  store: Store;
  workflows: Workflows;
  clock: Clock;
  source?: string;
  runtime?: RuntimeInfo;
  /** `$secrets` of a run, for rebuilding its events (the same values it saw live: see ports Secrets). */
  secrets?: (run: RunRecord) => Record<string, Json>;
  /** Largest run input (default 1 MB). */
  maxPayloadBytes?: number;
  /** Multi-node: suspends or resumes a run another node drives (true once its stored status shows it). */
  forward?: (id: string, action: 'suspend' | 'resume') => Promise<boolean>;
  /** Masks secret values in what runs show (their input, output, error and events): shared/redact.ts. */
  redact?: <T extends Json>(value: T) => T;
  /** Bulk redrives started per second (WEFT_REDRIVE_RATE; default DEFAULT_REDRIVE_RATE). */
  redriveRate?: number;
}

const MAX_PAGE = 500;

function encodeCursor(r: RunRecord): string {
  return Buffer.from(JSON.stringify([r.createdAt, r.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // reported below
  }
  throw new ApiError(API_ERROR_CODES.invalid, 'cursor is not one this API returned', { pointer: '/cursor' });
}

export class Runs implements RunsApi {
  /** Starts in progress by idempotency key, so concurrent repeats share one run. */
  private readonly starting = new Map<string, Promise<{ id: string; created: boolean }>>();
  private readonly repair: RunRepair;
  /** Aborted by `stopRedrives`: bulk redrives still pacing stop there. */
  private readonly redrives = new AbortController();

  constructor(private readonly o: RunsOptions) {
    this.repair = new RunRepair({ engine: o.engine, workflows: o.workflows, ...(o.maxPayloadBytes ? { maxPayloadBytes: o.maxPayloadBytes } : {}) });
  }

  async start(req: StartRequest, o?: ViewOptions): Promise<Started> {
    const limit = this.o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const bytes = oversize(req.input, limit);
    if (bytes !== undefined) throw new ApiError(API_ERROR_CODES.tooLarge, `the run input is ${bytes} bytes, over the ${limit}-byte payload limit`, { pointer: '' });
    const wf = await this.o.workflows.definition(req.namespace, req.name, req.version);
    if (!req.idempotencyKey) {
      const { record, done } = await this.o.engine.startRun(wf.definition, req.input, req.traceparent ? { traceparent: req.traceparent } : {});
      const ended = req.waitMs && req.waitMs > 0 ? await this.waitFor(done, req.waitMs) : undefined;
      // A run that ended here is answered from memory: its end is durable, and a store read would wait for
      // the group commit of other runs' writes.
      return { run: ended ? await this.view({ ...record, status: ended.status, output: ended.output, error: ended.error, endedAt: ended.endedAt }, o) : await this.plain(record.id, o), created: true };
    }
    const slot = `${req.namespace}/${req.name}#${req.idempotencyKey}`;
    let begun: { id: string; created: boolean };
    let p = this.starting.get(slot);
    if (!p) {
      p = this.startOnce(wf.definition, req).finally(() => this.starting.delete(slot));
      this.starting.set(slot, p);
      begun = await p;
    } else begun = { id: (await p).id, created: false };
    if (req.waitMs && req.waitMs > 0) await this.waitFor(this.o.engine.result(begun.id), req.waitMs);
    return { run: await this.plain(begun.id, o), created: begun.created };
  }

  private async startOnce(definition: Record<string, Json>, req: StartRequest): Promise<{ id: string; created: boolean }> {
    const existing = await this.byKey(req);
    if (existing) return { id: existing.id, created: false };
    try {
      return { id: await this.o.engine.start(definition, req.input, { idempotencyKey: req.idempotencyKey, ...(req.traceparent ? { traceparent: req.traceparent } : {}) }), created: true };
    } catch (err) {
      // Another process won the race for this key: the store refused the second run.
      const again = (err as { code?: string }).code === 'WEFT_ERR_STORE_DUPLICATE_RUN' ? await this.byKey(req) : undefined;
      if (again) return { id: again.id, created: false };
      throw err;
    }
  }

  private async byKey(req: StartRequest): Promise<RunRecord | undefined> {
    return (await this.o.store.listRuns({ namespace: req.namespace, name: req.name, idempotencyKey: req.idempotencyKey, limit: 1 }))[0];
  }

  /** The run's result if it ends within `ms`, else undefined. */
  private async waitFor(done: Promise<RunResult>, ms: number): Promise<RunResult | undefined> {
    let cancel = () => {};
    const timeout = new Promise<undefined>((resolve) => {
      cancel = this.o.clock.setTimer(this.o.clock.now() + ms, () => resolve(undefined));
    });
    const ended = done.then(
      (r) => r,
      () => undefined, // not active here or failed: the caller reads the run as stored
    );
    const r = await Promise.race([ended, timeout]);
    cancel();
    return r;
  }

  /** The run, with its repairs (redrives, origin) from its journal. */
  async get(id: string, o?: ViewOptions): Promise<RunView> {
    const r = await this.o.engine.describe(id);
    if (!r) throw notFound(`run ${id}`);
    const [view, journal] = await Promise.all([this.view(r, o), this.o.store.journal(id)]);
    return { ...view, ...repairsOf(journal) };
  }

  /** The run without its repairs: what a start answers (no journal read on the hot path). */
  private async plain(id: string, o?: ViewOptions): Promise<RunView> {
    const r = await this.o.engine.describe(id);
    if (!r) throw notFound(`run ${id}`);
    return this.view(r, o);
  }

  async redrive(id: string, req: RepairRequest, o?: ViewOptions): Promise<RunView> {
    await this.repair.redrive(await this.existing(id), req);
    return this.get(id, o);
  }

  async rerun(id: string, req: RepairRequest & { from: string }, o?: ViewOptions): Promise<RunView> {
    return this.get(await this.repair.rerun(await this.existing(id), req), o);
  }

  /**
   * The runs `q` matches (faulted by default), redriven in the background at `redriveRate` per second
   * unless `dryRun`. Answers at once with the list; `done` settles when the last one was redriven.
   */
  async redriveMatching(q: BulkRedriveQuery, req: BulkRedriveOptions = {}): Promise<BulkRedriveStarted> {
    const runs = await matchingRuns(this.o.store, q, Math.min(q.limit ?? BULK_REDRIVE_MAX, BULK_REDRIVE_MAX));
    const items = runs.map(bulkItem);
    if (req.dryRun) return { dryRun: true, accepted: 0, items, done: Promise.resolve() };
    const rate = this.o.redriveRate && this.o.redriveRate > 0 ? this.o.redriveRate : DEFAULT_REDRIVE_RATE;
    const done = paced(runs, rate, this.o.clock, async (r) => {
      let failure: unknown;
      try {
        // Read again: the run may have been redriven or cancelled since it was listed.
        await this.repair.redrive(await this.existing(r.id), req.by ? { by: req.by } : {});
      } catch (err) {
        failure = err;
      }
      await Promise.resolve(req.onRedriven?.(bulkItem(r), failure)).catch(() => {});
    }, this.redrives.signal).catch(() => {});
    return { dryRun: false, accepted: items.length, ratePerSecond: rate, items, done };
  }

  /**
   * Shutdown: bulk redrives stop before the next run (the runs not reached stay as they were, and a repeat
   * of the same request finds exactly them: those redriven no longer match).
   */
  stopRedrives(): void {
    this.redrives.abort();
  }

  /** A run as shown: its view, with secret values masked, and its sensitive data unless the caller may see it. */
  private async view(r: RunRecord, o?: ViewOptions): Promise<RunView> {
    // What functions marked is in the journal: read only for a caller who is to see it masked.
    const marked = masksFor(r, o) && callsFunctions(r) ? functionMarks(await this.o.store.journal(r.id)) : [];
    return this.shown(r, runView(r), o, marked);
  }

  private shown<T>(r: RunRecord, v: T, o?: ViewOptions, marked: readonly string[] = []): T {
    const masked = maskSensitive(r, v, o, marked);
    return this.o.redact ? (this.o.redact(masked as unknown as Json) as unknown as T) : masked;
  }

  async list(q: RunQuery, o?: ViewOptions): Promise<Page<RunView>> {
    const limit = Math.min(Math.max(1, q.limit ?? 50), MAX_PAGE);
    const filter: RunFilter = {
      ...(q.namespace ? { namespace: q.namespace } : {}),
      ...(q.namespaces ? { namespaces: q.namespaces } : {}),
      ...(q.name ? { name: q.name } : {}),
      ...(q.version ? { version: q.version } : {}),
      ...(q.status?.length ? { status: q.status } : {}),
      ...(q.from !== undefined ? { createdFrom: q.from } : {}),
      ...(q.to !== undefined ? { createdTo: q.to } : {}),
      ...(q.cursor ? { before: decodeCursor(q.cursor) } : {}),
      limit: limit + 1,
    };
    const rows = await this.o.store.listRuns(filter);
    const items = rows.slice(0, limit);
    return { items: await Promise.all(items.map((r) => this.view(r, o))), ...(rows.length > limit ? { next: encodeCursor(items[items.length - 1]) } : {}) };
  }

  async events(id: string, o?: ViewOptions): Promise<CloudEvent[]> {
    const run = await this.o.store.getRun(id);
    if (!run) throw notFound(`run ${id}`);
    const journal = await this.o.store.journal(id);
    const events = runEvents(run, journal, { source: this.o.source ?? 'https://weft.dev/engine', runtime: this.o.runtime, secrets: this.o.secrets ? () => this.o.secrets!(run) : undefined });
    return this.shown(run, events, o, masksFor(run, o) ? functionMarks(journal) : []);
  }

  async cancel(id: string, reason?: string, o?: ViewOptions): Promise<RunView> {
    await this.control(id, LIVE, 'cancel', async () => {
      await this.o.engine.cancel(id, reason);
    });
    return this.get(id, o);
  }

  async suspend(id: string, o?: ViewOptions): Promise<RunView> {
    await this.control(id, ['running', 'waiting', 'pending'], 'suspend', () => this.here(id, 'suspend'));
    return this.get(id, o);
  }

  async resume(id: string, o?: ViewOptions): Promise<RunView> {
    await this.control(id, ['suspended'], 'resume', () => this.here(id, 'resume'));
    return this.get(id, o);
  }

  /** Suspends or resumes where the run executes: in this process, or (multi-node) on the node driving it. */
  private async here(id: string, action: 'suspend' | 'resume'): Promise<void> {
    if (this.o.engine.isActive(id) || !this.o.forward) return this.o.engine[action](id);
    if (!(await this.o.forward(id, action))) throw new Error(`no node driving it answered in time`);
  }

  private async existing(id: string): Promise<RunRecord> {
    const r = await this.o.engine.describe(id);
    if (!r) throw notFound(`run ${id}`);
    return r;
  }

  private async control(id: string, allowed: readonly RunStatus[], action: string, f: () => Promise<void>): Promise<void> {
    const r = await this.existing(id);
    if (!allowed.includes(r.status)) {
      throw new ApiError(API_ERROR_CODES.state, `cannot ${action} run ${id}: it is ${r.status}${TERMINAL.has(r.status) ? ' (ended)' : ''}`);
    }
    try {
      await f();
    } catch (err) {
      throw new ApiError(API_ERROR_CODES.state, `cannot ${action} run ${id}: ${(err as Error).message}`, {}, { cause: err });
    }
  }
}
