import type { Json } from '../shared/index.js';
import type { WorkflowRef } from '../contracts/index.js';

/** Registered workflow definitions, for `run: workflow`. */
export interface WorkflowRegistry {
  /**
   * `from`: the namespace of the run asking. The platform's registry throws an `authorization`
   * WorkflowError (403) when that namespace may not start `ref` (security/grants.ts).
   */
  get(ref: WorkflowRef, from?: { namespace: string }): Promise<Record<string, Json> | undefined>;
}
