/**
 * What both KeyStore adapters agree on: an API key record is checked and encoded when the call is made
 * (a caller mutating it afterwards changes nothing stored), kept whole as JSON text, and the few fields
 * that queries need (ordering, counting active keys) are copied out next to it.
 */
import type { ApiKeyRecord } from '../ports/index.js';
import { checkTime, encodeJson } from './encoding.js';
import { invalid } from './errors.js';

export interface EncodedKey {
  id: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  /** The whole record as JSON text. */
  body: string;
}

function checkString(value: unknown, what: string, nonEmpty = false): void {
  if (typeof value !== 'string' || (nonEmpty && value === '')) throw invalid(`${what} must be a${nonEmpty ? ' non-empty' : ''} string`);
}

const optionalTime = (value: unknown, what: string): number | null => (value === undefined ? null : checkTime(value, what));

export function encodeKey(k: ApiKeyRecord): EncodedKey {
  if (!k || typeof k !== 'object') throw invalid('api key must be an object');
  checkString(k.id, 'api key id', true);
  checkString(k.name, 'api key name');
  checkString(k.hash, 'api key hash', true);
  checkString(k.salt, 'api key salt');
  checkString(k.createdBy, 'api key createdBy');
  if (!Array.isArray(k.scopes)) throw invalid('api key scopes must be an array');
  for (const s of k.scopes) {
    if (!s || typeof s.namespace !== 'string' || typeof s.role !== 'string') throw invalid('each api key scope needs a namespace and a role');
  }
  if (k.previous !== undefined) {
    const p = k.previous;
    if (!p || typeof p.hash !== 'string' || typeof p.salt !== 'string') throw invalid('api key previous needs a hash and a salt');
    checkTime(p.until, 'api key previous.until');
  }
  optionalTime(k.rotatedAt, 'api key rotatedAt');
  return {
    id: k.id,
    createdAt: checkTime(k.createdAt, 'api key createdAt'),
    expiresAt: optionalTime(k.expiresAt, 'api key expiresAt'),
    revokedAt: optionalTime(k.revokedAt, 'api key revokedAt'),
    body: encodeJson(k, 'api key'),
  };
}

export const decodeKey = (body: string): ApiKeyRecord => JSON.parse(body) as ApiKeyRecord;

/** Active = not revoked and not expired at `now` (a key expiring exactly at `now` has expired). */
export function isActive(row: EncodedKey, now: number): boolean {
  return row.revokedAt === null && (row.expiresAt === null || row.expiresAt > now);
}
