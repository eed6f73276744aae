/**
 * The SecretUsageStore on the PostgresStore's pool (table `secret_usage`, migration 7), reached as
 * `PostgresStore.secretUsage`: it shares the store's group commit and closed state. `record` is one write
 * (one SAVEPOINT) for the whole batch; each entry is an `INSERT … ON CONFLICT DO UPDATE` that adds its
 * count, so two nodes adding reads of the same row at once both count (the second waits for the first's
 * row and updates what it committed).
 */
import type { SecretUsageRecord, SecretUsageStore } from '../../ports/index.js';
import { checkSecretKey } from '../secret-args.js';
import { byUsageOrder, checkUsages } from '../secret-usage-encoding.js';
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

const ADD = `INSERT INTO secret_usage AS u (namespace, name, version, kind, reader, first_at, last_at, count)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (namespace, name, version, kind, reader) DO UPDATE SET
    count = u.count + excluded.count, first_at = LEAST(u.first_at, excluded.first_at), last_at = GREATEST(u.last_at, excluded.last_at)`;

export class PostgresSecretUsageStore implements SecretUsageStore {
  private readonly reads: PgCatalogReads;

  constructor(access: PgWriteAccess) {
    this.reads = new PgCatalogReads(access);
  }

  record(entries: readonly SecretUsageRecord[]): Promise<void> {
    return this.reads.write(() => checkUsages(entries), async ({ client }, rows) => {
      for (const r of rows) await client.query(ADD, [r.namespace, r.name, r.version, r.kind, r.reader, r.firstAt, r.lastAt, r.count]);
    });
  }

  async list(namespace: string, name: string): Promise<SecretUsageRecord[]> {
    await this.reads.readable();
    const { rows } = await this.reads.query<SecretUsageRecord>(
      `SELECT namespace, name, version::float8 AS version, kind, reader, first_at AS "firstAt", last_at AS "lastAt", count::float8 AS count
       FROM secret_usage WHERE namespace = $1 AND name = $2`,
      [namespace, name],
    );
    // Ordered in JS (byUsageOrder), the same comparison every adapter uses; a secret has few readers.
    return rows.sort(byUsageOrder);
  }

  delete(namespace: string, name: string): Promise<number> {
    return this.reads.write(() => checkSecretKey(namespace, name), async ({ client }, k) => (await client.query('DELETE FROM secret_usage WHERE namespace = $1 AND name = $2', [k.namespace, k.name])).rowCount ?? 0);
  }
}
