/**
 * The event catalog (EventTypeStore, SubscriptionStore, WebhookStore) on the SqliteStore's own connection (tables `event_types`, `subscriptions`, `webhooks`,
 * migration 5), reached as `SqliteStore.eventTypes`, `.subscriptions` and `.webhooks`: it shares the store's group commit and closed state.
 * Reads wait only for pending catalog writes (catalog-reads.ts): a type's schema is looked up on every
 * ingested event and a webhook on every hook request.
 */
import type Database from 'better-sqlite3';
import type { EventTypeStore, Subscription, SubscriptionStore, Webhook, WebhookStore } from '../../ports/index.js';
import type { Json } from '../../shared/index.js';
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
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

function prepareStatements(db: Database.Database) {
  return {
    upsertType: db.prepare(`INSERT INTO event_types (type, schema, updated_at) VALUES (@type, @schema, @updatedAt)
      ON CONFLICT (type) DO UPDATE SET schema = excluded.schema, updated_at = excluded.updated_at`),
    getType: db.prepare('SELECT type, schema, updated_at AS updatedAt FROM event_types WHERE type = ?'),
    listTypes: db.prepare('SELECT type, schema, updated_at AS updatedAt FROM event_types ORDER BY type'),
    deleteType: db.prepare('DELETE FROM event_types WHERE type = ?'),
    upsertSubscription: db.prepare(`INSERT INTO subscriptions (name, body) VALUES (@key, @body)
      ON CONFLICT (name) DO UPDATE SET body = excluded.body`),
    getSubscription: db.prepare('SELECT body FROM subscriptions WHERE name = ?').pluck(),
    listSubscriptions: db.prepare('SELECT body FROM subscriptions ORDER BY name').pluck(),
    deleteSubscription: db.prepare('DELETE FROM subscriptions WHERE name = ?'),
    upsertWebhook: db.prepare(`INSERT INTO webhooks (path, body) VALUES (@key, @body)
      ON CONFLICT (path) DO UPDATE SET body = excluded.body`),
    getWebhook: db.prepare('SELECT body FROM webhooks WHERE path = ?').pluck(),
    listWebhooks: db.prepare('SELECT body FROM webhooks ORDER BY path').pluck(),
    deleteWebhook: db.prepare('DELETE FROM webhooks WHERE path = ?'),
  };
}

export class SqliteEventCatalog implements EventTypeStore, SubscriptionStore, WebhookStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly reads: CatalogReads;

  constructor(db: Database.Database, access: SqliteWriteAccess) {
    this.stmt = prepareStatements(db);
    this.reads = new CatalogReads(access);
  }

  putType(type: string, schema: Json, at: number): Promise<void> {
    return this.reads.write(() => encodeType(type, schema, at), (row) => {
      this.stmt.upsertType.run(row);
    });
  }

  async getType(type: string): Promise<EventType | undefined> {
    await this.reads.readable();
    const row = this.stmt.getType.get(type) as EncodedType | undefined;
    return row && decodeType(row);
  }

  async listTypes(): Promise<EventType[]> {
    await this.reads.readable();
    return (this.stmt.listTypes.all() as EncodedType[]).map(decodeType);
  }

  deleteType(type: string): Promise<boolean> {
    return this.delete(this.stmt.deleteType, type, 'event type');
  }

  putSubscription(s: Subscription): Promise<void> {
    return this.reads.write(() => encodeSubscription(s), (row) => {
      this.stmt.upsertSubscription.run(row);
    });
  }

  async getSubscription(name: string): Promise<Subscription | undefined> {
    await this.reads.readable();
    const body = this.stmt.getSubscription.get(name) as string | undefined;
    return body === undefined ? undefined : decodeSubscription(body);
  }

  async listSubscriptions(): Promise<Subscription[]> {
    await this.reads.readable();
    return (this.stmt.listSubscriptions.all() as string[]).map(decodeSubscription);
  }

  deleteSubscription(name: string): Promise<boolean> {
    return this.delete(this.stmt.deleteSubscription, name, 'subscription name');
  }

  putWebhook(w: Webhook): Promise<void> {
    return this.reads.write(() => encodeWebhook(w), (row) => {
      this.stmt.upsertWebhook.run(row);
    });
  }

  async getWebhook(path: string): Promise<Webhook | undefined> {
    await this.reads.readable();
    const body = this.stmt.getWebhook.get(path) as string | undefined;
    return body === undefined ? undefined : decodeWebhook(body);
  }

  async listWebhooks(): Promise<Webhook[]> {
    await this.reads.readable();
    return (this.stmt.listWebhooks.all() as string[]).map(decodeWebhook);
  }

  deleteWebhook(path: string): Promise<boolean> {
    return this.delete(this.stmt.deleteWebhook, path, 'webhook path');
  }

  /** Deletes by key inside a write; true when a row was there. */
  private delete(stmt: Database.Statement, key: string, what: string): Promise<boolean> {
    return this.reads.write(() => checkKey(key, what), (k) => stmt.run(k).changes > 0);
  }
}
