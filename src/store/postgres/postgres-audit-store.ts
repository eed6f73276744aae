/**
 * The AuditStore on the PostgresStore's pool (table `audit`, migration 3), reached as
 * `PostgresStore.audit`. `append` runs inside the group-commit transaction (in the write's own SAVEPOINT):
 * it first takes `pg_advisory_xact_lock` on the schema's audit chain, then reads the last record and runs
 * the caller's seal. The lock is held until the batch commits, so an append on another node waits for it
 * and then reads the record this one stored (READ COMMITTED: each statement sees what committed before
 * it): the chain cannot fork across nodes. The primary key on seq is the backstop.
 */
import type { AuditFilter, AuditRecord, AuditStore } from '../../ports/index.js';
import { type NormalizedAuditFilter, decodeAudit, encodeAudit, normalizeAuditFilter } from '../audit-encoding.js';
import { invalid } from '../errors.js';
import { PgCatalogReads } from './catalog-reads.js';
import type { PgWriteAccess } from './postgres-function-store.js';

type Seal = (last: AuditRecord | undefined) => AuditRecord;

export class PostgresAuditStore implements AuditStore {
  private readonly reads: PgCatalogReads;

  constructor(
    access: PgWriteAccess,
    /** The store's schema: names the advisory lock, so chains in other schemas do not contend. */
    private readonly schema: string,
  ) {
    this.reads = new PgCatalogReads(access);
  }

  async append(seal: Seal): Promise<AuditRecord> {
    const outcome = await this.reads.write(
      () => {
        if (typeof seal !== 'function') throw invalid('audit append needs a seal function');
        return seal;
      },
      async ({ client }, sealFn) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`weft:audit:${this.schema}`]);
        const { rows } = await client.query<{ seq: number; body: string }>('SELECT seq::float8 AS seq, body FROM audit ORDER BY seq DESC LIMIT 1');
        const last = rows[0];
        let sealed: AuditRecord;
        try {
          sealed = sealFn(last && decodeAudit(last.body));
        } catch (error) {
          // Returned, not thrown: the batch treats a foreign error as a failed transaction and would
          // reject every write in it. Nothing was written yet, so this write's SAVEPOINT is empty.
          return { refused: error };
        }
        const row = encodeAudit(sealed, last?.seq);
        await client.query('INSERT INTO audit (seq, hash, actor, action, body) VALUES ($1, $2, $3, $4, $5)', [row.seq, row.hash, row.actor, row.action, row.body]);
        return { record: decodeAudit(row.body) };
      },
    );
    if ('refused' in outcome) throw outcome.refused;
    return outcome.record;
  }

  async list(filter?: AuditFilter): Promise<AuditRecord[]> {
    const { sql, params } = listQuery(normalizeAuditFilter(filter));
    await this.reads.all();
    return (await this.reads.query<{ body: string }>(sql, params)).rows.map((r) => decodeAudit(r.body));
  }

  async all(): Promise<AuditRecord[]> {
    await this.reads.all();
    return (await this.reads.query<{ body: string }>('SELECT body FROM audit ORDER BY seq', [])).rows.map((r) => decodeAudit(r.body));
  }
}

/** Only the clauses a filter uses are in the SQL, so each shape can use its index. */
function listQuery(f: NormalizedAuditFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const field of ['actor', 'action'] as const) {
    if (f[field] === undefined) continue;
    params.push(f[field]);
    where.push(`${field} = $${params.length}`);
  }
  if (f.beforeSeq !== undefined) {
    // seq < 1.5 is seq < 2: an integer parameter keeps the comparison on the bigint index.
    params.push(clampSeq(Math.ceil(f.beforeSeq)));
    where.push(`seq < $${params.length}`);
  }
  params.push(f.limit);
  return { sql: `SELECT body FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`, params };
}

/** Keeps a cursor within bigint range (and out of exponent notation); beyond the safe integers no seq lies. */
const clampSeq = (n: number): number => Math.min(Math.max(n, -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
