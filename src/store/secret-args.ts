/**
 * For the SQL SecretStore adapters, next to secret-encoding.ts: checks of the calls that take keys instead
 * of records (`delete`, `rewrap`, `wrappedByOther`), and putVersion's one refusal that only they can meet.
 * The adapters bind these arguments as statement parameters, and inside a group commit a value the driver
 * cannot bind (better-sqlite3 throws on `undefined`) would fail the whole batch instead of the one call;
 * so, like the records, they are checked when the call is made.
 */
import type { SecretVersionRecord } from '../ports/index.js';
import { STORE_ERROR_CODES, StoreError, invalid } from './errors.js';

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string`);
  return value;
};

export function checkSecretKey(namespace: unknown, name: unknown): { namespace: string; name: string } {
  return { namespace: text(namespace, 'secret namespace'), name: text(name, 'secret name') };
}

export interface Rewrap {
  namespace: string;
  name: string;
  version: number;
  fromKeyId: string;
  wrappedKey: string;
  keyId: string;
}

export function checkRewrap(namespace: unknown, name: unknown, version: unknown, fromKeyId: unknown, wrappedKey: unknown, keyId: unknown): Rewrap {
  if (!Number.isSafeInteger(version) || (version as number) < 1) throw invalid('secret version number must be a positive integer');
  return {
    ...checkSecretKey(namespace, name),
    version: version as number,
    fromKeyId: text(fromKeyId, 'rewrap fromKeyId'),
    wrappedKey: text(wrappedKey, 'rewrap wrapped key'),
    keyId: text(keyId, 'rewrap key id'),
  };
}

/** `wrappedByOther`'s limit: a count (SQLite would read a negative LIMIT as "no limit"). */
export function checkLimit(limit: unknown): number {
  if (!Number.isSafeInteger(limit) || (limit as number) < 0) throw invalid('limit must be a non-negative integer');
  return limit as number;
}

/**
 * putVersion's refusal when the version's number is already stored although the secret's current version
 * was below it (possible only after putRecord moved `current` back): the caller's view is stale.
 */
export const versionTaken = (v: SecretVersionRecord): StoreError =>
  new StoreError(STORE_ERROR_CODES.conflict, `secret ${v.namespace}/${v.name} already has a version ${v.version}`);
