/**
 * The events part of the platform façade (platform/platform.ts EventsApi): ingest, browse, event
 * types, subscriptions, dead letters, webhooks. Keeps the in-process routing table in step with the
 * stored subscriptions and tells the dispatcher when there is work.
 */
import type { AcceptedEvent, DeliveryView, EventTypeView, EventView, EventsApi, Platform, SubscriptionInput, ViewOptions, WebhookAnswer } from '../platform/index.js';
import type { CloudEvent, Delivery, DeliveryQueue, EventLog, EventQuery, EventTypeStore, StoredEvent, Subscription, SubscriptionStore, Webhook, WebhookStore } from '../ports/index.js';
import { createAjv, hasSensitive, sensitive } from '../dsl/index.js';
import { type Json, redactValues } from '../shared/index.js';
import { fromBinary, fromStructured } from './cloudevent.js';
import type { Dispatcher } from './dispatcher.js';
import type { DurableBus } from './durable-bus.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';
import { type Router, checkSubscription } from './routing.js';
import { checkTarget, runTarget } from './target.js';
import { SUBSCRIPTION_NAME } from './definitions.js';
import { checkBody, verifySignature } from './webhooks.js';

export interface EventsServiceOptions {
  log: EventLog;
  deliveries: DeliveryQueue;
  eventTypes: EventTypeStore;
  subscriptions: SubscriptionStore;
  webhooks: WebhookStore;
  bus: DurableBus;
  router: Router;
  dispatcher: Dispatcher;
  platform: Pick<Platform, 'runs' | 'functions'>;
  now: () => number;
  /**
   * The secrets `webhook` may verify signatures with: a workflow's webhook only those granted to its
   * namespace (compose applies security/grants.ts); a function's (not namespaced) any.
   */
  /** The keys a webhook's signature may be made with, by secret name (several during a vault secret's overlap). */
  secrets: (webhook: Webhook) => Record<string, string | readonly string[]>;
  /** A webhook call was verified with the `key`-th value `secrets` gave for its secret (the vault notes which version). */
  verified?: (webhook: Webhook, key: number) => void;
  /** Longest a sync webhook waits for its run. */
  webhookWaitMs?: number;
  newId: () => string;
  /** The subscriptions changed here (multi-node: the other nodes reload theirs). */
  onChanged?: () => void;
  /** Masks secret values in the events shown (a run may emit one it read): shared/redact.ts. */
  redact?: <T extends Json>(value: T) => T;
}

const iso = (ms: number) => new Date(ms).toISOString();
type Redact = <T extends Json>(value: T) => T;
const eventView = (e: StoredEvent, redact?: Redact): EventView => ({ seq: e.seq, receivedAt: iso(e.receivedAt), event: redact ? (redact(e.event as Json) as CloudEvent) : e.event });
const deliveryView = (d: Delivery & { event: StoredEvent }, redact?: Redact): DeliveryView => ({
  id: d.id, subscription: d.subscription, status: d.status, attempts: d.attempts, dueAt: iso(d.dueAt), updatedAt: iso(d.updatedAt),
  ...(d.lastError !== undefined ? { lastError: redact ? redact(d.lastError) : d.lastError } : {}), event: eventView(d.event, redact),
});
const notFound = (what: string) => new EventError(EVENT_ERROR_CODES.notFound, `${what} does not exist`);

export class EventsService implements EventsApi {
  private readonly ajv = createAjv({ strict: false });

  constructor(private readonly o: EventsServiceOptions) {}

  /** Loads the stored subscriptions into the routing table and starts delivering. */
  async start(): Promise<void> {
    this.o.router.load(await this.o.subscriptions.listSubscriptions());
    this.o.dispatcher.start();
  }

  publish(body: unknown): Promise<AcceptedEvent[]> {
    return this.o.bus.store(fromStructured(body), Array.isArray(body));
  }

  publishBinary(headers: Record<string, string | string[] | undefined>, body: string): Promise<AcceptedEvent[]> {
    return this.o.bus.store([fromBinary(headers, body)]);
  }

