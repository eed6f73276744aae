/**
 * The SQL of `listRuns` on PostgreSQL: only the clauses a filter uses go into the statement (like
 * ../sqlite/run-filter-sql.ts), so the planner can use runs_by_workflow / runs_by_namespace / runs_newest.
 */
import type { NormalizedRunFilter } from '../encoding.js';

export const RUN_COLUMNS = `id, namespace, name, version, definition, input, status, output, error,
  created_at AS "createdAt", ended_at AS "endedAt", idempotency_key AS "idempotencyKey", traceparent`;

export function runFilterQuery(f: NormalizedRunFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (f.status) where.push(`status = ANY(${param(f.status)}::text[])`);
  if (f.namespace !== undefined) where.push(`namespace = ${param(f.namespace)}`);
  if (f.namespaces) where.push(`namespace = ANY(${param(f.namespaces)}::text[])`);
  if (f.name !== undefined) where.push(`name = ${param(f.name)}`);
  if (f.version !== undefined) where.push(`version = ${param(f.version)}`);
  if (f.idempotencyKey !== undefined) where.push(`idempotency_key = ${param(f.idempotencyKey)}`);
  if (f.createdFrom !== undefined) where.push(`created_at >= ${param(f.createdFrom)}`);
  if (f.createdTo !== undefined) where.push(`created_at < ${param(f.createdTo)}`);
  // A row comparison: strictly older in the (created_at DESC, id DESC) order, and index-friendly.
  if (f.before) where.push(`(created_at, id) < (${param(f.before.createdAt)}::double precision, ${param(f.before.id)}::text COLLATE "C")`);
  const limit = f.limit < 0 ? '' : ` LIMIT ${param(f.limit)}`;
  const sql = `SELECT ${RUN_COLUMNS} FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC${limit}`;
  return { sql, params };
}
