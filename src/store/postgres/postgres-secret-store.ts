/**
 * The SecretStore on the PostgresStore's pool (tables `secrets` and `secret_versions`, migration 6),
 * reached as `PostgresStore.secrets`: it shares the store's group commit and closed state. A secret's
 * record is kept whole as JSON with its current version copied out; a version's fields are columns.
 *
 * What holds across nodes (each write runs in its batch's transaction, in its own SAVEPOINT):
 * - `putVersion` first claims the secret row with ONE conditional statement: for a new secret
 *   `INSERT … ON CONFLICT DO NOTHING`, for an existing one `UPDATE … WHERE current = <expectCurrent>`.
 *   Either waits for a concurrent writer of that row and then re-checks against its committed outcome, so
 *   of two writers that read the same version exactly one changes the row; the other gets no row back and
 *   is refused with WEFT_ERR_STORE_CONFLICT, having written nothing. The version is inserted after the
 *   claim, in the same transaction.
 * - `rewrap` is one `UPDATE … WHERE key_id = <fromKeyId>`: of two nodes rewrapping a version, one does.
 * Reads wait only for pending secret writes (catalog-reads.ts).
 */
import type { SecretRecord, SecretStore, SecretVersionRecord } from '../../ports/index.js';
import { checkLimit, checkRewrap, checkSecretKey, versionTaken } from '../secret-args.js';
import { decodeSecret, encodePut, encodeSecret, secretConflict, unknownSecret } from '../secret-encoding.js';
import { PgCatalogReads } from './catalog-reads.js';
import { uniqueViolation } from './driver-error.js';
import type { PgWriteAccess } from './postgres-function-store.js';

const VERSION_COLUMNS = `namespace, name, version::float8 AS version, sealed, wrapped_key AS "wrappedKey", key_id AS "keyId",
  created_at AS "createdAt", created_by AS "createdBy"`;

export class PostgresSecretStore implements SecretStore {
  private readonly reads: PgCatalogReads;

  constructor(access: PgWriteAccess) {
    this.reads = new PgCatalogReads(access);
  }

  putVersion(record: SecretRecord, version: SecretVersionRecord, expectCurrent: number): Promise<void> {
    return this.reads.write(() => encodePut(record, version, expectCurrent), async ({ client }, { record: r, version: v }) => {
      const claimed =
        expectCurrent === 0
          ? await client.query('INSERT INTO secrets (namespace, name, current, body) VALUES ($1, $2, $3, $4) ON CONFLICT (namespace, name) DO NOTHING', [r.namespace, r.name, r.current, r.body])
          : await client.query('UPDATE secrets SET current = $3, body = $4 WHERE namespace = $1 AND name = $2 AND current = $5', [r.namespace, r.name, r.current, r.body, expectCurrent]);
      if (claimed.rowCount !== 1) {
        const { rows } = await client.query<{ current: number }>('SELECT current::float8 AS current FROM secrets WHERE namespace = $1 AND name = $2', [r.namespace, r.name]);
        throw secretConflict(r.namespace, r.name, expectCurrent, rows[0]?.current ?? 0);
      }
      try {
        await client.query(
          `INSERT INTO secret_versions (namespace, name, version, sealed, wrapped_key, key_id, created_at, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [v.namespace, v.name, v.version, v.sealed, v.wrappedKey, v.keyId, v.createdAt, v.createdBy],
        );
      } catch (err) {
        if (uniqueViolation(err) === 'secret_versions_pkey') throw versionTaken(v);
        throw err;
      }
    });
  }

  putRecord(record: SecretRecord): Promise<void> {
    return this.reads.write(() => encodeSecret(record), async ({ client }, r) => {
      const updated = await client.query('UPDATE secrets SET body = $4 WHERE namespace = $1 AND name = $2 AND current = $3', [r.namespace, r.name, r.current, r.body]);
      if (updated.rowCount) return;
      const { rows } = await client.query<{ current: number }>('SELECT current FROM secrets WHERE namespace = $1 AND name = $2', [r.namespace, r.name]);
      throw rows[0] === undefined ? unknownSecret(r.namespace, r.name) : secretConflict(r.namespace, r.name, r.current, Number(rows[0].current));
    });
  }

  async get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    await this.reads.readable();
    const { rows } = await this.reads.query<{ body: string }>('SELECT body FROM secrets WHERE namespace = $1 AND name = $2', [namespace, name]);
    return rows[0] && decodeSecret(rows[0].body);
  }

  async list(namespace?: string): Promise<SecretRecord[]> {
    await this.reads.readable();
    const { rows } =
      namespace === undefined
        ? await this.reads.query<{ body: string }>('SELECT body FROM secrets ORDER BY namespace, name', [])
        : await this.reads.query<{ body: string }>('SELECT body FROM secrets WHERE namespace = $1 ORDER BY name', [namespace]);
    return rows.map((r) => decodeSecret(r.body));
  }

  async getVersion(namespace: string, name: string, version: number): Promise<SecretVersionRecord | undefined> {
    await this.reads.readable();
    const { rows } = await this.reads.query<SecretVersionRecord>(`SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE namespace = $1 AND name = $2 AND version = $3`, [namespace, name, version]);
    return rows[0];
  }

  async versions(namespace: string, name: string): Promise<SecretVersionRecord[]> {
    await this.reads.readable();
    return (await this.reads.query<SecretVersionRecord>(`SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE namespace = $1 AND name = $2 ORDER BY version DESC`, [namespace, name])).rows;
  }

  delete(namespace: string, name: string): Promise<boolean> {
    // The versions go with it (ON DELETE CASCADE, in this statement).
    return this.reads.write(
      () => checkSecretKey(namespace, name),
      async ({ client }, k) => ((await client.query('DELETE FROM secrets WHERE namespace = $1 AND name = $2', [k.namespace, k.name])).rowCount ?? 0) > 0,
    );
  }

  async wrappedByOther(keyId: string, limit: number): Promise<SecretVersionRecord[]> {
    const n = checkLimit(limit);
    await this.reads.readable();
    // Two ranges of secret_versions_by_key rather than `<>`, which no index serves (as in SQLite).
    return (
      await this.reads.query<SecretVersionRecord>(
        `SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE key_id < $1
         UNION ALL SELECT ${VERSION_COLUMNS} FROM secret_versions WHERE key_id > $1 LIMIT $2`,
        [keyId, n],
      )
    ).rows;
  }

  rewrap(namespace: string, name: string, version: number, fromKeyId: string, wrappedKey: string, keyId: string): Promise<boolean> {
    return this.reads.write(
      () => checkRewrap(namespace, name, version, fromKeyId, wrappedKey, keyId),
      async ({ client }, w) =>
        (
          (
            await client.query('UPDATE secret_versions SET wrapped_key = $5, key_id = $6 WHERE namespace = $1 AND name = $2 AND version = $3 AND key_id = $4', [
              w.namespace,
              w.name,
              w.version,
              w.fromKeyId,
              w.wrappedKey,
              w.keyId,
            ])
          ).rowCount ?? 0
        ) > 0,
    );
  }

  async keyIds(): Promise<string[]> {
    await this.reads.readable();
    return (await this.reads.query<{ key_id: string }>('SELECT DISTINCT key_id FROM secret_versions ORDER BY key_id', [])).rows.map((r) => r.key_id);
  }
}
