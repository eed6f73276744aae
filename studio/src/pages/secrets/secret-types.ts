/**
 * The vault API's shapes (src/contracts/api/secrets.ts), named as these pages use them, the names the
 * vault accepts (mirrors of src/security/vault.ts: the studio may not import the server), and the
 * routes' paths.
 */
import { ApiProblem } from '../../api/client.js';
import type { GrantSecretBody, PutSecretBody, RotateSecretBody, ScheduleRotationBody, SecretVersionView, SecretView } from '../../../../src/contracts/index.js';

export type Secret = SecretView;
export type SecretVersion = SecretVersionView;
export type PutBody = PutSecretBody;
export type GrantBody = GrantSecretBody;
export type RotateBody = RotateSecretBody;
export type ScheduleBody = ScheduleRotationBody;
/** `GET /api/v1/vault`: whether the server has a master key, and the ids of those it holds. */
export interface VaultStatus {
  enabled: boolean;
  masterKeyId?: string;
  previousMasterKeyId?: string;
}
export type { FunctionSummary } from '../../../../src/contracts/index.js';

/** A secret's name, as a function manifest's `secrets` and the DSL's `use.secrets` write it. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
/** The DSL's namespace pattern. */
export const NAMESPACE_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** A function a secret may be granted to: a function name, or `*` for every function. */
export const FUNCTION_GRANT_PATTERN = /^(\*|[a-z][a-z0-9-]{0,62})$/;

/** The problem code of a server without a master key (503): the vault is off. */
export const VAULT_OFF_CODE = 'WEFT_ERR_VAULT_NO_MASTER_KEY';

export function isVaultOff(error: unknown): boolean {
  return error instanceof ApiProblem && error.problem.code === VAULT_OFF_CODE;
}

/** `/api/v1/namespaces/{ns}/secrets/{name}[/more…]`, every segment escaped. */
export function secretPath(namespace: string, name: string, ...more: string[]): string {
  return ['/api/v1/namespaces', namespace, 'secrets', name, ...more].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

export function namespacePath(namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
}

/** A time as the studio shows it (local, short), '—' when there is none. */
export function when(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—';
}

/** Why a namespace and name cannot hold a secret, or undefined when they can (the vault's rules). */
export function placeProblem(namespace: string, name: string): string | undefined {
  if (!NAMESPACE_PATTERN.test(namespace)) return 'a namespace is letters, digits and dashes (not at either end), at most 63';
  if (!SECRET_NAME_PATTERN.test(name)) return "a name starts with a letter or '_', then letters, digits, '_', '.' or '-', at most 128";
  return undefined;
}

/** What `POST …/rotate` (and a schedule) calls: a deployed function, at a version or alias when one is chosen (`name:ref`). */
export function rotationTarget(fn: string, ref: string): string {
  return ref ? `${fn}:${ref}` : fn;
}

/** The function and the version or alias ('' for none) of a rotation target: rotationTarget's inverse. */
export function splitRotationTarget(target: string): { fn: string; ref: string } {
  const at = target.indexOf(':');
  return at < 0 ? { fn: target, ref: '' } : { fn: target.slice(0, at), ref: target.slice(at + 1) };
}
