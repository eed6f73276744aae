/**
 * The event catalog (EventTypeStore, SubscriptionStore, WebhookStore) on the PostgresStore's pool (tables `event_types`, `subscriptions`, `webhooks`,
 * migration 3), reached as `PostgresStore.eventTypes`, `.subscriptions` and `.webhooks`: it shares the store's group commit and closed
 * state. Reads wait only for pending catalog writes (catalog-reads.ts): a type's schema is looked up on
 * every ingested event and a webhook on every hook request.
 */
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
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

const TYPE_COLUMNS = 'type, schema, updated_at AS "updatedAt"';

/** The two keyed-JSON tables: table name and key column (constants of this file, never input). */
const NAMED = { subscriptions: 'name', webhooks: 'path' } as const;
type Named = keyof typeof NAMED;

export class PostgresEventCatalog implements EventTypeStore, SubscriptionStore, WebhookStore {
  private readonly reads: PgCatalogReads;

  constructor(access: PgWriteAccess) {
    this.reads = new PgCatalogReads(access);
  }

  putType(type: string, schema: Json, at: number): Promise<void> {
    return this.reads.write(() => encodeType(type, schema, at), async ({ client }, row) => {
      await client.query(
        `INSERT INTO event_types (type, schema, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (type) DO UPDATE SET schema = excluded.schema, updated_at = excluded.updated_at`,
        [row.type, row.schema, row.updatedAt],
      );
    });
  }

  async getType(type: string): Promise<EventType | undefined> {
    await this.reads.readable();
    const { rows } = await this.reads.query<EncodedType>(`SELECT ${TYPE_COLUMNS} FROM event_types WHERE type = $1`, [type]);
    return rows[0] && decodeType(rows[0]);
  }

  async listTypes(): Promise<EventType[]> {
    await this.reads.readable();
    return (await this.reads.query<EncodedType>(`SELECT ${TYPE_COLUMNS} FROM event_types ORDER BY type`, [])).rows.map(decodeType);
  }

  deleteType(type: string): Promise<boolean> {
    return this.reads.write(() => checkKey(type, 'event type'), async ({ client }, k) => ((await client.query('DELETE FROM event_types WHERE type = $1', [k])).rowCount ?? 0) > 0);
  }

  putSubscription(s: Subscription): Promise<void> {
    return this.reads.write(() => encodeSubscription(s), ({ client }, row) => this.upsert(client, 'subscriptions', row.key, row.body));
  }

  async getSubscription(name: string): Promise<Subscription | undefined> {
    const body = await this.getBody('subscriptions', name);
    return body === undefined ? undefined : decodeSubscription(body);
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (await this.listBodies('subscriptions')).map(decodeSubscription);
  }

  deleteSubscription(name: string): Promise<boolean> {
    return this.deleteNamed('subscriptions', name, 'subscription name');
  }

  putWebhook(w: Webhook): Promise<void> {
    return this.reads.write(() => encodeWebhook(w), ({ client }, row) => this.upsert(client, 'webhooks', row.key, row.body));
  }

  async getWebhook(path: string): Promise<Webhook | undefined> {
    const body = await this.getBody('webhooks', path);
    return body === undefined ? undefined : decodeWebhook(body);
  }

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.listBodies('webhooks')).map(decodeWebhook);
  }

  deleteWebhook(path: string): Promise<boolean> {
    return this.deleteNamed('webhooks', path, 'webhook path');
  }

  private async upsert(client: { query: (sql: string, params: unknown[]) => Promise<unknown> }, table: Named, key: string, body: string): Promise<void> {
    const column = NAMED[table];
    await client.query(`INSERT INTO ${table} (${column}, body) VALUES ($1, $2) ON CONFLICT (${column}) DO UPDATE SET body = excluded.body`, [key, body]);
  }

  private async getBody(table: Named, key: string): Promise<string | undefined> {
    await this.reads.readable();
    const { rows } = await this.reads.query<{ body: string }>(`SELECT body FROM ${table} WHERE ${NAMED[table]} = $1`, [key]);
    return rows[0]?.body;
  }

  private async listBodies(table: Named): Promise<string[]> {
    await this.reads.readable();
    return (await this.reads.query<{ body: string }>(`SELECT body FROM ${table} ORDER BY ${NAMED[table]}`, [])).rows.map((r) => r.body);
  }

  /** Deletes by key inside a write; true when a row was there. */
  private deleteNamed(table: Named, key: string, what: string): Promise<boolean> {
    return this.reads.write(
      () => checkKey(key, what),
      async ({ client }, k) => ((await client.query(`DELETE FROM ${table} WHERE ${NAMED[table]} = $1`, [k])).rowCount ?? 0) > 0,
    );
  }
}
