/**
 * Access control as the platform's front ends (the HTTP gateway) need it: API keys, the role check and
 * its refusals, the audit log. src/security implements these ports (ApiKeys, AuditLog, accessPolicy)
 * and the CLI passes them in, so a front end never imports security itself (DESIGN.md §2).
 */
import type { Action, Scope } from '../contracts/index.js';
import type { AuditEntry, AuditFilter, AuditRecord } from '../ports/index.js';

/** A key as callers see it: never a hash or salt (times in epoch ms). */
export interface KeyInfo {
  id: string;
  name: string;
  scopes: readonly Scope[];
  createdAt: number;
  createdBy: string;
  expiresAt?: number;
  revokedAt?: number;
  rotatedAt?: number;
  /** End of the overlap window in which the secret before the last rotation still verifies. */
  previousUntil?: number;
}

/** A key and its secret (`wk_<id>_<secret>`), shown this once. */
export interface IssuedKeyInfo {
  record: KeyInfo;
  secret: string;
}

/** API keys: issue, verify, rotate, revoke (security's ApiKeys). */
export interface KeysPort {
  /** The key and its scopes, or a 401 error (see AccessPolicy.isAuthFailure). */
  verify(presented: string): Promise<{ key: KeyInfo; scopes: readonly Scope[] }>;
  create(input: { name: string; scopes: Scope[]; expiresAt?: number; createdBy: string }): Promise<IssuedKeyInfo>;
  list(): Promise<KeyInfo[]>;
  get(id: string): Promise<KeyInfo | undefined>;
  rotate(id: string, options?: { overlapMs?: number }): Promise<IssuedKeyInfo>;
  revoke(id: string): Promise<KeyInfo>;
}

/** What an admin action records (the audit port's entry). */
export type AuditEntryInput = AuditEntry;

/** The hash-chained audit log (security's AuditLog). */
export interface AuditPort {
  record(entry: AuditEntryInput): Promise<unknown>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Recomputes the chain: ok, or the first broken record. */
  verify(): Promise<{ ok: true; count: number } | { ok: false; seq: number; reason: string }>;
}

/** Why a request is refused before (or without) a key check of its own. */
export type Refusal = 'missing' | 'malformed' | 'forbidden' | 'unknownKey';

/** The role check, its refusals and the content hash audit records carry (security's accessPolicy). */
export interface AccessPolicy {
  /** Whether any scope grants `action` in `namespace` (default `default`). */
  can(scopes: readonly Scope[], action: Action, namespace?: string): boolean;
  /** `can`, or throws the 403 problem naming what was missing. */
  authorize(scopes: readonly Scope[], action: Action, namespace?: string): void;
  /** The error (a coded problem: 401, 403 or 404) for a refused request. */
  refuse(reason: Refusal, detail: string): Error;
  /** Whether `err` is a failed authentication (a 401), which counts towards throttling. */
  isAuthFailure(err: unknown): boolean;
  /** SHA-256 of the canonical JSON: the before/after hash of an audited change. */
  contentHash(value: unknown): string;
}
