/**
 * The WorkflowStore on the PostgresStore's pool (table `workflows`, migration 3), reached as
 * `PostgresStore.workflows`: it shares the store's group commit and closed state. Versions are ordered by
 * semver in JS (../workflow-encoding.ts), because SQL cannot order `1.10.0` after `1.9.0`.
 */
import type { WorkflowRecord, WorkflowStore } from '../../ports/index.js';
import { workflowVersionExists } from '../errors.js';
import { type EncodedWorkflow, byVersionDesc, decodeWorkflow, encodeWorkflow, highest, highestPerWorkflow } from '../workflow-encoding.js';
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

const COLUMNS = 'namespace, name, version, definition, source, hash, created_at AS "createdAt"';
const GET = `SELECT ${COLUMNS} FROM workflows WHERE namespace = $1 AND name = $2 AND version = $3`;

export class PostgresWorkflowStore implements WorkflowStore {
  private readonly catalog: PgCatalogReads;

  constructor(access: PgWriteAccess) {
    this.catalog = new PgCatalogReads(access);
  }

  put(w: WorkflowRecord): Promise<{ record: WorkflowRecord; created: boolean }> {
    return this.catalog.write(() => encodeWorkflow(w), async ({ client }, row) => {
      // ON CONFLICT keeps the check atomic even against another node; the stored row decides.
      const inserted = await client.query(
        `INSERT INTO workflows (namespace, name, version, definition, source, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (namespace, name, version) DO NOTHING`,
        [row.namespace, row.name, row.version, row.definition, row.source, row.hash, row.createdAt],
      );
      if (inserted.rowCount === 1) return { record: decodeWorkflow(row), created: true };
      const { rows } = await client.query<EncodedWorkflow>(GET, [row.namespace, row.name, row.version]);
      if (rows[0].hash !== row.hash) throw workflowVersionExists(row.namespace, row.name, row.version);
      return { record: decodeWorkflow(rows[0]), created: false };
    });
  }

  /** On the run-start path: waits for pending workflow writes only (catalog-reads.ts). */
  async get(namespace: string, name: string, version?: string): Promise<WorkflowRecord | undefined> {
    await this.catalog.readable();
    if (version === undefined) {
      const { rows } = await this.catalog.query<{ version: string }>('SELECT version FROM workflows WHERE namespace = $1 AND name = $2', [namespace, name]);
      version = highest(rows)?.version;
      if (version === undefined) return undefined;
    }
    const { rows } = await this.catalog.query<EncodedWorkflow>(GET, [namespace, name, version]);
    return rows[0] && decodeWorkflow(rows[0]);
  }

  async versions(namespace: string, name: string): Promise<WorkflowRecord[]> {
    await this.catalog.all();
    const { rows } = await this.catalog.query<EncodedWorkflow>(`SELECT ${COLUMNS} FROM workflows WHERE namespace = $1 AND name = $2`, [namespace, name]);
    return rows.sort(byVersionDesc).map(decodeWorkflow);
  }

  async list(): Promise<WorkflowRecord[]> {
    await this.catalog.all();
    // Keys first (no definitions), then the definitions of the winning versions in one query.
    const keys = highestPerWorkflow((await this.catalog.query<{ namespace: string; name: string; version: string }>('SELECT namespace, name, version FROM workflows', [])).rows);
    if (keys.length === 0) return [];
    const { rows } = await this.catalog.query<EncodedWorkflow>(
      `SELECT ${COLUMNS} FROM workflows WHERE (namespace, name, version) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
      [keys.map((k) => k.namespace), keys.map((k) => k.name), keys.map((k) => k.version)],
    );
    const byKey = new Map(rows.map((r) => [JSON.stringify([r.namespace, r.name]), r]));
    return keys.map((k) => decodeWorkflow(byKey.get(JSON.stringify([k.namespace, k.name]))!));
  }
}
