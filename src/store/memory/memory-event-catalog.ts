/**
 * The event catalog (EventTypeStore, SubscriptionStore, WebhookStore) in memory. It keeps the encoded (JSON text) form, so records read back exactly as from
 * SQLite and callers never reach stored objects. Lists are ordered by key in code point order, SQLite's
 * BINARY collation (compareText).
 */
import type { EventTypeStore, Subscription, SubscriptionStore, Webhook, WebhookStore } from '../../ports/index.js';
import type { Json } from '../../shared/index.js';
import { compareText } from '../encoding.js';
import {
  type EncodedType,
  type EventType,
  checkKey,
  decodeSubscription,
  decodeType,
  decodeWebhook,
  encodeSubscription,
  encodeType,
  encodeWebhook,
} from '../event-catalog-encoding.js';

/** Values of `map` ordered by key. */
function byKey<T>(map: Map<string, T>): T[] {
  return [...map.keys()].sort(compareText).map((k) => map.get(k)!);
}

export class MemoryEventCatalog implements EventTypeStore, SubscriptionStore, WebhookStore {
  private readonly types = new Map<string, EncodedType>();
  /** name → subscription as JSON text */
  private readonly subscriptions = new Map<string, string>();
  /** path → webhook as JSON text */
  private readonly webhooks = new Map<string, string>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async putType(type: string, schema: Json, at: number): Promise<void> {
    this.guard();
    const row = encodeType(type, schema, at);
    this.types.set(row.type, row);
  }

  async getType(type: string): Promise<EventType | undefined> {
    this.guard();
    const row = this.types.get(type);
    return row && decodeType(row);
  }

  async listTypes(): Promise<EventType[]> {
    this.guard();
    return byKey(this.types).map(decodeType);
  }

  async deleteType(type: string): Promise<boolean> {
    this.guard();
    return this.types.delete(checkKey(type, 'event type'));
  }

  async putSubscription(s: Subscription): Promise<void> {
    this.guard();
    const row = encodeSubscription(s);
    this.subscriptions.set(row.key, row.body);
  }

  async getSubscription(name: string): Promise<Subscription | undefined> {
    this.guard();
    const body = this.subscriptions.get(name);
    return body === undefined ? undefined : decodeSubscription(body);
  }

  async listSubscriptions(): Promise<Subscription[]> {
    this.guard();
    return byKey(this.subscriptions).map(decodeSubscription);
  }

  async deleteSubscription(name: string): Promise<boolean> {
    this.guard();
    return this.subscriptions.delete(checkKey(name, 'subscription name'));
  }

  async putWebhook(w: Webhook): Promise<void> {
    this.guard();
    const row = encodeWebhook(w);
    this.webhooks.set(row.key, row.body);
  }

  async getWebhook(path: string): Promise<Webhook | undefined> {
    this.guard();
    const body = this.webhooks.get(path);
    return body === undefined ? undefined : decodeWebhook(body);
  }

  async listWebhooks(): Promise<Webhook[]> {
    this.guard();
    return byKey(this.webhooks).map(decodeWebhook);
  }

  async deleteWebhook(path: string): Promise<boolean> {
    this.guard();
    return this.webhooks.delete(checkKey(path, 'webhook path'));
  }
}
