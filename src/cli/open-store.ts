/** Opening the platform's database: SQLite (a file or ':memory:') or PostgreSQL. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditStore, DeliveryQueue, EventLog, EventTypeStore, FunctionStore, InvocationStore, KeyStore, ScheduleStore, Store, SubscriptionStore, WebhookStore, WorkflowStore } from '../ports/index.js';
import { PostgresStore, SqliteStore } from '../store/index.js';

/** Every port the platform keeps durable, on one database (SQLite or PostgreSQL). */
export type PlatformStore = Store & {
  functions: FunctionStore;
  invocations: InvocationStore;
  workflows: WorkflowStore;
  keys: KeyStore;
  audit: AuditStore;
  events: EventLog;
  deliveries: DeliveryQueue;
  eventTypes: EventTypeStore;
  subscriptions: SubscriptionStore;
  webhooks: WebhookStore;
  schedules: ScheduleStore;
};

/**
 * `postgres://…` (or `postgresql://…`) opens PostgreSQL — `?schema=<name>` picks the schema (default
 * `weft`), `?pool=<n>` the connection pool's size (default 10); anything else is a SQLite file (or ':memory:').
 */
export async function openStore(db: string): Promise<PlatformStore> {
  if (/^postgres(ql)?:\/\//i.test(db)) {
    const url = new URL(db);
    const schema = url.searchParams.get('schema');
    const pool = Number(url.searchParams.get('pool') ?? NaN);
    url.searchParams.delete('schema');
    url.searchParams.delete('pool');
    return PostgresStore.open(url.toString(), { ...(schema ? { schema } : {}), ...(Number.isInteger(pool) && pool > 0 ? { poolSize: pool } : {}) });
  }
  return openSqlite(db);
}

/** A SQLite file (its folder created) or ':memory:'. */
export function openSqlite(db: string): PlatformStore {
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  return SqliteStore.open(db);
}
