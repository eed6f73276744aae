/**
 * The AuditStore on the SqliteStore's own connection (table `audit`, migration 4), reached as
 * `SqliteStore.audit`. `append` reads the last record and runs the caller's seal INSIDE the group-commit
 * transaction (in the write's own SAVEPOINT), so appends are serialised there and the chain cannot fork:
 * the seal of each append sees the record that the append before it (same batch or earlier) stored.
 */
import type Database from 'better-sqlite3';
import type { AuditFilter, AuditRecord, AuditStore } from '../../ports/index.js';
import { type NormalizedAuditFilter, decodeAudit, encodeAudit, normalizeAuditFilter } from '../audit-encoding.js';
import { invalid } from '../errors.js';
import type { SqliteWriteAccess } from './sqlite-function-store.js';

type Seal = (last: AuditRecord | undefined) => AuditRecord;

function prepareStatements(db: Database.Database) {
  return {
    last: db.prepare('SELECT seq, body FROM audit ORDER BY seq DESC LIMIT 1'),
    insert: db.prepare('INSERT INTO audit (seq, hash, actor, action, body) VALUES (@seq, @hash, @actor, @action, @body)'),
    all: db.prepare('SELECT body FROM audit ORDER BY seq').pluck(),
  };
}

export class SqliteAuditStore implements AuditStore {
  private readonly stmt: ReturnType<typeof prepareStatements>;
  /** `list` statements by SQL text: only the clauses a filter uses are in it, so each shape gets its index. */
  private readonly lists = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly access: SqliteWriteAccess,
  ) {
    this.stmt = prepareStatements(db);
  }

  async append(seal: Seal): Promise<AuditRecord> {
    const outcome = await this.access.write(
      () => {
        if (typeof seal !== 'function') throw invalid('audit append needs a seal function');
        return seal;
      },
      (sealFn) => {
        const last = this.stmt.last.get() as { seq: number; body: string } | undefined;
        let sealed: AuditRecord;
        try {
          sealed = sealFn(last && decodeAudit(last.body));
        } catch (error) {
          // Returned, not thrown: the batch treats a foreign error as a failed transaction and would
          // reject every write in it. Nothing was written yet, so this write's SAVEPOINT is empty.
          return { refused: error };
        }
        const row = encodeAudit(sealed, last?.seq);
        this.stmt.insert.run(row);
        return { record: decodeAudit(row.body) };
      },
    );
    if ('refused' in outcome) throw outcome.refused;
    return outcome.record;
  }

  async list(filter?: AuditFilter): Promise<AuditRecord[]> {
    const f = normalizeAuditFilter(filter);
    await this.access.readable();
    const { sql, params } = listQuery(f);
    let stmt = this.lists.get(sql);
    if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql).pluck()));
    return (stmt.all(params) as string[]).map(decodeAudit);
  }

  async all(): Promise<AuditRecord[]> {
    await this.access.readable();
    return (this.stmt.all.all() as string[]).map(decodeAudit);
  }
}

function listQuery(f: NormalizedAuditFilter): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: f.limit };
  for (const field of ['actor', 'action'] as const) {
    if (f[field] === undefined) continue;
    where.push(`${field} = @${field}`);
    params[field] = f[field];
  }
  if (f.beforeSeq !== undefined) {
    where.push('seq < @beforeSeq');
    params.beforeSeq = f.beforeSeq;
  }
  return { sql: `SELECT body FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`, params };
}
