/**
 * Test helpers: each store a test opens gets its own schema `weft_test_<random>`, dropped after the file's
 * tests, so concurrent runs never see each other. PostgreSQL being unreachable FAILS the tests (no skip):
 * the URL defaults to the local test server and can be changed with WEFT_TEST_POSTGRES_URL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';

export const TEST_URL = process.env.WEFT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export class TestSchemas {
  private readonly schemas: string[] = [];

  /** A fresh schema name, remembered for `dropAll`. */
  fresh(): string {
    const schema = `weft_test_${randomBytes(6).toString('hex')}`;
    this.schemas.push(schema);
    return schema;
  }

  open(options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    return PostgresStore.open(TEST_URL, { poolSize: 4, ...options, schema: options.schema ?? this.fresh() });
  }

  async dropAll(): Promise<void> {
    const client = new pg.Client({ connectionString: TEST_URL });
    await client.connect();
    try {
      for (const schema of this.schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  }
}
