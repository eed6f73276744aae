/**
 * Who read which version of a secret (issue 16: the studio shows it, never the value). The vault notes
 * each read in memory on the hot path and hands the counts here in batches (security/vault-usage.ts), so a
 * row is an aggregate: per secret version and reader, the first and last read and how many there were.
 * Contract suite: store/contracts/secret-usage-store-contract.ts.
 */

/** Who read: a workflow (`namespace/name:version`), a function (`name:version`) or a webhook (its path). */
export type SecretReaderKind = 'workflow' | 'function' | 'webhook';

/** The reads of one secret version by one reader: what `record` adds and what `list` gives. */
export interface SecretUsageRecord {
  /** The secret's namespace and name (the reader may be in another namespace the secret is granted to). */
  namespace: string;
  name: string;
  version: number;
  kind: SecretReaderKind;
  reader: string;
  /** Epoch ms of the first and the last read. */
  firstAt: number;
  lastAt: number;
  /** How many reads. */
  count: number;
}

export interface SecretUsageStore {
  /**
   * Adds reads, one write for the whole batch: an existing row (same secret, version, kind and reader)
   * adds `count` and widens [firstAt, lastAt]; a new one is inserted as given.
   */
  record(entries: readonly SecretUsageRecord[]): Promise<void>;
  /** A secret's reads: newest version first, then the most recent reader, then kind and reader. */
  list(namespace: string, name: string): Promise<SecretUsageRecord[]>;
  /** Forgets a secret's reads (when the secret is deleted); how many rows went. */
  delete(namespace: string, name: string): Promise<number>;
}