  async list(q: EventQuery, o?: ViewOptions): Promise<EventView[]> {
    return (await this.shown(await this.o.log.list(q), o)).map((e) => eventView(e, this.o.redact));
  }

  /** Events as the caller may see them: data their type's schema marks x-weft-sensitive masked, unless `o` lets it see that. */
  private async shown<T extends StoredEvent>(rows: T[], o?: ViewOptions): Promise<T[]> {
    if (!o?.seesSensitive || o.seesSensitive('*')) return rows;
    const schemas = new Map<string, Json | undefined>();
    for (const type of new Set(rows.map((r) => r.event.type))) schemas.set(type, (await this.o.eventTypes.getType(type))?.schema);
    return rows.map((r) => {
      const schema = schemas.get(r.event.type);
      if (r.event.data === undefined || !hasSensitive(schema)) return r;
      const parts = sensitive(schema, r.event.data);
      return { ...r, event: redactValues({ ...r.event, data: parts.masked } as Json, parts.values) as CloudEvent };
    });
  }

  async putType(type: string, schema: Json): Promise<{ type: EventTypeView; created: boolean }> {
    if (!type || type.length > 200) throw new EventError(EVENT_ERROR_CODES.config, 'an event type is 1 to 200 characters', { pointer: '/type' });
    try {
      this.ajv.compile(schema as object);
    } catch (err) {
      throw new EventError(EVENT_ERROR_CODES.config, `the schema of ${type} does not compile: ${(err as Error).message}`, { pointer: '/schema' }, { cause: err });
    }
    const before = await this.o.eventTypes.getType(type);
    const at = this.o.now();
    await this.o.eventTypes.putType(type, schema, at);
    this.o.bus.forgetType(type);
    return { type: { type, schema, updatedAt: iso(at) }, created: !before };
  }

  async getType(type: string): Promise<EventTypeView> {
    const t = await this.o.eventTypes.getType(type);
    if (!t) throw notFound(`event type ${type}`);
    return { ...t, updatedAt: iso(t.updatedAt) };
  }

  async listTypes(): Promise<EventTypeView[]> {
    return (await this.o.eventTypes.listTypes()).map((t) => ({ ...t, updatedAt: iso(t.updatedAt) }));
  }

  async deleteType(type: string): Promise<void> {
    if (!(await this.o.eventTypes.deleteType(type))) throw notFound(`event type ${type}`);
    this.o.bus.forgetType(type);
  }

