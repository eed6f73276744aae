/**
 * The durable CloudEvents bus (an EventBus for the engine, `ctx.emit` and the HTTP ingress): every event
 * is validated, checked against its type's registered schema, stored with its deliveries in one commit,
 * and only then handed to in-process listeners (`listen` tasks) and the dispatcher. Repeated ids from one
 * source are stored once and delivered once.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../dsl/index.js';
import { type CloudEvent, type EventBus, type EventLog, type EventTypeStore } from '../ports/index.js';
import { type Json, coalesce } from '../shared/index.js';
import { toCloudEvent } from './cloudevent.js';
import { EVENT_ERROR_CODES, EventError, violationPath } from './errors.js';
import type { Router } from './routing.js';

export interface Accepted {
  id: string;
  source: string;
  seq: number;
  duplicate: boolean;
}

export interface DurableBusOptions {
  log: EventLog;
  eventTypes: EventTypeStore;
  router: Router;
  now: () => number;
  /** After each commit: the new (non-duplicate) events, for the dispatcher and metrics. */
  onStored?: (events: CloudEvent[]) => void;
}

export class DurableBus implements EventBus {
  private readonly listeners = new Set<(e: CloudEvent) => void>();
  private readonly ajv = createAjv({ allErrors: false, strict: false });
  /** Compiled type schemas by type; dropped when a type's schema changes (see forgetType). */
  private readonly schemas = new Map<string, ValidateFunction | null>();
  /**
   * Multi-node: the last seq handed to listeners by `followOthers`, and the seqs stored here since (they
   * were handed over at once). Undefined until `follow()`.
   */
  private cursor?: number;
  private readonly mine = new Set<number>();
  /** One catch-up pass at a time (a read error waits for the next notification or poll: same cursor). */
  private readonly catchUpPass = coalesce(() => this.catchUp());

  constructor(private readonly o: DurableBusOptions) {}

  async publish(event: CloudEvent): Promise<void> {
    await this.ingest([event]);
  }

  subscribe(handler: (event: CloudEvent) => void): () => void {
    this.listeners.add(handler);
    return () => this.listeners.delete(handler);
  }

  /**
   * Validates and stores events (all or none); resolves once they are durable. `batch`: the events came
   * as an array, so problems point into it (`/0/data/…` even for a batch of one).
   */
  async ingest(raw: readonly unknown[], batch = raw.length > 1): Promise<Accepted[]> {
    const at = (i: number) => (batch ? `/${i}` : '');
    return this.store(raw.map((e, i) => toCloudEvent(e, at(i))), batch);
  }

  /** `ingest` for events `toCloudEvent` already validated (the HTTP ingress parses once). */
  async store(events: CloudEvent[], batch = events.length > 1): Promise<Accepted[]> {
    const at = (i: number) => (batch ? `/${i}` : '');
    for (const [i, e] of events.entries()) await this.checkData(e, at(i));
    const stored = await this.o.log.append(events, this.o.now(), (e) => this.o.router.route(e));
    const fresh = events.filter((_, i) => !stored[i].duplicate);
    if (fresh.length) {
      if (this.cursor !== undefined) for (const r of stored) if (!r.duplicate) this.mine.add(r.seq);
      this.o.onStored?.(fresh);
      for (const e of fresh) for (const l of this.listeners) l(e);
    }
    return events.map((e, i) => ({ id: e.id, source: e.source, seq: stored[i].seq, duplicate: stored[i].duplicate }));
  }

  /**
   * Multi-node: from now on, `followOthers` hands in-process listeners (`listen` tasks) the events other
   * nodes store as well — they were stored with a notification, not published here.
   */
  async follow(): Promise<void> {
    this.cursor = (await this.o.log.list({ limit: 1 }))[0]?.seq ?? 0;
  }

  /** Reads the events stored since the last call and hands other nodes' ones to the listeners (one pass at a time). */
  followOthers(): void {
    if (this.cursor !== undefined) this.catchUpPass();
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const batch = await this.o.log.list({ afterSeq: this.cursor, limit: 500 });
      for (const e of batch) {
        this.cursor = e.seq;
        if (this.mine.delete(e.seq)) continue;
        for (const l of this.listeners) l(e.event);
      }
      if (batch.length < 500) return;
    }
  }

  /** A type's schema changed: compile it again on next use. */
  forgetType(type: string): void {
    this.schemas.delete(type);
  }

  /** The registered schema of `type` once an event of it was checked here (undefined: none, or not yet): what marks its data sensitive. */
  typeSchema(type: string): Json | undefined {
    return (this.schemas.get(type)?.schema as Json | undefined) ?? undefined;
  }

  private async checkData(e: CloudEvent, pointer: string): Promise<void> {
    let validate = this.schemas.get(e.type);
    if (validate === undefined) {
      const t = await this.o.eventTypes.getType(e.type);
      try {
        validate = t ? this.ajv.compile(t.schema as object) : null;
      } catch (err) {
        // A type stored before its schema's pattern was refused (RE2): the event cannot be checked.
        throw new EventError(EVENT_ERROR_CODES.config, `the schema of ${e.type} does not compile: ${(err as Error).message}`, { pointer: `${pointer}/type` }, { cause: err });
      }
      this.schemas.set(e.type, validate);
    }
    if (!validate || validate(e.data ?? null)) return;
    const first = (validate.errors ?? [])[0] as ErrorObject | undefined;
    const path = `${pointer}/data${violationPath(first)}`;
    throw new EventError(EVENT_ERROR_CODES.schema, `${e.type} data is invalid at ${path}: ${first?.message ?? 'does not match its schema'}`, { pointer: path });
  }
}
