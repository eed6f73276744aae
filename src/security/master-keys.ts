/**
 * The vault's master keys (key-encryption keys). The master key is never stored: it comes from
 * WEFT_MASTER_KEY (32 random bytes, base64 or hex) or the file WEFT_MASTER_KEY_FILE names; during a rekey
 * the old one stays readable as WEFT_MASTER_KEY_PREVIOUS (or _PREVIOUS_FILE) until `weft secrets rekey`
 * has re-wrapped every data key. Each key is known by its id, a fingerprint (a keyed hash that reveals
 * nothing about the key) stored beside every data key it wraps, so a wrong or lost key is found at start
 * instead of decrypting garbage.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { VAULT_ERROR_CODES, vaultError } from './vault-errors.js';

export interface MasterKey {
  /** A fingerprint of the key, `mk_` + 16 hex digits: safe to store, print and log. */
  id: string;
  key: Buffer;
}

export interface MasterKeys {
  /** The key new data keys are wrapped with. */
  current: MasterKey;
  /** The key being retired, still accepted for unwrapping during a rekey. */
  previous?: MasterKey;
}

/** The id of a master key (SHA-256 over a label and the key; the key cannot be recovered from it). */
export function masterKeyId(key: Buffer): string {
  return `mk_${createHash('sha256').update('weft master key id\0').update(key).digest('hex').slice(0, 16)}`;
}

/** A new master key as text for WEFT_MASTER_KEY (`weft secrets keygen`). */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** The 32 bytes of a master key written as base64 (or base64url) or 64 hex digits. */
export function parseMasterKey(text: string, where: string): MasterKey {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) {
    throw vaultError(VAULT_ERROR_CODES.badMasterKey, `${where} must be 32 random bytes as base64 (44 characters) or hex (64 digits); make one with \`weft secrets keygen\``);
  }
  return { id: masterKeyId(key), key };
}

function fromEnv(env: NodeJS.ProcessEnv, name: string): MasterKey | undefined {
  const inline = env[name];
  const file = env[`${name}_FILE`];
  if (inline && file) throw vaultError(VAULT_ERROR_CODES.badMasterKey, `set ${name} or ${name}_FILE, not both`);
  if (inline) return parseMasterKey(inline, name);
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw vaultError(VAULT_ERROR_CODES.badMasterKey, `${name}_FILE ${file} cannot be read: ${(err as Error).message}`, err);
  }
  return parseMasterKey(text, `${name}_FILE ${file}`);
}

/** The master keys the environment configures, or undefined when none is (the vault is then off). */
export function masterKeysFromEnv(env: NodeJS.ProcessEnv): MasterKeys | undefined {
  const current = fromEnv(env, 'WEFT_MASTER_KEY');
  const previous = fromEnv(env, 'WEFT_MASTER_KEY_PREVIOUS');
  if (!current) {
    if (previous) throw vaultError(VAULT_ERROR_CODES.badMasterKey, 'WEFT_MASTER_KEY_PREVIOUS is set but WEFT_MASTER_KEY is not: the previous key is only read during a rekey to a new one');
    return undefined;
  }
  return previous && previous.id !== current.id ? { current, previous } : { current };
}
