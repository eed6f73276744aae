import type { Role } from '../contracts/index.js';

export type { Role };

/** An API key as stored: never the secret, only a salted hash of it (and of the previous one during rotation). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** Role per namespace; namespace `*` means every namespace. */
  scopes: { namespace: string; role: Role }[];
  hash: string;
  salt: string;
  /** The secret before the last rotation, valid until `until` (epoch ms). */
  previous?: { hash: string; salt: string; until: number };
  createdAt: number;
  createdBy: string;
  expiresAt?: number;
  revokedAt?: number;
  rotatedAt?: number;
}

/** API keys (security/api-keys.ts owns the logic; adapters only keep records). */
export interface KeyStore {
  /** Inserts or replaces the record with this id. */
  put(k: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Number of keys that are neither revoked nor expired at `now`. */
  countActive(now: number): Promise<number>;
}
