/**
 * Coded store errors. `retryable` says whether the same call may succeed later unchanged (a lock held by
 * another connection); `status` is the HTTP status the gateway answers with when one reaches it.
 */
import { defineErrors } from '../contracts/index.js';

const Store = defineErrors('StoreError', {
  /** The run id names no run (append, putTimer). */
  unknownRun: { code: 'WEFT_ERR_STORE_UNKNOWN_RUN', status: 404 },
  /** createRun with an id that already exists, or with an idempotency key its workflow already used. */
  duplicateRun: { code: 'WEFT_ERR_STORE_DUPLICATE_RUN', status: 409 },
  /** A write to a run that already has a terminal entry: outcomes are recorded exactly once. */
  runEnded: { code: 'WEFT_ERR_STORE_RUN_ENDED', status: 409 },
  /** The call itself is malformed (not JSON-serialisable, createRun without a `started` entry, …). */
  invalid: { code: 'WEFT_ERR_STORE_INVALID', status: 400 },
  /** A function or workflow version that already exists with other content (versions are immutable). */
  versionExists: { code: 'WEFT_ERR_STORE_VERSION_EXISTS', status: 409 },
  /** The id names nothing the call can act on (an event delivery that does not exist). */
  notFound: { code: 'WEFT_ERR_STORE_NOT_FOUND', status: 404 },
  /** The store was closed. */
  closed: { code: 'WEFT_ERR_STORE_CLOSED', status: 503 },
  /** Another connection held the database lock longer than the busy timeout. */
  busy: { code: 'WEFT_ERR_STORE_BUSY', status: 503 },
  /**
   * Another writer appended to the run since this process last read or wrote its journal (PostgreSQL:
   * optimistic concurrency on the journal head). Retryable: re-read the journal, then try again.
   */
  conflict: { code: 'WEFT_ERR_STORE_CONFLICT', status: 409 },
  /** The database schema is newer than this build, or a migration failed. */
  schema: { code: 'WEFT_ERR_STORE_SCHEMA', status: 500 },
  /** Any other driver failure (I/O, disk full, corruption). */
  failed: { code: 'WEFT_ERR_STORE_FAILED', status: 500 },
});

export const STORE_ERROR_CODES = Store.codes;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[keyof typeof STORE_ERROR_CODES];

export class StoreError extends Store.Error {
  get retryable(): boolean {
    return this.code === STORE_ERROR_CODES.busy || this.code === STORE_ERROR_CODES.conflict;
  }
}

export const unknownRun = (runId: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.unknownRun, `run ${JSON.stringify(runId)} does not exist`);

export const duplicateRun = (runId: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.duplicateRun, `run ${JSON.stringify(runId)} already exists`);

export const duplicateIdempotencyKey = (run: { namespace: string; name: string; idempotencyKey: string | null }, holder: string): StoreError =>
  new StoreError(
    STORE_ERROR_CODES.duplicateRun,
    `idempotency key ${JSON.stringify(run.idempotencyKey)} of ${run.namespace}/${run.name} is already used by run ${JSON.stringify(holder)}`,
  );

export const runEnded = (runId: string, status: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.runEnded, `run ${JSON.stringify(runId)} has already ended (${status})`);

export const invalid = (message: string, cause?: unknown): StoreError =>
  new StoreError(STORE_ERROR_CODES.invalid, message, { cause });

export const versionExists = (name: string, version: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.versionExists, `function ${name}@${version} already exists with different content`);

export const workflowVersionExists = (namespace: string, name: string, version: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.versionExists, `workflow ${namespace}/${name}@${version} already exists with different content`);

export const unknownDelivery = (id: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.notFound, `delivery ${JSON.stringify(id)} does not exist`);

export const journalConflict = (runId: string, expected: number, actual: number): StoreError =>
  new StoreError(
    STORE_ERROR_CODES.conflict,
    `run ${JSON.stringify(runId)} was appended to concurrently (expected journal head ${expected}, found ${actual})`,
  );

export const closed = (): StoreError => new StoreError(STORE_ERROR_CODES.closed, 'the store is closed');