  async putSubscription(name: string, input: SubscriptionInput): Promise<{ subscription: Subscription; created: boolean }> {
    if (!SUBSCRIPTION_NAME.test(name)) throw new EventError(EVENT_ERROR_CODES.config, 'a subscription name is letters, digits and . _ : / # - (up to 200)', { pointer: '/name' });
    checkTarget(input.target);
    const before = await this.o.subscriptions.getSubscription(name);
    const sub: Subscription = { name, filter: input.filter ?? {}, target: input.target, ...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {}), createdAt: before?.createdAt ?? this.o.now() };
    checkSubscription(sub);
    await this.o.subscriptions.putSubscription(sub);
    await this.reload();
    return { subscription: sub, created: !before };
  }

  /** Replaces every subscription whose name starts with `prefix` (a schedule's `on` subscriptions). */
  async replaceSubscriptions(prefix: string, subs: Omit<Subscription, 'createdAt'>[]): Promise<void> {
    const existing = (await this.o.subscriptions.listSubscriptions()).filter((s) => s.name.startsWith(prefix));
    const same = (a: Omit<Subscription, 'createdAt'>, b: Omit<Subscription, 'createdAt'>) =>
      JSON.stringify([a.filter, a.target, a.maxAttempts]) === JSON.stringify([b.filter, b.target, b.maxAttempts]);
    // Unchanged (a schedule set again, e.g. on every node of a cluster): nothing to write or announce.
    if (existing.length === subs.length && subs.every((n) => existing.some((s) => s.name === n.name && same(s, n)))) return;
    for (const s of existing) if (!subs.some((n) => n.name === s.name)) await this.o.subscriptions.deleteSubscription(s.name);
    for (const s of subs) await this.o.subscriptions.putSubscription({ ...s, createdAt: this.o.now() });
    await this.reload();
  }

  async getSubscription(name: string): Promise<Subscription> {
    const s = await this.o.subscriptions.getSubscription(name);
    if (!s) throw notFound(`subscription ${name}`);
    return s;
  }

  listSubscriptions(): Promise<Subscription[]> {
    return this.o.subscriptions.listSubscriptions();
  }

  async deleteSubscription(name: string): Promise<void> {
    if (!(await this.o.subscriptions.deleteSubscription(name))) throw notFound(`subscription ${name}`);
    await this.reload();
  }

  async deadLetters(limit = 100, o?: ViewOptions): Promise<DeliveryView[]> {
    const dead = await this.o.deliveries.dead(limit);
    const events = await this.shown(dead.map((d) => d.event), o);
    return dead.map((d, i) => deliveryView({ ...d, event: events[i]! }, this.o.redact));
  }

  async redrive(id: string, o?: ViewOptions): Promise<DeliveryView> {
    const d = await this.o.deliveries.redrive(id, this.o.now());
    if (!d) throw notFound(`delivery ${id}`);
    const event = await this.o.log.get(d.seq);
    this.o.dispatcher.wake();
    const [shown] = await this.shown([event!], o);
    return deliveryView({ ...d, event: shown! }, this.o.redact);
  }

  webhooks(): Promise<Webhook[]> {
    return this.o.webhooks.listWebhooks();
  }

  async webhook(path: string): Promise<Webhook> {
    const w = await this.o.webhooks.getWebhook(path);
    if (!w) throw notFound(`webhook ${path}`);
    return w;
  }

  /** A path another workflow or function owns is a conflict. */
  async checkWebhook(w: Webhook): Promise<void> {
    const current = await this.o.webhooks.getWebhook(w.path);
    if (current && current.owner !== w.owner) throw new EventError(EVENT_ERROR_CODES.conflict, `webhook path ${w.path} belongs to ${current.owner}`, { pointer: '/webhook/path' });
  }

  /** Registers a declared webhook (replacing the owner's earlier one at that path). */
  async setWebhook(w: Webhook): Promise<void> {
    await this.checkWebhook(w);
    await this.o.webhooks.putWebhook(w);
  }

  async hook(path: string, headers: Record<string, string | string[] | undefined>, raw: Buffer, body: Json): Promise<WebhookAnswer> {
    const w = await this.webhook(path);
    const signedWith = verifySignature(w, headers, raw, this.o.secrets(w));
    if (signedWith !== undefined) this.o.verified?.(w, signedWith);
    checkBody(w, body);
    const given = headers['idempotency-key'];
    const key = typeof given === 'string' && given ? `hook:${given}` : `hook:${this.o.newId()}`;
    const traceparent = typeof headers.traceparent === 'string' ? headers.traceparent : undefined;
    const options = { idempotencyKey: key, ...(traceparent ? { traceparent } : {}), ...(w.respond === 'sync' ? { waitMs: this.o.webhookWaitMs ?? 30_000 } : {}) };
    if (w.respond === 'async' && 'function' in w.target) {
      // Accepted, not awaited: the invocation's outcome is in the function's logs (`GET …/logs`).
      void runTarget(this.o.platform, w.target, body, options).catch(() => {});
      return { status: 202, body: { accepted: true, function: w.target.function.name } };
    }
    const out = await runTarget(this.o.platform, w.target, body, options);
    if (out.kind === 'function') return { status: 200, body: out.output };
    const run = out.run;
    if (w.respond === 'sync' && run.status === 'completed') return { status: 200, body: run.output ?? null };
    if (w.respond === 'sync' && run.status === 'faulted') throw Object.assign(new Error(run.error?.detail ?? 'the run faulted'), { problem: run.error });
    return { status: 202, body: run as unknown as Json, location: `/api/v1/runs/${encodeURIComponent(run.id)}` };
  }

  /** Reloads the routing table from the store (after a change here, or one another node announced). */
  async reload(remote = false): Promise<void> {
    this.o.router.load(await this.o.subscriptions.listSubscriptions());
    if (!remote) this.o.onChanged?.();
  }
}
