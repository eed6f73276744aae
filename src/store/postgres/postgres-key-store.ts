/**
 * The KeyStore on the PostgresStore's pool (table `api_keys`, migration 3), reached as
 * `PostgresStore.keys`: it shares the store's group commit and closed state. The record is kept whole as
 * JSON; created_at, expires_at and revoked_at are copied out for ordering and counting.
 */
import type { ApiKeyRecord, KeyStore } from '../../ports/index.js';
import { checkTime } from '../encoding.js';
import { decodeKey, encodeKey } from '../key-encoding.js';
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

export class PostgresKeyStore implements KeyStore {
  private readonly catalog: PgCatalogReads;

  constructor(access: PgWriteAccess) {
    this.catalog = new PgCatalogReads(access);
  }

  put(k: ApiKeyRecord): Promise<void> {
    return this.catalog.write(() => encodeKey(k), async ({ client }, row) => {
      await client.query(
        `INSERT INTO api_keys (id, created_at, expires_at, revoked_at, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
           revoked_at = excluded.revoked_at, body = excluded.body`,
        [row.id, row.createdAt, row.expiresAt, row.revokedAt, row.body],
      );
    });
  }

  /** On every authenticated request: waits for pending key writes only (catalog-reads.ts). */
  async get(id: string): Promise<ApiKeyRecord | undefined> {
    await this.catalog.readable();
    const { rows } = await this.catalog.query<{ body: string }>('SELECT body FROM api_keys WHERE id = $1', [id]);
    return rows[0] && decodeKey(rows[0].body);
  }

  async list(): Promise<ApiKeyRecord[]> {
    await this.catalog.all();
    return (await this.catalog.query<{ body: string }>('SELECT body FROM api_keys ORDER BY created_at, id', [])).rows.map((r) => decodeKey(r.body));
  }

  async countActive(now: number): Promise<number> {
    checkTime(now, 'now');
    await this.catalog.all();
    // Same rule as isActive() in key-encoding.ts: a key expiring exactly at `now` has expired.
    const { rows } = await this.catalog.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)',
      [now],
    );
    return rows[0].n;
  }
}
