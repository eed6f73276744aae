import type { Json } from '../shared/index.js';

/** A registered workflow version. Versions are immutable: the same content again is a no-op. */
export interface WorkflowRecord {
  namespace: string;
  name: string;
  version: string;
  definition: Record<string, Json>;
  /** The document as submitted (YAML or JSON text), for display and round-trips. */
  source: string;
  /** SHA-256 of the definition's canonical JSON. */
  hash: string;
  createdAt: number;
}

/** Registered workflow definitions (the API's `PUT /api/v1/workflows`). */
export interface WorkflowStore {
  /**
   * Registers a version. Same namespace/name/version with the same hash: `created: false` and the stored
   * record; with another hash: rejects with a StoreError coded WEFT_ERR_STORE_VERSION_EXISTS (409).
   */
  put(w: WorkflowRecord): Promise<{ record: WorkflowRecord; created: boolean }>;
  /** One version, or the highest (semver) when `version` is absent. */
  get(namespace: string, name: string, version?: string): Promise<WorkflowRecord | undefined>;
  /** Versions of one workflow, highest first. */
  versions(namespace: string, name: string): Promise<WorkflowRecord[]>;
  /** The highest version of every workflow, ordered by namespace then name. */
  list(): Promise<WorkflowRecord[]>;
}
