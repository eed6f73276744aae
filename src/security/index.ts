/**
 * Security: API keys, roles, the audit chain, the secret vault, and the outbound HTTP (egress) policy.
 * Adapters for the KeyStore, AuditStore and SecretStore ports live in store/; this module holds the logic only.
 */
export {
  ApiKeys,
  type ApiKeyInfo,
  type ApiKeysOptions,
  type CreateKeyInput,
  DEFAULT_OVERLAP_MS,
  ENV_ADMIN_ID,
  type IssuedKey,
  type VerifiedKey,
} from './api-keys.js';
export { AuditLog, type AuditEntry, type AuditVerdict, GENESIS_PREV, auditHash } from './audit.js';
export { canonicalJson, contentHash } from './canonical-json.js';
export {
  AUTH_ERRORS,
  AUTH_ERROR_CODES,
  AuthError,
  type AuthErrorCode,
  EGRESS_ERRORS,
  EGRESS_ERROR_CODES,
  EgressError,
  type EgressErrorCode,
  GRANT_ERRORS,
  GRANT_ERROR_CODES,
  GrantSyntaxError,
} from './errors.js';
export { KEY_PREFIX, MAX_PRESENTED_LENGTH, parseKey } from './key-format.js';
export { ACTIONS, type Action, GLOBAL_ACTIONS, ROLES, ROLE_NAMES, type Scope, authorize, can, isAction, isRole } from './roles.js';
export {
  DEFAULT_EGRESS_LIMITS, EgressDenied, type EgressLimits, type EgressMode, type EgressPolicy, checkEgress, describeEgress, egressModeFor, hostAllowed, inCidr, isPrivateAddress,
  limitsFromEnv, policyFromEnv, refusal,
} from './egress.js';
export { specialAddress } from './outbound-address.js';
export { Outbound, type OutboundOptions, type OutboundRequest, type OutboundResponse } from './outbound.js';
export { type Resolve } from './outbound-agent.js';
export { type FunctionEgress, type FunctionFetchInit, functionEgress } from './outbound-function.js';
export { type HttpCallInfo, createHttpClient } from './http-client.js';
export { type GrantDefault, Grants, declaredSecrets, parseRunGrants, parseSecretGrants, runForbidden } from './grants.js';
export { accessPolicy } from './access-policy.js';
export { type GrantChange, type SetOptions, Vault, type VaultOptions } from './vault.js';
export { DEFAULT_OVERLAP_MS as SECRET_OVERLAP_MS, MAX_SECRET_BYTES, SECRET_NAME } from './vault-checks.js';
export { DEFAULT_USAGE_FLUSH_MS as SECRET_USAGE_FLUSH_MS, SecretUsage, type SecretUsageOptions } from './vault-usage.js';
export { type MasterKey, type MasterKeys, generateMasterKey, masterKeyId, masterKeysFromEnv, parseMasterKey } from './master-keys.js';
export { RETRY_MS as ROTATION_RETRY_MS, RotationScheduler, type RotationSchedulerOptions } from './rotation-scheduler.js';
export { VAULT_ERROR_CODES, VAULT_ERRORS, VaultError, type VaultErrorCode } from './vault-errors.js';
export { DataKeys, SYSTEM_NAMESPACE } from './data-keys.js';
export { DataSeal, SEALED } from './data-seal.js';
export { sealedRunStore } from './sealed-run-store.js';
export { sealedDeliveryQueue, sealedEventLog } from './sealed-event-log.js';
export { redactedInvocations } from './redacted-invocations.js';
export { type OidcConfig, oidcConfigFromEnv, parseDurationSetting, secretSetting } from './oidc-config.js';
export { type RoleRule, parseRoleRules, scopesFor } from './oidc-claims.js';
export { OIDC_ERRORS, OIDC_ERROR_CODES, OidcError, type OidcErrorCode } from './oidc-errors.js';
export { Sealer, type SessionSecret, sessionSecret } from './oidc-seal.js';
export { Oidc, type OidcOptions } from './oidc.js';
