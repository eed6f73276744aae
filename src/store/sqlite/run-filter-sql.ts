/**
 * The SQL of `listRuns`. Only the clauses a filter uses go into the statement, so SQLite plans each
 * shape with the right index (a `@x IS NULL OR col = @x` form would hide them from the planner); the
 * statement text is therefore a cache key, and there are at most a few hundred shapes.
 */
import type { NormalizedRunFilter } from '../encoding.js';

export const RUN_COLUMNS = `id, namespace, name, version, definition, input, status, output, error,
  created_at AS createdAt, ended_at AS endedAt, idempotency_key AS idempotencyKey, traceparent`;

export function runFilterQuery(f: NormalizedRunFilter): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: f.limit };
  const equal = (column: string, param: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = @${param}`);
    params[param] = value;
  };
  if (f.status) {
    where.push('status IN (SELECT value FROM json_each(@status))');
    params.status = JSON.stringify(f.status);
  }
  equal('namespace', 'namespace', f.namespace);
  if (f.namespaces) {
    where.push('namespace IN (SELECT value FROM json_each(@namespaces))');
    params.namespaces = JSON.stringify(f.namespaces);
  }
  equal('name', 'name', f.name);
  equal('version', 'version', f.version);
  equal('idempotency_key', 'idempotencyKey', f.idempotencyKey);
  if (f.createdFrom !== undefined) {
    where.push('created_at >= @createdFrom');
    params.createdFrom = f.createdFrom;
  }
  if (f.createdTo !== undefined) {
    where.push('created_at < @createdTo');
    params.createdTo = f.createdTo;
  }
  if (f.before) {
    // A row value comparison: strictly older in the (created_at DESC, id DESC) order, and index-friendly.
    where.push('(created_at, id) < (@beforeAt, @beforeId)');
    params.beforeAt = f.before.createdAt;
    params.beforeId = f.before.id;
  }
  const sql = `SELECT ${RUN_COLUMNS} FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
  return { sql, params };
}
