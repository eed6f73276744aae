/**
 * The SecretUsageStore on the SqliteStore's own connection (table `secret_usage`, migration 8), reached as
 * `SqliteStore.secretUsage`: it shares the store's group commit and closed state. `record` is one write
 * (one SAVEPOINT) for the whole batch, each entry an upsert that adds its count to the row.
 */
import type Database from 'better-sqlite3';
import type { SecretUsageRecord, SecretUsageStore } from '../../ports/index.js';
import { checkSecretKey } from '../secret-args.js';
import { byUsageOrder, checkUsages } from '../secret-usage-encoding.js';
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

function prepareStatements(db: Database.Database) {
  return {
    add: db.prepare(`INSERT INTO secret_usage (namespace, name, version, kind, reader, first_at, last_at, count)
      VALUES (@namespace, @name, @version, @kind, @reader, @firstAt, @lastAt, @count)
      ON CONFLICT (namespace, name, version, kind, reader) DO UPDATE SET
        count = count + excluded.count, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`),
    list: db.prepare(`SELECT namespace, name, version, kind, reader, first_at AS firstAt, last_at AS lastAt, count
      FROM secret_usage WHERE namespace = ? AND name = ?`),
    delete: db.prepare('DELETE FROM secret_usage WHERE namespace = ? AND name = ?'),
  };
}

export class SqliteSecretUsageStore implements SecretUsageStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly reads: CatalogReads;

  constructor(db: Database.Database, access: SqliteWriteAccess) {
    this.stmt = prepareStatements(db);
    this.reads = new CatalogReads(access);
  }

  record(entries: readonly SecretUsageRecord[]): Promise<void> {
    return this.reads.write(() => checkUsages(entries), (rows) => {
      for (const r of rows) this.stmt.add.run(r);
    });
  }

  async list(namespace: string, name: string): Promise<SecretUsageRecord[]> {
    await this.reads.readable();
    // Ordered in JS (byUsageOrder), the same comparison every adapter uses; a secret has few readers.
    return (this.stmt.list.all(namespace, name) as SecretUsageRecord[]).sort(byUsageOrder);
  }

  delete(namespace: string, name: string): Promise<number> {
    return this.reads.write(() => checkSecretKey(namespace, name), (k) => this.stmt.delete.run(k.namespace, k.name).changes);
  }
}
