/**
 * Coded store errors. `retryable` says whether the same call may succeed later unchanged (a lock held by
 * another connection); `status` is the HTTP status the gateway answers with when one reaches it.
 */
import { type ErrorFamily, defineErrors } from '../contracts/index.js';

const Store = defineErrors('StoreError', {
  /** The run id names no run (append, putTimer). */
  unknownRun: {
    code: 'WEFT_ERR_STORE_UNKNOWN_RUN',
    status: 404,
    meaning: 'The run id names no run in this database.',
    action: 'Check the run id, and that the server or command uses the database the run was started in (`--db`, `WEFT_DB_URL`).',
  },
  /** createRun with an id that already exists, or with an idempotency key its workflow already used. */
  duplicateRun: {
    code: 'WEFT_ERR_STORE_DUPLICATE_RUN',
    status: 409,
    meaning: 'A run with this id already exists, or this workflow already has a run started with the same idempotency key.',
    action: 'Send a new `Idempotency-Key` to start another run; to find the first one, start again with the same key (the API answers with the existing run).',
  },
  /** A write to a run that already has a terminal entry: outcomes are recorded exactly once. */
  runEnded: {
    code: 'WEFT_ERR_STORE_RUN_ENDED',
    status: 409,
    meaning: 'Something tried to write to a run that has already ended: a run\'s outcome is recorded exactly once.',
    action: 'The recorded outcome stands (`GET /api/v1/runs/{id}` shows it); start a new run to run the workflow again.',
  },
  /** The call itself is malformed (not JSON-serialisable, createRun without a `started` entry, …). */
  invalid: {
    code: 'WEFT_ERR_STORE_INVALID',
    status: 400,
    meaning: 'The database was handed a value it cannot keep: not JSON-serialisable, text with a NUL byte, a number out of range, or a record missing what it needs.',
    action: 'Remove the offending value from the input; if the input is fine, report the `detail` as a bug.',
  },
  /** A function or workflow version that already exists with other content (versions are immutable). */
  versionExists: {
    code: 'WEFT_ERR_STORE_VERSION_EXISTS',
    status: 409,
    meaning: 'This version of a function or workflow is already stored with other content: versions are immutable.',
    action: 'Deploy or register the change under a new version.',
  },
  /** The id names nothing the call can act on (an event delivery that does not exist). */
  notFound: {
    code: 'WEFT_ERR_STORE_NOT_FOUND',
    status: 404,
    meaning: 'The id names no event delivery in this database.',
    action: 'Check the id: `GET /api/v1/dead-letters` lists the deliveries that can be redriven.',
  },
  /** The store was closed. */
  closed: {
    code: 'WEFT_ERR_STORE_CLOSED',
    status: 503,
    meaning: 'The database connection was closed, because the server or command is shutting down.',
    action: 'Retry once the server is running again.',
  },
  /** Another connection held the database lock longer than the busy timeout. */
  busy: {
    code: 'WEFT_ERR_STORE_BUSY',
    status: 503,
    meaning: 'The database was busy: another connection held the SQLite lock longer than the busy timeout, or PostgreSQL reported a deadlock, a serialization failure or a lock it could not take.',
    action: 'Retry the same call; if it keeps happening on SQLite, stop other processes writing the same file (or move to PostgreSQL with `--db postgres://…`).',
  },
  /**
   * Another writer appended to the run since this process last read or wrote its journal (PostgreSQL:
   * optimistic concurrency on the journal head). Retryable: re-read the journal, then try again.
   */
  conflict: {
    code: 'WEFT_ERR_STORE_CONFLICT',
    status: 409,
    meaning: 'Another node appended to the run\'s journal since this one last read it (PostgreSQL checks the journal head on every append).',
    action: 'Nothing to do once (the engine reads the journal again and retries); if it keeps happening, nodes are losing their run leases on busy machines: give them room, or raise `WEFT_LEASE_MS` on every node.',
  },
  /** The database schema is newer than this build, or a migration failed. */
  schema: {
    code: 'WEFT_ERR_STORE_SCHEMA',
    status: 500,
    meaning: 'The database schema is newer than this build of Weft knows, or a migration failed.',
    action: 'Run a Weft at least as new as the one that last migrated this database; for a failed migration, fix what the `detail` names and start again (migrations run in one transaction).',
  },
  /** Any other driver failure (I/O, disk full, corruption). */
  failed: {
    code: 'WEFT_ERR_STORE_FAILED',
    status: 500,
    meaning: 'The database driver failed: an I/O error, a full disk, a corrupt file or a lost connection.',
    action: 'Check the database (free disk space, file permissions, the PostgreSQL server and its logs) with the driver\'s message in the `detail`.',
  },
});

export const STORE_ERROR_CODES = Store.codes;

/** The store's family, as the error catalog lists it. */
export const STORE_ERRORS: ErrorFamily = Store;

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

/** A `redriven` entry for a run that is not faulted or cancelled (e.g. a concurrent redrive won). */
export const notReopenable = (runId: string, status: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.conflict, `run ${runId} is ${status}: only a faulted or cancelled run can be redriven`);
export const closed = (): StoreError => new StoreError(STORE_ERROR_CODES.closed, 'the store is closed');
