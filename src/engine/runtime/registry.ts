/**
 * An in-memory WorkflowRegistry: definitions by namespace/name/version, `latest` being the highest
 * version (semantic versions compared numerically, other strings lexically).
 */
import type { Json } from '../../shared/index.js';
import type { WorkflowRef } from '../core/effects.js';
import type { WorkflowRegistry } from '../../ports/index.js';

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c) return c;
  }
  return 0;
}

export class MemoryRegistry implements WorkflowRegistry {
  private readonly defs = new Map<string, Map<string, Record<string, Json>>>();

  add(definition: Record<string, Json>): void {
    const d = (definition.document ?? {}) as Record<string, Json>;
    const id = `${String(d.namespace)}/${String(d.name)}`;
    const versions = this.defs.get(id) ?? new Map();
    versions.set(String(d.version), definition);
    this.defs.set(id, versions);
  }

  async get(ref: WorkflowRef): Promise<Record<string, Json> | undefined> {
    const versions = this.defs.get(`${ref.namespace}/${ref.name}`);
    if (!versions) return undefined;
    if (ref.version && ref.version !== 'latest') return versions.get(ref.version);
    const latest = [...versions.keys()].sort(compareVersions).at(-1);
    return latest === undefined ? undefined : versions.get(latest);
  }
}
