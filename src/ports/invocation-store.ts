import type { Json } from '../shared/index.js';

/** What one function invocation did: timing, outcome and its logs (`console.*`, `ctx.log.*`). */
export interface FunctionInvocation {
  id: string;
  name: string;
  version: string;
  at: number;
  cold: boolean;
  queueMs: number;
  durationMs: number;
  memoryBytes?: number;
  ok: boolean;
  error?: Json;
  logs: { at: number; level: string; message: string; fields?: Json }[];
}

/**
 * What deployed functions did when invoked: bounded per function, written in batches off the call's path
 * (functions/invocation-records.ts). Contract suite: store/contracts/invocation-store-contract.ts.
 */
export interface InvocationStore {
  /** Keeps an invocation record (bounded per function by the adapter). */
  recordInvocation(r: FunctionInvocation): Promise<void>;
  /** The newest invocations of a function, newest first. */
  listInvocations(name: string, limit?: number): Promise<FunctionInvocation[]>;
}
