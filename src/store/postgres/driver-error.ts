/** Maps node-postgres errors (DatabaseError with a SQLSTATE `code`) to coded store errors. */
import { STORE_ERROR_CODES, StoreError } from '../errors.js';

/** SQLSTATEs where the same call may succeed if retried: serialization failure, deadlock, lock not available. */
const RETRYABLE = new Set(['40001', '40P01', '55P03']);

export function driverError(err: unknown, fallback: StoreError['code'] = STORE_ERROR_CODES.failed): StoreError {
  if (err instanceof StoreError) return err;
  const code = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code !== undefined && RETRYABLE.has(code)) return new StoreError(STORE_ERROR_CODES.busy, `postgres: ${message}`, { cause: err });
  // Data exceptions (class 22, e.g. a NUL byte in text) are the fault of the call's values.
  if (code?.startsWith('22')) return new StoreError(STORE_ERROR_CODES.invalid, `postgres: ${message}`, { cause: err });
  return new StoreError(fallback, `postgres: ${message}`, { cause: err });
}

export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The unique constraint a 23505 violation names, if `err` is one. */
export function uniqueViolation(err: unknown): string | undefined {
  if (sqlState(err) !== '23505') return undefined;
  return (err as { constraint?: string }).constraint ?? '';
}

/**
 * Errors that belong to one write, not to the transaction it shares with others: refusals, constraint
 * violations (class 23) and bad values (class 22). The batch rolls back to the write's savepoint only.
 */
export function isWriteFault(err: unknown): boolean {
  if (err instanceof StoreError) return true;
  const code = sqlState(err);
  return code !== undefined && (code.startsWith('23') || code.startsWith('22'));
}
