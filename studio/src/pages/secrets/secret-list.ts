/** The list page's grouping and filtering of `GET /api/v1/secrets`. Pure (unit-tested). */
import type { Secret } from './secret-types.js';

export interface SecretFilter {
  /** '' = every namespace. */
  namespace: string;
  /** Matched against name and description, case-insensitively. */
  query: string;
}

export interface NamespaceGroup {
  namespace: string;
  secrets: Secret[];
}

/** The namespaces that hold secrets, sorted. */
export function namespacesOf(items: readonly Secret[]): string[] {
  return [...new Set(items.map((s) => s.namespace))].sort();
}

/** The secrets the filter keeps, by namespace (sorted), each group sorted by name. */
export function groupSecrets(items: readonly Secret[], filter: SecretFilter): NamespaceGroup[] {
  const q = filter.query.trim().toLowerCase();
  const groups = new Map<string, Secret[]>();
  for (const s of items) {
    if (filter.namespace && s.namespace !== filter.namespace) continue;
    if (q && !`${s.name} ${s.description}`.toLowerCase().includes(q)) continue;
    groups.set(s.namespace, [...(groups.get(s.namespace) ?? []), s]);
  }
  return [...groups.keys()].sort().map((namespace) => ({ namespace, secrets: (groups.get(namespace) ?? []).sort((a, b) => a.name.localeCompare(b.name)) }));
}
