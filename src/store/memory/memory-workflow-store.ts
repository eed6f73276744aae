/**
 * The WorkflowStore in memory. It keeps the encoded (JSON text) form, so definitions read back exactly as
 * from SQLite and callers never reach stored objects. Each call is checked completely before anything
 * changes, so it is atomic.
 */
import type { WorkflowRecord, WorkflowStore } from '../../ports/index.js';
import { workflowVersionExists } from '../errors.js';
import { type EncodedWorkflow, byVersionDesc, decodeWorkflow, encodeWorkflow, highest, highestPerWorkflow } from '../workflow-encoding.js';

export class MemoryWorkflowStore implements WorkflowStore {
  /** JSON [namespace, name] → version → row */
  private readonly workflows = new Map<string, Map<string, EncodedWorkflow>>();

  /** `guard` throws once the owning store is closed (MemoryStore passes its own check). */
  constructor(private readonly guard: () => void = () => {}) {}

  async put(w: WorkflowRecord): Promise<{ record: WorkflowRecord; created: boolean }> {
    this.guard();
    const row = encodeWorkflow(w);
    const id = JSON.stringify([row.namespace, row.name]);
    let byVersion = this.workflows.get(id);
    const existing = byVersion?.get(row.version);
    if (existing) {
      if (existing.hash !== row.hash) throw workflowVersionExists(row.namespace, row.name, row.version);
      return { record: decodeWorkflow(existing), created: false };
    }
    if (!byVersion) this.workflows.set(id, (byVersion = new Map()));
    byVersion.set(row.version, row);
    return { record: decodeWorkflow(row), created: true };
  }

  async get(namespace: string, name: string, version?: string): Promise<WorkflowRecord | undefined> {
    this.guard();
    const byVersion = this.workflows.get(JSON.stringify([namespace, name]));
    const row = version === undefined ? highest([...(byVersion?.values() ?? [])]) : byVersion?.get(version);
    return row && decodeWorkflow(row);
  }

  async versions(namespace: string, name: string): Promise<WorkflowRecord[]> {
    this.guard();
    const rows = [...(this.workflows.get(JSON.stringify([namespace, name]))?.values() ?? [])];
    return rows.sort(byVersionDesc).map(decodeWorkflow);
  }

  async list(): Promise<WorkflowRecord[]> {
    this.guard();
    const all = [...this.workflows.values()].flatMap((m) => [...m.values()]);
    return highestPerWorkflow(all).map(decodeWorkflow);
  }
}
