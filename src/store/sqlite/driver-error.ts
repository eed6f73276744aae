/** Maps better-sqlite3 errors (SqliteError with an extended result code) to coded store errors. */
import { STORE_ERROR_CODES, StoreError } from '../errors.js';

export function driverError(err: unknown, fallback: StoreError['code'] = STORE_ERROR_CODES.failed): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  // SQLITE_BUSY / SQLITE_LOCKED (and their extended codes): another connection holds the lock.
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new StoreError(STORE_ERROR_CODES.busy, `database is locked: ${message}`, { cause: err });
  }
  return new StoreError(fallback, `sqlite: ${message}`, { cause: err });
}

/** Constraint violations are the fault of one call, not of the transaction it shares with others. */
export function isConstraint(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}
