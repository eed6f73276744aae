/**
 * What the vault accepts (vault.ts): names, values, overlaps, grants and rotation schedules, each refused
 * with WEFT_ERR_VAULT_INVALID and a message that says what is allowed.
 */
import type { Json } from '../shared/index.js';
import { VAULT_ERROR_CODES, vaultError } from './vault-errors.js';

/** As a function manifest's `secrets` and the DSL's `use.secrets` name them. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
/** The DSL's namespace pattern. */
const NAMESPACE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const FUNCTION_NAME = /^(\*|[a-z][a-z0-9-]{0,62})$/;
/** A value is small: a token, a password, a key pair, a service account. */
export const MAX_SECRET_BYTES = 64 * 1024;
/** How long the version before a new one stays readable by default: clients holding it have time to move on. */
export const DEFAULT_OVERLAP_MS = 60 * 60_000;
const MAX_OVERLAP_MS = 30 * 86_400_000;
const MIN_ROTATION_MS = 60_000;
const MAX_ROTATION_MS = 366 * 86_400_000;
const ALL = '*';

const invalid = (message: string) => vaultError(VAULT_ERROR_CODES.invalid, message);

export function checkPlace(namespace: string, name: string): void {
  if (!NAMESPACE.test(namespace)) throw invalid(`'${namespace}' is not a namespace (letters, digits, '-', at most 63)`);
  if (!SECRET_NAME.test(name)) throw invalid(`'${name}' is not a secret name (a letter or '_', then letters, digits, '_', '.', '-', at most 128)`);
}

/** A value as it is sealed: its JSON text. */
export function checkValue(value: Json): string {
  const text = JSON.stringify(value);
  if (text === undefined || (typeof value !== 'string' && (value === null || typeof value !== 'object' || Array.isArray(value)))) {
    throw invalid('a secret value is a string or a JSON object (e.g. {"username": …, "password": …})');
  }
  if (typeof value === 'string' && value === '') throw invalid('a secret value cannot be empty');
  if (Buffer.byteLength(text) > MAX_SECRET_BYTES) throw invalid(`a secret value is at most ${MAX_SECRET_BYTES} bytes as JSON, this one is ${Buffer.byteLength(text)}`);
  return text;
}

export function checkSetOptions(opts: { description?: string; overlapMs?: number }): void {
  const overlapMs = opts.overlapMs ?? DEFAULT_OVERLAP_MS;
  if (!Number.isSafeInteger(overlapMs) || overlapMs < 0 || overlapMs > MAX_OVERLAP_MS) throw invalid(`the overlap is 0 to ${MAX_OVERLAP_MS / 86_400_000} days, in milliseconds`);
  if (opts.description !== undefined && (typeof opts.description !== 'string' || opts.description.length > 1000)) throw invalid('a description is a string of at most 1000 characters');
}

export function checkGrantChange(change: { namespaces?: string[]; functions?: string[] }): void {
  for (const ns of change.namespaces ?? []) if (ns !== ALL && !NAMESPACE.test(ns)) throw invalid(`'${ns}' is not a namespace (letters, digits, '-') or '*'`);
  for (const fn of change.functions ?? []) if (!FUNCTION_NAME.test(fn)) throw invalid(`'${fn}' is not a function name or '*'`);
}

export function checkRotation(rotation: { everyMs: number; function: string }): void {
  if (!Number.isSafeInteger(rotation.everyMs) || rotation.everyMs < MIN_ROTATION_MS || rotation.everyMs > MAX_ROTATION_MS) {
    throw invalid(`a rotation schedule is every ${MIN_ROTATION_MS / 60_000} minute(s) to ${MAX_ROTATION_MS / 86_400_000} days`);
  }
  if (!/^[a-z][a-z0-9-]{0,62}(:[A-Za-z0-9._-]{1,64})?$/.test(rotation.function)) throw invalid(`'${rotation.function}' is not a function (name[:version|alias])`);
}
