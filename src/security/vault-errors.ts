/**
 * Coded errors of the secret vault (vault.ts, master-keys.ts, envelope.ts). No message ever carries a
 * secret's value or a key: only names, versions and master key ids (fingerprints).
 */
import { ErrorTypes, defineErrors } from '../contracts/index.js';

const { validation, configuration, authorization } = ErrorTypes;

const Vault = defineErrors('VaultError', {
  /** No master key is configured (WEFT_MASTER_KEY, WEFT_MASTER_KEY_FILE), so secrets cannot be stored or read. */
  noMasterKey: { code: 'WEFT_ERR_VAULT_NO_MASTER_KEY', status: 503, title: 'Vault not configured', type: configuration },
  /** A master key is not 32 bytes in base64 or hex, or its file cannot be read. */
  badMasterKey: { code: 'WEFT_ERR_VAULT_BAD_MASTER_KEY', status: 500, title: 'Invalid master key', type: configuration },
  /** The database's secrets are wrapped by a master key that is not configured (a wrong or lost key). */
  wrongMasterKey: { code: 'WEFT_ERR_VAULT_WRONG_MASTER_KEY', status: 500, title: 'Wrong master key', type: configuration },
  /** A sealed value or wrapped key does not decrypt: tampered with, moved, or not Weft's. */
  corrupt: { code: 'WEFT_ERR_VAULT_CORRUPT', status: 500, title: 'Secret cannot be decrypted', type: configuration },
  /** No secret (or version) by that name in that namespace. */
  notFound: { code: 'WEFT_ERR_VAULT_NOT_FOUND', status: 404, title: 'Secret not found', type: validation },
  /** A secret name, value, grant, overlap or rotation schedule is not acceptable. */
  invalid: { code: 'WEFT_ERR_VAULT_INVALID', status: 400, title: 'Invalid secret', type: validation },
  /** Another writer changed the secret at the same time; reading it again and retrying is safe. */
  conflict: { code: 'WEFT_ERR_VAULT_CONFLICT', status: 409, title: 'Secret changed concurrently', type: validation },
  /** A workflow or function reads a secret it does not declare, or that is not granted to it. */
  notGranted: { code: 'WEFT_ERR_VAULT_NOT_GRANTED', status: 403, title: 'Secret not granted', type: authorization },
});

export const VAULT_ERROR_CODES = Vault.codes;
export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[keyof typeof VAULT_ERROR_CODES];
export class VaultError extends Vault.Error {}
export const vaultError = (code: VaultErrorCode, message: string, cause?: unknown): VaultError => new VaultError(code, message, { cause });
