/**
 * The KeyStore on the SqliteStore's own connection (table `api_keys`, migration 4), reached as
 * `SqliteStore.keys`: it shares the store's group commit and closed state. The record is kept whole as
 * JSON; created_at, expires_at and revoked_at are copied out for ordering and counting.
 */
import type Database from 'better-sqlite3';
import type { ApiKeyRecord, KeyStore } from '../../ports/index.js';
import { checkTime } from '../encoding.js';
import { decodeKey, encodeKey } from '../key-encoding.js';
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

function prepareStatements(db: Database.Database) {
  return {
    upsert: db.prepare(`INSERT INTO api_keys (id, created_at, expires_at, revoked_at, body)
      VALUES (@id, @createdAt, @expiresAt, @revokedAt, @body)
      ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
        revoked_at = excluded.revoked_at, body = excluded.body`),
    get: db.prepare('SELECT body FROM api_keys WHERE id = ?').pluck(),
    list: db.prepare('SELECT body FROM api_keys ORDER BY created_at, id').pluck(),
    // Same rule as isActive() in key-encoding.ts: a key expiring exactly at `now` has expired.
    countActive: db.prepare('SELECT count(*) FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)').pluck(),
  };
}

export class SqliteKeyStore implements KeyStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly catalog: CatalogReads;

  constructor(
    db: Database.Database,
    private readonly access: SqliteWriteAccess,
  ) {
    this.stmt = prepareStatements(db);
    this.catalog = new CatalogReads(access);
  }

  put(k: ApiKeyRecord): Promise<void> {
    return this.catalog.write(() => encodeKey(k), (row) => {
      this.stmt.upsert.run(row);
    });
  }

  /** On every authenticated request: waits for pending key writes only (catalog-reads.ts). */
  async get(id: string): Promise<ApiKeyRecord | undefined> {
    await this.catalog.readable();
    const body = this.stmt.get.get(id) as string | undefined;
    return body === undefined ? undefined : decodeKey(body);
  }

  async list(): Promise<ApiKeyRecord[]> {
    await this.access.readable();
    return (this.stmt.list.all() as string[]).map(decodeKey);
  }

  async countActive(now: number): Promise<number> {
    checkTime(now, 'now');
    await this.access.readable();
    return this.stmt.countActive.get(now) as number;
  }
}
