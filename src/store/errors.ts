/**
 * Coded store errors. `retryable` says whether the same call may succeed later unchanged (a lock held by
 * another connection); `status` is the HTTP status the gateway answers with when one reaches it.
 */

export const STORE_ERROR_CODES = {
  /** The run id names no run (append, putTimer). */
  unknownRun: 'WEFT_ERR_STORE_UNKNOWN_RUN',
  /** createRun with an id that already exists, or with an idempotency key its workflow already used. */
  duplicateRun: 'WEFT_ERR_STORE_DUPLICATE_RUN',
  /** A write to a run that already has a terminal entry: outcomes are recorded exactly once. */
  runEnded: 'WEFT_ERR_STORE_RUN_ENDED',
  /** The call itself is malformed (not JSON-serialisable, createRun without a `started` entry, …). */
  invalid: 'WEFT_ERR_STORE_INVALID',
  /** A function or workflow version that already exists with other content (versions are immutable). */
  versionExists: 'WEFT_ERR_STORE_VERSION_EXISTS',
  /** The id names nothing the call can act on (an event delivery that does not exist). */
  notFound: 'WEFT_ERR_STORE_NOT_FOUND',
  /** The store was closed. */
  closed: 'WEFT_ERR_STORE_CLOSED',
  /** Another connection held the database lock longer than the busy timeout. */
  busy: 'WEFT_ERR_STORE_BUSY',
  /**
   * Another writer appended to the run since this process last read or wrote its journal (PostgreSQL:
   * optimistic concurrency on the journal head). Retryable: re-read the journal, then try again.
   */
  conflict: 'WEFT_ERR_STORE_CONFLICT',
  /** The database schema is newer than this build, or a migration failed. */
  schema: 'WEFT_ERR_STORE_SCHEMA',
  /** Any other driver failure (I/O, disk full, corruption). */
  failed: 'WEFT_ERR_STORE_FAILED',
} as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[keyof typeof STORE_ERROR_CODES];

const STATUS: Record<StoreErrorCode, number> = {
  WEFT_ERR_STORE_UNKNOWN_RUN: 404,
  WEFT_ERR_STORE_DUPLICATE_RUN: 409,
  WEFT_ERR_STORE_RUN_ENDED: 409,
  WEFT_ERR_STORE_INVALID: 400,
  WEFT_ERR_STORE_VERSION_EXISTS: 409,
  WEFT_ERR_STORE_NOT_FOUND: 404,
  WEFT_ERR_STORE_CLOSED: 503,
  WEFT_ERR_STORE_BUSY: 503,
  WEFT_ERR_STORE_CONFLICT: 409,
  WEFT_ERR_STORE_SCHEMA: 500,
  WEFT_ERR_STORE_FAILED: 500,
};

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }

  get retryable(): boolean {
    return this.code === STORE_ERROR_CODES.busy || this.code === STORE_ERROR_CODES.conflict;
  }

  get status(): number {
    return STATUS[this.code];
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
  new StoreError(STORE_ERROR_CODES.invalid, message, cause === undefined ? undefined : { cause });

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
