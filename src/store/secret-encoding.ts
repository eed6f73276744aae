/**
 * What every SecretStore adapter agrees on: records are checked and encoded when the call is made (a
 * caller mutating its objects afterwards changes nothing stored), the metadata record is kept whole as
 * JSON text, and a version's fields are columns (they are few and fixed, and rekey queries `key_id`).
 */
import type { SecretRecord, SecretVersionRecord } from '../ports/index.js';
import { checkTime } from './encoding.js';
import { StoreError, STORE_ERROR_CODES, invalid } from './errors.js';

export interface EncodedSecret {
  namespace: string;
  name: string;
  current: number;
  /** The whole record as JSON text. */
  body: string;
}

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} must be a non-empty string`);
  return value;
};
const positive = (value: unknown, what: string): number => {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalid(`${what} must be a positive integer`);
  return value as number;
};
const names = (value: unknown, what: string): string[] => {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw invalid(`${what} must be an array of non-empty strings`);
  return value as string[];
};

export function encodeSecret(r: SecretRecord): EncodedSecret {
  if (!r || typeof r !== 'object') throw invalid('secret must be an object');
  text(r.namespace, 'secret namespace');
  text(r.name, 'secret name');
  if (typeof r.description !== 'string') throw invalid('secret description must be a string');
  positive(r.current, 'secret current version');
  if (!r.grants || typeof r.grants !== 'object') throw invalid('secret grants must be an object');
  names(r.grants.namespaces, 'secret grants.namespaces');
  names(r.grants.functions, 'secret grants.functions');
  if (r.previous !== undefined) {
    positive(r.previous.version, 'secret previous.version');
    checkTime(r.previous.until, 'secret previous.until');
  }
  if (r.rotation !== undefined) {
    positive(r.rotation.everyMs, 'secret rotation.everyMs');
    text(r.rotation.function, 'secret rotation.function');
    checkTime(r.rotation.nextAt, 'secret rotation.nextAt');
  }
  checkTime(r.createdAt, 'secret createdAt');
  checkTime(r.updatedAt, 'secret updatedAt');
  if (r.rotatedAt !== undefined) checkTime(r.rotatedAt, 'secret rotatedAt');
  if (typeof r.createdBy !== 'string') throw invalid('secret createdBy must be a string');
  return { namespace: r.namespace, name: r.name, current: r.current, body: JSON.stringify(r) };
}

export const decodeSecret = (body: string): SecretRecord => JSON.parse(body) as SecretRecord;

const createdBy = (value: unknown): string => {
  if (typeof value !== 'string') throw invalid('secret version createdBy must be a string');
  return value;
};

/** A version checked and copied (the adapters store its fields as columns). */
export function encodeSecretVersion(v: SecretVersionRecord): SecretVersionRecord {
  if (!v || typeof v !== 'object') throw invalid('secret version must be an object');
  return {
    namespace: text(v.namespace, 'secret version namespace'),
    name: text(v.name, 'secret version name'),
    version: positive(v.version, 'secret version number'),
    sealed: text(v.sealed, 'secret version sealed value'),
    wrappedKey: text(v.wrappedKey, 'secret version wrapped key'),
    keyId: text(v.keyId, 'secret version key id'),
    createdAt: checkTime(v.createdAt, 'secret version createdAt'),
    createdBy: createdBy(v.createdBy),
  };
}

/** The checks of putVersion that need no storage: the record names the version it comes with. */
export function encodePut(record: SecretRecord, version: SecretVersionRecord, expectCurrent: number): { record: EncodedSecret; version: SecretVersionRecord } {
  const r = encodeSecret(record);
  const v = encodeSecretVersion(version);
  if (r.namespace !== v.namespace || r.name !== v.name) throw invalid('the secret version belongs to another secret');
  if (r.current !== v.version) throw invalid(`the secret's current version (${r.current}) must be the version stored with it (${v.version})`);
  if (!Number.isSafeInteger(expectCurrent) || expectCurrent < 0) throw invalid('expectCurrent must be a non-negative integer');
  if (v.version <= expectCurrent) throw invalid(`a new version must be above the current one (${expectCurrent}), got ${v.version}`);
  return { record: r, version: v };
}

export const secretConflict = (namespace: string, name: string, expected: number, actual: number): StoreError =>
  new StoreError(STORE_ERROR_CODES.conflict, `secret ${namespace}/${name} changed concurrently (expected version ${expected}, found ${actual})`);

export const unknownSecret = (namespace: string, name: string): StoreError =>
  new StoreError(STORE_ERROR_CODES.notFound, `secret ${namespace}/${name} does not exist`);
