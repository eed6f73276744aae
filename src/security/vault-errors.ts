/**
 * Coded errors of the secret vault (vault.ts, master-keys.ts, envelope.ts). No message ever carries a
 * secret's value or a key: only names, versions and master key ids (fingerprints).
 */
import { ErrorTypes, type ErrorFamily, defineErrors } from '../contracts/index.js';

const { validation, configuration } = ErrorTypes;

const Vault = defineErrors('VaultError', {
  noMasterKey: {
    code: 'WEFT_ERR_VAULT_NO_MASTER_KEY',
    status: 503,
    title: 'Vault not configured',
    type: configuration,
    meaning: 'No master key is configured, so secrets cannot be stored or read; a server whose database already holds secrets does not start without one.',
    action: 'Set `WEFT_MASTER_KEY` (make one with `weft secrets keygen`) or `WEFT_MASTER_KEY_FILE` on every node, then start again (docs/secrets.md).',
  },
  badMasterKey: {
    code: 'WEFT_ERR_VAULT_BAD_MASTER_KEY',
    status: 500,
    title: 'Invalid master key',
    type: configuration,
    meaning: 'A master key is not 32 bytes written as base64 or hex, its file cannot be read, both a key and its file are set, or `WEFT_MASTER_KEY_PREVIOUS` is set without `WEFT_MASTER_KEY`.',
    action: 'Fix the variable the message names; `weft secrets keygen` prints a key of the right form.',
  },
  wrongMasterKey: {
    code: 'WEFT_ERR_VAULT_WRONG_MASTER_KEY',
    status: 500,
    title: 'Wrong master key',
    type: configuration,
    meaning: 'The database\'s data keys are wrapped by a master key (its id is in the message) that is neither `WEFT_MASTER_KEY` nor `WEFT_MASTER_KEY_PREVIOUS`: a wrong key, or a rekey not finished.',
    action: 'Set the key with that id as `WEFT_MASTER_KEY`; while changing keys, the old one as `WEFT_MASTER_KEY_PREVIOUS` until `weft secrets rekey` has run.',
  },
  corrupt: {
    code: 'WEFT_ERR_VAULT_CORRUPT',
    status: 500,
    title: 'Secret cannot be decrypted',
    type: configuration,
    meaning: 'A sealed value or wrapped data key does not decrypt under its master key: it was changed in the database, or copied from another secret or version.',
    action: 'Restore the database from a backup, or set that secret again (`weft secrets set`); look into who changed the database.',
  },
  notFound: {
    code: 'WEFT_ERR_VAULT_NOT_FOUND',
    status: 404,
    title: 'Secret not found',
    type: validation,
    meaning: 'There is no secret by that name in that namespace.',
    action: 'Check the namespace and the name (`weft secrets list <namespace>`); names are case-sensitive.',
  },
  invalid: {
    code: 'WEFT_ERR_VAULT_INVALID',
    status: 400,
    title: 'Invalid secret',
    type: validation,
    meaning: 'A secret\'s namespace or name is not allowed, its value is empty, not a string or JSON object, or over 64 KiB, or an overlap or grant is out of range.',
    action: 'Correct what the message names: names start with a letter or `_`; values are text or a JSON object.',
  },
  conflict: {
    code: 'WEFT_ERR_VAULT_CONFLICT',
    status: 409,
    title: 'Secret changed concurrently',
    type: validation,
    meaning: 'Another writer stored a version of the same secret at the same moment; this change was not made.',
    action: 'Try again: the change applies to the version that is current now.',
  },
  rotationFunction: {
    code: 'WEFT_ERR_VAULT_ROTATION_FUNCTION',
    status: 422,
    title: 'Rotation function not deployed',
    type: validation,
    meaning: 'A rotation schedule names a function (`name`, or `name:version` / `name:alias`) that does not resolve to a deployed version, so every scheduled rotation would fail.',
    action: 'Deploy the function first (`weft functions deploy`), or name a version or alias it has (`weft functions show <name>`), then schedule again.',
  },
});

export const VAULT_ERROR_CODES = Vault.codes;
/** The vault's family, as the error catalog lists it. */
export const VAULT_ERRORS: ErrorFamily = Vault;
export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[keyof typeof VAULT_ERROR_CODES];
export class VaultError extends Vault.Error {}
export const vaultError = (code: VaultErrorCode, message: string, cause?: unknown): VaultError => new VaultError(code, message, { cause });
