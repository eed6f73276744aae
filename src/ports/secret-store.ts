/**
 * The secret vault's storage (security/vault owns the logic and the cryptography; adapters keep sealed
 * records and never see a value or a key in clear). A secret lives in a namespace and has numbered
 * versions; each version's value is sealed under its own data key, and that data key is wrapped by a
 * master key the store never holds (envelope encryption, DESIGN.md §6). Contract suite:
 * store/contracts/secret-store-contract.ts.
 */

/** One version of a secret, sealed. */
export interface SecretVersionRecord {
  namespace: string;
  name: string;
  /** 1, 2, 3, … in the order they were stored. */
  version: number;
  /** The value's JSON text encrypted with the version's data key (AES-256-GCM: base64 of iv ‖ tag ‖ ciphertext). */
  sealed: string;
  /** The data key encrypted with a master key (the same form). */
  wrappedKey: string;
  /** Which master key wrapped the data key: its fingerprint, never the key. */
  keyId: string;
  createdAt: number;
  /** Who stored it (an API key id, a user, `rotation:<function>`). */
  createdBy: string;
}

/** A secret's metadata: never its value. */
export interface SecretRecord {
  namespace: string;
  name: string;
  description: string;
  /** The version reads get. */
  current: number;
  /** After a rotation: the version before, still readable until `until` (epoch ms), the overlap window. */
  previous?: { version: number; until: number };
  /**
   * Who else may read it: workflows of these other namespaces (its own namespace always may, when the
   * document declares it in `use.secrets`), and these functions (by name; `*`: every function).
   */
  grants: { namespaces: string[]; functions: string[] };
  /** Scheduled rotation: every `everyMs` the function `function` (`name[:version|alias]`) produces the next value. */
  rotation?: { everyMs: number; function: string; nextAt: number };
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  rotatedAt?: number;
}

export interface SecretStore {
  /**
   * Stores `version` and `record` (with `record.current === version.version`) in one transaction, if the
   * secret's current version is still `expectCurrent` (0: the secret must not exist yet); else
   * WEFT_ERR_STORE_CONFLICT and nothing is written.
   */
  putVersion(record: SecretRecord, version: SecretVersionRecord, expectCurrent: number): Promise<void>;
  /**
   * Replaces an existing secret's metadata (grants, rotation, description) if its current version is
   * still `record.current` (compare and set: a grant saved after a concurrent new version would move
   * `current` back); its versions stay. WEFT_ERR_STORE_NOT_FOUND when there is no such secret,
   * WEFT_ERR_STORE_CONFLICT (nothing written) when its current version moved.
   */
  putRecord(record: SecretRecord): Promise<void>;
  get(namespace: string, name: string): Promise<SecretRecord | undefined>;
  /** Every secret of `namespace` (of all namespaces without one), by namespace then name. */
  list(namespace?: string): Promise<SecretRecord[]>;
  getVersion(namespace: string, name: string, version: number): Promise<SecretVersionRecord | undefined>;
  /** A secret's versions, newest first. */
  versions(namespace: string, name: string): Promise<SecretVersionRecord[]>;
  /** Removes the secret and all its versions; false when there was none. */
  delete(namespace: string, name: string): Promise<boolean>;
  /** Up to `limit` versions whose data key is wrapped by a master key other than `keyId` (rekey's work list). */
  wrappedByOther(keyId: string, limit: number): Promise<SecretVersionRecord[]>;
  /** Replaces a version's wrapped data key if it is still wrapped by `fromKeyId`; false when it is not (any more). */
  rewrap(namespace: string, name: string, version: number, fromKeyId: string, wrappedKey: string, keyId: string): Promise<boolean>;
  /** The distinct master key ids that wrap stored data keys. */
  keyIds(): Promise<string[]>;
}
