/**
 * Envelope encryption (node:crypto, AES-256-GCM). Each secret version gets its own random data key; the
 * value is sealed under the data key and the data key is wrapped under a master key. Both are bound to
 * the version's place (namespace, name, version) as additional authenticated data, so a sealed value
 * copied onto another secret or version in the database does not decrypt. Stored form: base64 of
 * iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VAULT_ERROR_CODES, vaultError } from './vault-errors.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where a sealed thing belongs: authenticated, not encrypted. */
export interface Place {
  namespace: string;
  name: string;
  version: number;
}

const aad = (p: Place, what: 'value' | 'key') => Buffer.from(JSON.stringify([what, p.namespace, p.name, p.version]), 'utf8');

function encrypt(key: Buffer, plain: Buffer, ad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(ad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, ad: Buffer, what: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw vaultError(VAULT_ERROR_CODES.corrupt, `${what} is too short to be sealed data`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(ad);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (err) {
    // GCM's tag check: the wrong key, or data that was changed or moved.
    throw vaultError(VAULT_ERROR_CODES.corrupt, `${what} does not decrypt (changed, moved to another secret, or sealed under another key)`, err);
  }
}

/** A fresh data key, sealing `plain` for `place`: the sealed value and the data key (to wrap, then drop). */
export function seal(plain: string, place: Place): { sealed: string; dataKey: Buffer } {
  const dataKey = randomBytes(32);
  return { sealed: encrypt(dataKey, Buffer.from(plain, 'utf8'), aad(place, 'value')), dataKey };
}

export function unseal(sealed: string, dataKey: Buffer, place: Place): string {
  return decrypt(dataKey, sealed, aad(place, 'value'), `the value of ${place.namespace}/${place.name} version ${place.version}`).toString('utf8');
}

export function wrapKey(dataKey: Buffer, masterKey: Buffer, place: Place): string {
  return encrypt(masterKey, dataKey, aad(place, 'key'));
}

export function unwrapKey(wrapped: string, masterKey: Buffer, place: Place): Buffer {
  return decrypt(masterKey, wrapped, aad(place, 'key'), `the data key of ${place.namespace}/${place.name} version ${place.version}`);
}

/**
 * Sealing under a key held in memory (the platform's data keys, data-keys.ts): `context` is bound as
 * additional authenticated data, so sealed run data moved to another run does not open.
 */
export function sealWith(key: Buffer, plain: string, context: string): string {
  return encrypt(key, Buffer.from(plain, 'utf8'), Buffer.from(context, 'utf8'));
}

export function openWith(key: Buffer, sealed: string, context: string): string {
  return decrypt(key, sealed, Buffer.from(context, 'utf8'), `sealed data of ${context}`).toString('utf8');
}
