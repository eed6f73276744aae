/**
 * The SecretStore on the SqliteStore's own connection (tables `secrets` and `secret_versions`, migration 7),
 * reached as `SqliteStore.secrets`: it shares the store's group commit and closed state. A secret's record
 * is kept whole as JSON with its current version copied out; a version's fields are columns.
 *
 * Every write runs inside a group-commit batch, i.e. under `BEGIN IMMEDIATE` (the write lock), in its own
 * SAVEPOINT: `putVersion`'s compare-and-set (a conditional insert or update of the secret row, then the
 * version insert) is atomic, even against another process writing the same file, and a refused call
 * writes nothing. Reads wait only for pending secret writes (catalog-reads.ts).
 */
import type Database from 'better-sqlite3';
import type { SecretRecord, SecretStore, SecretVersionRecord } from '../../ports/index.js';
import { checkLimit, checkRewrap, checkSecretKey, versionTaken } from '../secret-args.js';
import { decodeSecret, encodePut, encodeSecret, secretConflict, unknownSecret } from '../secret-encoding.js';
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

const VERSION_COLUMNS = 'namespace, name, version, sealed, wrapped_key AS wrappedKey, key_id AS keyId, created_at AS createdAt, created_by AS createdBy';

function prepareStatements(db: Database.Database) {
  return {
    // putVersion: a new secret (expectCurrent 0) must not exist; an existing one must still be at expectCurrent.
    insertSecret: db.prepare(`INSERT INTO secrets (namespace, name, current, body) VALUES (@namespace, @name, @current, @body)
      ON CONFLICT (namespace, name) DO NOTHING`),
    advanceSecret: db.prepare('UPDATE secrets SET current = @current, body = @body WHERE namespace = @namespace AND name = @name AND current = @expect'),
    current: db.prepare('SELECT current FROM secrets WHERE namespace = ? AND name = ?').pluck(),
    insertVersion: db.prepare(`INSERT INTO secret_versions (namespace, name, version, sealed, wrapped_key, key_id, created_at, created_by)
      VALUES (@namespace, @name, @version, @sealed, @wrappedKey, @keyId, @createdAt, @createdBy)`),
    putRecord: db.prepare('UPDATE secrets SET body = @body WHERE namespace = @namespace AND name = @name AND current = @current'),
    get: db.prepare('SELECT body FROM secrets WHERE namespace = ? AND name = ?').pluck(),
    listAll: db.prepare('SELECT body FROM secrets ORDER BY namespace, name').pluck(),
    listNamespace: db.prepare('SELECT body FROM secrets WHERE namespace = ? ORDER BY name').pluck(),
    getVersion: db.prepare(`SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE namespace = ? AND name = ? AND version = ?`),
    versions: db.prepare(`SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE namespace = ? AND name = ? ORDER BY version DESC`),
    // The versions go with it (ON DELETE CASCADE, foreign_keys is on).
    delete: db.prepare('DELETE FROM secrets WHERE namespace = ? AND name = ?'),
    // Two ranges of secret_versions_by_key rather than `<>`, which no index serves: when rekey is done, finding
    // nothing left is two empty index probes, not a scan of every version.
    wrappedByOther: db.prepare(`SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE key_id < @keyId
      UNION ALL SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE key_id > @keyId LIMIT @limit`),
    rewrap: db.prepare(`UPDATE secret_versions SET wrapped_key = @wrappedKey, key_id = @keyId
      WHERE namespace = @namespace AND name = @name AND version = @version AND key_id = @fromKeyId`),
    keyIds: db.prepare('SELECT DISTINCT key_id FROM secret_versions ORDER BY key_id').pluck(),
  };
}

export class SqliteSecretStore implements SecretStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly reads: CatalogReads;

  constructor(db: Database.Database, access: SqliteWriteAccess) {
    this.stmt = prepareStatements(db);
    this.reads = new CatalogReads(access);
  }

  putVersion(record: SecretRecord, version: SecretVersionRecord, expectCurrent: number): Promise<void> {
    return this.reads.write(() => encodePut(record, version, expectCurrent), ({ record: r, version: v }) => {
      const changed = expectCurrent === 0 ? this.stmt.insertSecret.run(r).changes : this.stmt.advanceSecret.run({ ...r, expect: expectCurrent }).changes;
      if (changed !== 1) throw secretConflict(r.namespace, r.name, expectCurrent, (this.stmt.current.get(r.namespace, r.name) as number | undefined) ?? 0);
      try {
        this.stmt.insertVersion.run(v);
      } catch (err) {
        if ((err as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw versionTaken(v);
        throw err;
      }
    });
  }

  putRecord(record: SecretRecord): Promise<void> {
    return this.reads.write(() => encodeSecret(record), (r) => {
      if (this.stmt.putRecord.run(r).changes > 0) return;
      const actual = this.stmt.current.get(r.namespace, r.name) as number | undefined;
      throw actual === undefined ? unknownSecret(r.namespace, r.name) : secretConflict(r.namespace, r.name, r.current, actual);
    });
  }

  async get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    await this.reads.readable();
    const body = this.stmt.get.get(namespace, name) as string | undefined;
    return body === undefined ? undefined : decodeSecret(body);
  }

  async list(namespace?: string): Promise<SecretRecord[]> {
    await this.reads.readable();
    const bodies = (namespace === undefined ? this.stmt.listAll.all() : this.stmt.listNamespace.all(namespace)) as string[];
    return bodies.map(decodeSecret);
  }

  async getVersion(namespace: string, name: string, version: number): Promise<SecretVersionRecord | undefined> {
    await this.reads.readable();
    return this.stmt.getVersion.get(namespace, name, version) as SecretVersionRecord | undefined;
  }

  async versions(namespace: string, name: string): Promise<SecretVersionRecord[]> {
    await this.reads.readable();
    return this.stmt.versions.all(namespace, name) as SecretVersionRecord[];
  }

  delete(namespace: string, name: string): Promise<boolean> {
    return this.reads.write(() => checkSecretKey(namespace, name), (k) => this.stmt.delete.run(k.namespace, k.name).changes > 0);
  }

  async wrappedByOther(keyId: string, limit: number): Promise<SecretVersionRecord[]> {
    const n = checkLimit(limit);
    await this.reads.readable();
    return this.stmt.wrappedByOther.all({ keyId, limit: n }) as SecretVersionRecord[];
  }

  rewrap(namespace: string, name: string, version: number, fromKeyId: string, wrappedKey: string, keyId: string): Promise<boolean> {
    return this.reads.write(
      () => checkRewrap(namespace, name, version, fromKeyId, wrappedKey, keyId),
      (w) => this.stmt.rewrap.run(w).changes > 0,
    );
  }

  async keyIds(): Promise<string[]> {
    await this.reads.readable();
    return this.stmt.keyIds.all() as string[];
  }
}
