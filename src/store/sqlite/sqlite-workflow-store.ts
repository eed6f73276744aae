/**
 * The WorkflowStore on the SqliteStore's own connection (table `workflows`, migration 4), reached as
 * `SqliteStore.workflows`: it shares the store's group commit and closed state. Versions are ordered by
 * semver in JS (workflow-encoding.ts), because SQL cannot order `1.10.0` after `1.9.0`.
 */
import type Database from 'better-sqlite3';
import type { WorkflowRecord, WorkflowStore } from '../../ports/index.js';
import { workflowVersionExists } from '../errors.js';
import { type EncodedWorkflow, byVersionDesc, decodeWorkflow, encodeWorkflow, highest, highestPerWorkflow } from '../workflow-encoding.js';
import { CatalogReads } from './catalog-reads.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

const COLUMNS = 'namespace, name, version, definition, source, hash, created_at AS createdAt';

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(`INSERT INTO workflows (namespace, name, version, definition, source, hash, created_at)
      VALUES (@namespace, @name, @version, @definition, @source, @hash, @createdAt)`),
    get: db.prepare(`SELECT ${COLUMNS} FROM workflows WHERE namespace = ? AND name = ? AND version = ?`),
    versionsOf: db.prepare(`SELECT ${COLUMNS} FROM workflows WHERE namespace = ? AND name = ?`),
    // Keys only: the definitions of the versions that win are read afterwards, one by one.
    versionKeysOf: db.prepare('SELECT version FROM workflows WHERE namespace = ? AND name = ?'),
    allKeys: db.prepare('SELECT namespace, name, version FROM workflows'),
  };
}

export class SqliteWorkflowStore implements WorkflowStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly catalog: CatalogReads;

  constructor(
    db: Database.Database,
    private readonly access: SqliteWriteAccess,
  ) {
    this.stmt = prepareStatements(db);
    this.catalog = new CatalogReads(access);
  }

  put(w: WorkflowRecord): Promise<{ record: WorkflowRecord; created: boolean }> {
    return this.catalog.write(() => encodeWorkflow(w), (row) => {
      // Checked inside the write's transaction, so of two puts of one version in a turn only one can win.
      const existing = this.stmt.get.get(row.namespace, row.name, row.version) as EncodedWorkflow | undefined;
      if (existing) {
        if (existing.hash !== row.hash) throw workflowVersionExists(row.namespace, row.name, row.version);
        return { record: decodeWorkflow(existing), created: false };
      }
      this.stmt.insert.run(row);
      return { record: decodeWorkflow(row), created: true };
    });
  }

  /** On the run-start path: waits for pending workflow writes only (catalog-reads.ts). */
  async get(namespace: string, name: string, version?: string): Promise<WorkflowRecord | undefined> {
    await this.catalog.readable();
    if (version === undefined) {
      const versions = (this.stmt.versionKeysOf.all(namespace, name) as { version: string }[]);
      version = highest(versions)?.version;
      if (version === undefined) return undefined;
    }
    const row = this.stmt.get.get(namespace, name, version) as EncodedWorkflow | undefined;
    return row && decodeWorkflow(row);
  }

  async versions(namespace: string, name: string): Promise<WorkflowRecord[]> {
    await this.access.readable();
    return (this.stmt.versionsOf.all(namespace, name) as EncodedWorkflow[]).sort(byVersionDesc).map(decodeWorkflow);
  }

  async list(): Promise<WorkflowRecord[]> {
    await this.access.readable();
    const keys = highestPerWorkflow(this.stmt.allKeys.all() as { namespace: string; name: string; version: string }[]);
    return keys.map((k) => decodeWorkflow(this.stmt.get.get(k.namespace, k.name, k.version) as EncodedWorkflow));
  }
}
